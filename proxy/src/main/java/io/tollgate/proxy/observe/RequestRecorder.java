package io.tollgate.proxy.observe;

import io.tollgate.proxy.governance.Governor;
import io.tollgate.proxy.http.Exchange;
import jakarta.inject.Singleton;

/**
 * Where every exchange ends, exactly once: its reservation settled, one access-log line and its
 * metrics.
 */
@Singleton
public class RequestRecorder {

  private final GatewayMetrics metrics;
  private final AccessLog accessLog;
  private final Governor governor;

  public RequestRecorder(GatewayMetrics metrics, AccessLog accessLog, Governor governor) {
    this.metrics = metrics;
    this.accessLog = accessLog;
    this.governor = governor;
  }

  public void finish(Exchange exchange) {
    if (!exchange.markFinished()) {
      return;
    }
    long latencyNanos = System.nanoTime() - exchange.startNanos;
    // First: settling prices the answer, which the metrics and the log line report.
    governor.settle(exchange);
    metrics.requestFinished(exchange, latencyNanos);
    accessLog.write(exchange, latencyNanos);
  }
}

package io.tollgate.proxy.observe;

import io.tollgate.proxy.http.Exchange;
import jakarta.inject.Singleton;

/** Where every exchange ends: one access-log line and its metrics, exactly once. */
@Singleton
public class RequestRecorder {

  private final GatewayMetrics metrics;
  private final AccessLog accessLog;

  public RequestRecorder(GatewayMetrics metrics, AccessLog accessLog) {
    this.metrics = metrics;
    this.accessLog = accessLog;
  }

  public void finish(Exchange exchange) {
    if (!exchange.markFinished()) {
      return;
    }
    long latencyNanos = System.nanoTime() - exchange.startNanos;
    metrics.requestFinished(exchange, latencyNanos);
    accessLog.write(exchange, latencyNanos);
  }
}

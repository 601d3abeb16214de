package io.tollgate.proxy.observe;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tollgate.proxy.http.Exchange;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * One JSON line per request on the {@code tollgate.access} logger: request id, key name (never the
 * key), team, model, backend, status, tokens and latency.
 */
@Singleton
public class AccessLog {

  private static final Logger LOG = Logger.getLogger("tollgate.access");

  public void write(Exchange exchange, long latencyNanos) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    StringBuilder line = new StringBuilder(320);
    line.append('{');
    field(line, "request_id", exchange.requestId);
    field(line, "operation", exchange.operation);
    field(line, "key", exchange.key == null ? null : exchange.key.name());
    field(line, "team", exchange.key == null ? null : exchange.key.team());
    field(line, "model", exchange.model);
    field(line, "backend", exchange.backend);
    field(line, "served_model", exchange.servedModel);
    field(line, "rule", exchange.rule);
    if (exchange.attempts > 0) {
      line.append("\"attempts\":").append(exchange.attempts).append(',');
    }
    line.append("\"stream\":").append(exchange.stream).append(',');
    line.append("\"status\":").append(exchange.status).append(',');
    field(line, "error", exchange.errorCode);
    if (exchange.usage != null) {
      line.append("\"prompt_tokens\":").append(exchange.usage.promptTokens()).append(',');
      line.append("\"completion_tokens\":").append(exchange.usage.completionTokens()).append(',');
      line.append("\"cached_tokens\":").append(exchange.usage.cachedPromptTokens()).append(',');
    }
    if (exchange.costNanos >= 0) {
      line.append("\"cost_usd\":")
          .append(io.tollgate.proxy.governance.Dollars.format(exchange.costNanos))
          .append(',');
    }
    if (exchange.firstByteNanos > 0) {
      line.append("\"upstream_first_byte_ms\":")
          .append(millis(exchange.firstByteNanos - exchange.startNanos))
          .append(',');
    }
    line.append("\"latency_ms\":").append(millis(latencyNanos)).append('}');
    LOG.info(line);
  }

  private static void field(StringBuilder line, String name, String value) {
    if (value == null) {
      return;
    }
    line.append('"').append(name).append("\":\"");
    JsonStringEncoder.getInstance().quoteAsString(value, line);
    line.append("\",");
  }

  /** Milliseconds with microsecond resolution. */
  private static double millis(long nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}

package io.tollgate.proxy.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.proxy.config.GatewayConfig;
import io.tollgate.proxy.governance.Dollars;
import io.tollgate.proxy.http.Exchange;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Clock;

/**
 * One JSON line per request: request id, key name (never the key), team, model, backend, status,
 * tokens, cost and latency. Written to standard output, or appended to {@code
 * tollgate.access-log.path}, through an {@link AccessLogWriter} that batches lines and never makes
 * a request wait for the output.
 */
@Singleton
public class AccessLog {

  /** Largest write, and the unit the writer hands buffers over in. */
  private static final int BUFFER_BYTES = 64 * 1024;

  private static final byte[] TIME = JsonLine.name("time");
  private static final byte[] REQUEST_ID = JsonLine.name("request_id");
  private static final byte[] OPERATION = JsonLine.name("operation");
  private static final byte[] KEY = JsonLine.name("key");
  private static final byte[] TEAM = JsonLine.name("team");
  private static final byte[] MODEL = JsonLine.name("model");
  private static final byte[] BACKEND = JsonLine.name("backend");
  private static final byte[] SERVED_MODEL = JsonLine.name("served_model");
  private static final byte[] RULE = JsonLine.name("rule");
  private static final byte[] ATTEMPTS = JsonLine.name("attempts");
  private static final byte[] STREAM = JsonLine.name("stream");
  private static final byte[] STATUS = JsonLine.name("status");
  private static final byte[] ERROR = JsonLine.name("error");
  private static final byte[] PROMPT_TOKENS = JsonLine.name("prompt_tokens");
  private static final byte[] COMPLETION_TOKENS = JsonLine.name("completion_tokens");
  private static final byte[] CACHED_TOKENS = JsonLine.name("cached_tokens");
  private static final byte[] COST_USD = JsonLine.name("cost_usd");
  private static final byte[] UPSTREAM_FIRST_BYTE_MS = JsonLine.name("upstream_first_byte_ms");
  private static final byte[] UPSTREAM_MS = JsonLine.name("upstream_ms");
  private static final byte[] LATENCY_MS = JsonLine.name("latency_ms");

  /** Each thread formats its lines in its own buffer; only the copy to the writer is shared. */
  private static final ThreadLocal<JsonLine> LINES = ThreadLocal.withInitial(JsonLine::new);

  private final AccessLogWriter writer;
  private final Clock clock;

  public AccessLog(GatewayConfig config, MeterRegistry registry, Clock clock) {
    this.clock = clock;
    GatewayConfig.AccessLog settings = config.accessLog();
    if (!settings.enabled()) {
      writer = null;
      return;
    }
    writer =
        new AccessLogWriter(
            output(settings), BUFFER_BYTES, settings.maxBufferedBytes(), settings.flushInterval());
    FunctionCounter.builder("tollgate.access.log.dropped.lines", writer, AccessLogWriter::dropped)
        .description("Access-log lines lost because the output was too far behind or failed")
        .register(registry);
  }

  private static OutputStream output(GatewayConfig.AccessLog settings) {
    if (settings.path().isEmpty()) {
      // System.out serialises its writes, so log records on the console never split a batch.
      return System.out;
    }
    String path = settings.path().get();
    try {
      return new FileOutputStream(path, true);
    } catch (FileNotFoundException e) {
      throw new IllegalStateException(
          "tollgate.access-log.path: cannot open '" + path + "' for appending: " + e.getMessage(),
          e);
    }
  }

  public void write(Exchange exchange, long latencyNanos) {
    if (writer == null) {
      return;
    }
    // The wall-clock time the request arrived, from its monotonic age.
    long arrived = clock.millis() - latencyNanos / 1_000_000;
    JsonLine line = LINES.get().begin();
    line.time(TIME, arrived)
        .string(REQUEST_ID, exchange.requestId)
        .string(OPERATION, exchange.operation)
        .string(KEY, exchange.key == null ? null : exchange.key.name())
        .string(TEAM, exchange.key == null ? null : exchange.key.team())
        .string(MODEL, exchange.model)
        .string(BACKEND, exchange.backend)
        .string(SERVED_MODEL, exchange.servedModel)
        .string(RULE, exchange.rule);
    if (exchange.attempts > 0) {
      line.number(ATTEMPTS, exchange.attempts);
    }
    line.bool(STREAM, exchange.stream)
        .number(STATUS, exchange.status)
        .string(ERROR, exchange.errorCode);
    if (exchange.usage != null) {
      line.number(PROMPT_TOKENS, exchange.usage.promptTokens())
          .number(COMPLETION_TOKENS, exchange.usage.completionTokens())
          .number(CACHED_TOKENS, exchange.usage.cachedPromptTokens());
    }
    if (exchange.costNanos >= 0) {
      line.raw(COST_USD, Dollars.format(exchange.costNanos));
    }
    if (exchange.firstByteNanos > 0) {
      line.millis(UPSTREAM_FIRST_BYTE_MS, exchange.firstByteNanos - exchange.startNanos);
    }
    if (exchange.upstreamNanos > 0) {
      line.millis(UPSTREAM_MS, exchange.upstreamNanos);
    }
    line.millis(LATENCY_MS, latencyNanos).end();
    writer.append(line.bytes(), line.length());
  }

  @PreDestroy
  void close() {
    if (writer != null) {
      writer.close();
    }
  }
}

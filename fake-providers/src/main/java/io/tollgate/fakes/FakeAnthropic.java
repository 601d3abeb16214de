package io.tollgate.fakes;

/**
 * An in-process fake of Anthropic's Messages API ({@code POST /v1/messages}, JSON and SSE) for
 * tests, benchmarks and the quick start. Offered tools are called; tool results are echoed.
 */
public final class FakeAnthropic extends FakeProvider {

  private FakeAnthropic(FakeOptions options) {
    super(
        options,
        new Knobs(options.recordRequests(), AnthropicErrors::defaultFor),
        false,
        AnthropicHandler::new);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeAnthropic start() {
    return start(FakeOptions.defaults());
  }

  public static FakeAnthropic start(FakeOptions options) {
    return new FakeAnthropic(options);
  }

  /** What Anthropic clients take as base URL (they append {@code /v1/messages}). */
  public String baseUrl() {
    return origin();
  }

  /**
   * The next {@code count} requests get {@code status} with an Anthropic error body of the type
   * that status has (e.g. 529 {@code overloaded_error}) and, when not null, {@code retry-after}.
   */
  public void failNext(int count, int status, Integer retryAfterSeconds) {
    knobs.failNext(count, status, null, retryAfterSeconds);
  }

  /** Like {@link #failNext(int, int, Integer)} with a chosen error type and message. */
  public void failNext(
      int count, int status, String errorType, String message, Integer retryAfterSeconds) {
    knobs.failNext(count, status, AnthropicErrors.body(errorType, message), retryAfterSeconds);
  }

  /** The error type of in-stream failures; default {@code overloaded_error}. */
  public void setMidStreamErrorType(String errorType) {
    knobs.midStreamErrorType = errorType;
  }

  /** Prompt-cache tokens reported in every usage object (reads and writes); default 0 and 0. */
  public void setCacheTokens(int cacheRead, int cacheCreation) {
    knobs.cacheReadTokens = cacheRead;
    knobs.cacheWriteTokens = cacheCreation;
  }
}

package io.tollgate.fakes;

/**
 * An in-process fake of Bedrock Runtime's Converse and ConverseStream ({@code
 * application/vnd.amazon.eventstream}) for tests, benchmarks and the quick start. It accepts
 * HTTP/1.1 and cleartext HTTP/2, as the AWS SDK's async client speaks h2c on http:// endpoints.
 */
public final class FakeBedrock extends FakeProvider {

  private FakeBedrock(FakeOptions options) {
    super(
        options,
        new Knobs(
            options.recordRequests(), status -> AwsErrors.body(AwsErrors.defaultMessage(status))),
        true,
        BedrockHandler::new);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeBedrock start() {
    return start(FakeOptions.defaults());
  }

  public static FakeBedrock start(FakeOptions options) {
    return new FakeBedrock(options);
  }

  /** What an AWS SDK takes as {@code endpointOverride}. */
  public String endpoint() {
    return origin();
  }

  /**
   * The next {@code count} requests get {@code status} with Bedrock's error type for it (e.g. 429
   * {@code ThrottlingException}) and, when not null, a {@code Retry-After} header.
   */
  public void failNext(int count, int status, Integer retryAfterSeconds) {
    failNext(
        count,
        status,
        AwsErrors.bedrockType(status),
        AwsErrors.defaultMessage(status),
        retryAfterSeconds);
  }

  /** Like {@link #failNext(int, int, Integer)} with a chosen error type and message. */
  public void failNext(
      int count, int status, String errorType, String message, Integer retryAfterSeconds) {
    knobs.failNext(count, AwsErrors.failure(status, errorType, message, retryAfterSeconds));
  }

  /**
   * The member name of in-stream exception frames, e.g. {@code modelStreamErrorException}; default
   * {@code throttlingException}.
   */
  public void setMidStreamExceptionType(String exceptionType) {
    knobs.midStreamErrorType = exceptionType;
  }

  /** Rejects (403) requests without a well-formed SigV4 signature for service {@code bedrock}. */
  public void setRequireSigV4(boolean require) {
    knobs.requireSigV4 = require;
  }

  /** Prompt-cache tokens reported in usage (reads and writes); default 0 and 0. */
  public void setCacheTokens(int cacheRead, int cacheWrite) {
    knobs.cacheReadTokens = cacheRead;
    knobs.cacheWriteTokens = cacheWrite;
  }

  /** How the most recent request was authenticated. */
  public AwsAuth lastAuth() {
    return AwsAuth.of(lastRequest());
  }

  /** The decoded model id a recorded request addressed, or null when the path did not match. */
  public static String modelId(RecordedRequest request) {
    return BedrockHandler.modelId(request.path());
  }
}

package io.tollgate.fakes;

/**
 * An in-process fake of SageMaker Runtime's InvokeEndpoint and InvokeEndpointWithResponseStream
 * with an LLM container behind it (OpenAI chat or TGI payloads). Streamed answers arrive as
 * PayloadPart frames that deliberately split SSE events across parts.
 */
public final class FakeSageMaker extends FakeProvider {

  private FakeSageMaker(FakeOptions options) {
    super(
        options,
        new Knobs(
            options.recordRequests(), status -> AwsErrors.body(AwsErrors.defaultMessage(status))),
        true,
        SageMakerHandler::new);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeSageMaker start() {
    return start(FakeOptions.defaults());
  }

  public static FakeSageMaker start(FakeOptions options) {
    return new FakeSageMaker(options);
  }

  /** What an AWS SDK takes as {@code endpointOverride}. */
  public String endpoint() {
    return origin();
  }

  /**
   * The next {@code count} requests get {@code status} with SageMaker's error type for it (e.g. 424
   * {@code ModelError}) and, when not null, a {@code Retry-After} header.
   */
  public void failNext(int count, int status, Integer retryAfterSeconds) {
    failNext(
        count,
        status,
        AwsErrors.sageMakerType(status),
        AwsErrors.defaultMessage(status),
        retryAfterSeconds);
  }

  /** Like {@link #failNext(int, int, Integer)} with a chosen error type and message. */
  public void failNext(
      int count, int status, String errorType, String message, Integer retryAfterSeconds) {
    knobs.failNext(count, AwsErrors.failure(status, errorType, message, retryAfterSeconds));
  }

  /** Fixed PayloadPart size in bytes; 0 (the default) cuts every event across two parts. */
  public void setPayloadPartSize(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
    }
    knobs.payloadPartSize = bytes;
  }

  /** The exception type of in-stream failures; default {@code ModelStreamError}. */
  public void setMidStreamExceptionType(String exceptionType) {
    knobs.midStreamErrorType = exceptionType;
  }

  /** Rejects (403) requests without a well-formed SigV4 signature for service {@code sagemaker}. */
  public void setRequireSigV4(boolean require) {
    knobs.requireSigV4 = require;
  }

  /** How the most recent request was authenticated. */
  public AwsAuth lastAuth() {
    return AwsAuth.of(lastRequest());
  }

  /** The decoded endpoint name a recorded request addressed, or null. */
  public static String endpointName(RecordedRequest request) {
    return SageMakerHandler.endpointName(request.path());
  }
}

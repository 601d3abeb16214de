package io.tollgate.fakes;

import java.util.function.IntFunction;

/**
 * What the fakes of AWS services share: an endpoint for {@code endpointOverride}, AWS-shaped errors
 * (before the response and as in-stream exception frames), the SigV4 check and a look at how the
 * last request was authenticated. They accept HTTP/1.1 and h2c, as the AWS SDKs use both.
 */
public abstract class FakeAwsService extends FakeProvider {

  private final IntFunction<String> errorTypeForStatus;

  FakeAwsService(
      FakeOptions options, HandlerFactory handlers, IntFunction<String> errorTypeForStatus) {
    super(
        options,
        new Knobs(
            options.recordRequests(), status -> AwsErrors.body(AwsErrors.defaultMessage(status))),
        true,
        handlers);
    this.errorTypeForStatus = errorTypeForStatus;
  }

  /** What an AWS SDK takes as {@code endpointOverride}. */
  public String endpoint() {
    return origin();
  }

  /**
   * The next {@code count} requests get {@code status} with the service's error type for it (e.g.
   * 429 {@code ThrottlingException}) and, when not null, a {@code Retry-After} header.
   */
  public void failNext(int count, int status, Integer retryAfterSeconds) {
    failNext(
        count,
        status,
        errorTypeForStatus.apply(status),
        AwsErrors.defaultMessage(status),
        retryAfterSeconds);
  }

  /** Like {@link #failNext(int, int, Integer)} with a chosen error type and message. */
  public void failNext(
      int count, int status, String errorType, String message, Integer retryAfterSeconds) {
    knobs.failNext(count, AwsErrors.failure(status, errorType, message, retryAfterSeconds));
  }

  /** The exception type of in-stream failure frames. */
  public void setMidStreamExceptionType(String exceptionType) {
    knobs.midStreamErrorType = exceptionType;
  }

  /** Rejects (403) requests without a well-formed SigV4 signature for this service. */
  public void setRequireSigV4(boolean require) {
    knobs.requireSigV4 = require;
  }

  /** How the most recent request was authenticated. */
  public AwsAuth lastAuth() {
    return AwsAuth.of(lastRequest());
  }
}

package io.tollgate.fakes;

/**
 * An in-process fake of SageMaker Runtime's InvokeEndpoint and InvokeEndpointWithResponseStream
 * with an LLM container behind it (OpenAI chat or TGI payloads). Streamed answers arrive as
 * PayloadPart frames that deliberately split SSE events across parts.
 */
public final class FakeSageMaker extends FakeAwsService {

  private FakeSageMaker(FakeOptions options) {
    super(options, SageMakerHandler::new, AwsErrors::sageMakerType);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeSageMaker start() {
    return start(FakeOptions.defaults());
  }

  public static FakeSageMaker start(FakeOptions options) {
    return new FakeSageMaker(options);
  }

  /** Fixed PayloadPart size in bytes; 0 (the default) cuts every event across two parts. */
  public void setPayloadPartSize(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must be >= 0: " + bytes);
    }
    knobs.payloadPartSize = bytes;
  }

  /**
   * The next {@code count} invocations get the container's own error: SageMaker's 424 {@code
   * ModelError} carrying {@code containerStatus} and {@code containerBody} as its original status
   * and message.
   */
  public void failNextInContainer(int count, int containerStatus, String containerBody) {
    knobs.failNext(count, SageMakerHandler.modelFailure(containerStatus, containerBody));
  }

  /** The decoded endpoint name a recorded request addressed, or null. */
  public static String endpointName(RecordedRequest request) {
    return SageMakerHandler.endpointName(request.path());
  }
}

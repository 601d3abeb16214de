package io.tollgate.fakes;

/**
 * An in-process fake of Bedrock Runtime's Converse and ConverseStream ({@code
 * application/vnd.amazon.eventstream}) for tests, benchmarks and the quick start. It accepts
 * HTTP/1.1 and cleartext HTTP/2, as the AWS SDK's async client speaks h2c on http:// endpoints.
 */
public final class FakeBedrock extends FakeAwsService {

  private FakeBedrock(FakeOptions options) {
    super(options, BedrockHandler::new, AwsErrors::bedrockType);
  }

  /** Starts on a free port of 127.0.0.1. */
  public static FakeBedrock start() {
    return start(FakeOptions.defaults());
  }

  public static FakeBedrock start(FakeOptions options) {
    return new FakeBedrock(options);
  }

  /** Prompt-cache tokens reported in usage (reads and writes); default 0 and 0. */
  public void setCacheTokens(int cacheRead, int cacheWrite) {
    knobs.cacheReadTokens = cacheRead;
    knobs.cacheWriteTokens = cacheWrite;
  }

  /** The decoded model id a recorded request addressed, or null when the path did not match. */
  public static String modelId(RecordedRequest request) {
    return BedrockHandler.modelId(request.path());
  }
}

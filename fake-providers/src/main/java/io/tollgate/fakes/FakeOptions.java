package io.tollgate.fakes;

import java.util.Objects;

/**
 * How to start a provider fake other than {@link FakeOpenAi}.
 *
 * @param host interface to bind, {@code 127.0.0.1} by default
 * @param port port to bind, 0 for a free one
 * @param eventLoops Vert.x event loops (and shared-port servers)
 * @param recordRequests whether to keep every request for {@link FakeProvider#requests()}
 */
public record FakeOptions(String host, int port, int eventLoops, boolean recordRequests) {

  public FakeOptions {
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be >= 1: " + eventLoops);
    }
  }

  /** Loopback, a free port, one event loop (plenty for tests), recording on. */
  public static FakeOptions defaults() {
    return new FakeOptions("127.0.0.1", 0, 1, true);
  }

  public FakeOptions withHost(String host) {
    return new FakeOptions(host, port, eventLoops, recordRequests);
  }

  public FakeOptions withPort(int port) {
    return new FakeOptions(host, port, eventLoops, recordRequests);
  }

  public FakeOptions withEventLoops(int eventLoops) {
    return new FakeOptions(host, port, eventLoops, recordRequests);
  }

  public FakeOptions withRecordRequests(boolean recordRequests) {
    return new FakeOptions(host, port, eventLoops, recordRequests);
  }
}

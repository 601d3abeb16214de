package io.tollgate.config.snapshot;

/**
 * What one proxy may send a backend; 0 means unlimited.
 *
 * @param tokensPerMinute prompt plus completion tokens, as reported by the provider
 */
public record BackendCapacity(int requestsPerMinute, int tokensPerMinute, int maxInFlight) {

  public static final BackendCapacity UNLIMITED = new BackendCapacity(0, 0, 0);

  public BackendCapacity {
    if (requestsPerMinute < 0 || tokensPerMinute < 0 || maxInFlight < 0) {
      throw new IllegalArgumentException("capacity limits must not be negative");
    }
  }

  public boolean limited() {
    return requestsPerMinute > 0 || tokensPerMinute > 0 || maxInFlight > 0;
  }
}

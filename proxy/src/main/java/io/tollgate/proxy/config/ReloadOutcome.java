package io.tollgate.proxy.config;

import java.time.Instant;
import java.util.List;

/**
 * What the last configuration load did: served a new snapshot, found nothing changed, or was
 * rejected (and the previous snapshot kept serving).
 *
 * @param errors empty unless rejected; each names file, resource and field
 */
public record ReloadOutcome(Result result, long version, Instant at, List<String> errors) {

  public enum Result {
    APPLIED,
    UNCHANGED,
    REJECTED
  }

  public ReloadOutcome {
    errors = List.copyOf(errors);
  }

  public boolean rejected() {
    return result == Result.REJECTED;
  }
}

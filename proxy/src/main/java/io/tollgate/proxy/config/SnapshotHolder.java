package io.tollgate.proxy.config;

import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place the serving snapshot lives. Requests read it once at their start and keep that
 * reference for their whole life, so a swap never changes a request midway.
 */
@Singleton
public class SnapshotHolder {

  private final AtomicReference<ServingSnapshot> current = new AtomicReference<>();
  private final AtomicReference<ReloadOutcome> lastReload = new AtomicReference<>();

  /** The snapshot in service, or null before the first successful load. */
  public ServingSnapshot current() {
    return current.get();
  }

  public void install(ServingSnapshot snapshot) {
    current.set(snapshot);
  }

  public ReloadOutcome lastReload() {
    return lastReload.get();
  }

  public void recordReload(ReloadOutcome outcome) {
    lastReload.set(outcome);
  }
}

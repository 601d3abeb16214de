package io.tollgate.proxy.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults that depend on the machine the proxy runs on, below every setting a user makes
 * (application.properties, environment variables, system properties all win).
 *
 * <p>One Vert.x event loop per available processor, rather than Quarkus' two: nothing on the
 * proxy's request path blocks, so a second loop per core only adds context switches and splits the
 * batches each wake-up serves. On one pinned core, one loop served about a fifth more requests per
 * CPU second than two (docs/performance.md). In a container the JVM counts the CPU limit, so a pod
 * limited to one CPU runs one loop.
 */
public final class MachineDefaults implements ConfigSource {

  static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

  /** Below application.properties (250) and every other source a user sets. */
  private static final int ORDINAL = 150;

  private final Map<String, String> values =
      Map.of(EVENT_LOOPS, Integer.toString(Runtime.getRuntime().availableProcessors()));

  @Override
  public Set<String> getPropertyNames() {
    return values.keySet();
  }

  @Override
  public String getValue(String propertyName) {
    return values.get(propertyName);
  }

  @Override
  public String getName() {
    return "tollgate-machine-defaults";
  }

  @Override
  public int getOrdinal() {
    return ORDINAL;
  }
}

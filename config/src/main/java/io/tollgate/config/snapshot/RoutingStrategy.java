package io.tollgate.config.snapshot;

/** How a route picks among its available backends. */
public enum RoutingStrategy {
  /** Random, in proportion to each backend's weight. */
  WEIGHTED("weighted"),
  /** The lowest priority tier with an available backend; weighted within the tier. */
  PRIORITY("priority"),
  /** Fewest requests in flight from this proxy. */
  LEAST_BUSY("least-busy"),
  /** Lowest recent latency (time to first token for streams), with some exploration. */
  LATENCY("latency"),
  /** Cheapest by the backend's pricing. */
  COST("cost");

  private final String wireName;

  RoutingStrategy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The strategy with this manifest name, or null. */
  public static RoutingStrategy fromWireName(String name) {
    for (RoutingStrategy strategy : values()) {
      if (strategy.wireName.equals(name)) {
        return strategy;
      }
    }
    return null;
  }
}

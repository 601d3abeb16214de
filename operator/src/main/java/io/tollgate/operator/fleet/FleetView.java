package io.tollgate.operator.fleet;

import java.util.List;

/** The proxies found at one poll and the snapshot versions they serve. */
public record FleetView(List<ProxyReport> proxies) {

  public static final FleetView UNKNOWN = new FleetView(List.of());

  public FleetView {
    proxies = List.copyOf(proxies);
  }

  public boolean empty() {
    return proxies.isEmpty();
  }

  /** How many proxies serve {@code version} or a later one. */
  public long serving(long version) {
    return proxies.stream().filter(p -> p.version() >= version).count();
  }

  /** True when there are proxies and every one serves {@code version} or later. */
  public boolean allServe(long version) {
    return !proxies.isEmpty() && serving(version) == proxies.size();
  }
}

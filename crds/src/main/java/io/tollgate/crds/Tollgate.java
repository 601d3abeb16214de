package io.tollgate.crds;

/** The API group and version every Tollgate custom resource belongs to. */
public final class Tollgate {

  public static final String GROUP = "tollgate.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Durations in resources: a number and a unit, ms, s, m or h. Example: 250ms, 30s, 2m. */
  public static final String DURATION_PATTERN = "^[0-9]+(ms|s|m|h)$";

  /** Routing strategies among a route's backends. */
  public static final String STRATEGY_PATTERN = "^(weighted|priority|least-busy|latency|cost)$";

  private Tollgate() {}
}

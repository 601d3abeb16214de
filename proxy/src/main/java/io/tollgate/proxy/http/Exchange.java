package io.tollgate.proxy.http;

import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.governance.MeterPlan;
import io.tollgate.governance.Reservation;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.openai.Usage;

/**
 * One client request's state from arrival to the access-log line: who asked, what was routed where,
 * and how it ended. Touched only by the request's own event loop.
 */
public final class Exchange {

  /** Key under which the exchange is stored in the routing context. */
  public static final String KEY = "tollgate.exchange";

  public final String requestId;
  public final long startNanos;
  public final ServingSnapshot snapshot;
  public final String operation;
  public ClientKey key;
  public String model;
  public String backend;

  /** The route that answered, when a fallback did; null otherwise. */
  public String servedModel;

  /** The routing rule that chose the backends, or null. */
  public String rule;

  /** Upstream calls made for this request, fallbacks included. */
  public int attempts;

  public boolean stream;
  public int status;
  public String errorCode;
  public Usage usage;
  public long firstByteNanos;

  /**
   * How long the attempt that answered took, from opening its upstream call to the last byte of the
   * answer; 0 when none answered. The rest of the request's time is the gateway's own.
   */
  public long upstreamNanos;

  public boolean clientGone;

  /** The meters this request is held to (empty when none), set at admission. */
  public MeterPlan plan = MeterPlan.NONE;

  /** What was reserved for it at admission, or null when nothing was; settled when it ends. */
  public Reservation reservation;

  /** The price of the backend that answered, or null when it has none; valid once answered. */
  public Pricing pricing;

  /** What the answer cost in nano-USD, once known; -1 before, or when it has no price. */
  public long costNanos = -1;

  private boolean finished;

  public Exchange(String requestId, long startNanos, ServingSnapshot snapshot, String operation) {
    this.requestId = requestId;
    this.startNanos = startNanos;
    this.snapshot = snapshot;
    this.operation = operation;
  }

  /** True the first time only: an exchange is logged and counted exactly once. */
  public boolean markFinished() {
    if (finished) {
      return false;
    }
    finished = true;
    return true;
  }
}

package io.tollgate.proxy.openai;

import io.tollgate.proxy.routing.BackendState;
import io.tollgate.proxy.upstream.UpstreamCall;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * One upstream call of a request: its backend, its reserved slot and its timers. {@code over} turns
 * every late callback of an abandoned call into a no-op. Touched only by the request's event loop.
 */
final class UpstreamAttempt {

  final UpstreamTarget target;
  final BackendState state;
  final BackendDialect dialect;
  final long startNanos = System.nanoTime();
  UpstreamCall call;
  long firstTokenTimer = -1;
  boolean over;

  // Watched for silence (IdleWatch): since when nothing came, how long is too long, what to do then
  // and on which context; the links of the watching loop's list.
  long lastDataNanos = startNanos;
  long idleLimitNanos;
  // Reading paused because the client is slower than the upstream: the silence is then the
  // client's, and is held to the client's limit instead.
  boolean heldForClient;
  long clientStallLimitNanos;
  Handler<Void> onSilent;
  ContextInternal context;
  IdleWatch.Loop watchedBy;
  UpstreamAttempt prevWatched;
  UpstreamAttempt nextWatched;

  UpstreamAttempt(UpstreamTarget target, BackendState state, BackendDialect dialect) {
    this.target = target;
    this.state = state;
    this.dialect = dialect;
  }

  /** Ends the attempt once: frees its backend slot and cancels what is still running. */
  void end(Vertx vertx, boolean cancelUpstream) {
    if (over) {
      return;
    }
    over = true;
    state.release();
    if (firstTokenTimer >= 0) {
      vertx.cancelTimer(firstTokenTimer);
    }
    if (watchedBy != null) {
      watchedBy.remove(this);
    }
    if (cancelUpstream && call != null) {
      call.cancel();
    }
  }

  /** Marks data from the upstream (the head or a chunk), for the idle watch. */
  void sawData() {
    lastDataNanos = System.nanoTime();
  }

  /** The upstream's data waits for a slow client: from now on, silence is the client's. */
  void holdForClient() {
    heldForClient = true;
    sawData();
  }

  /** The client caught up: silence is the upstream's again, counted from now. */
  void releasedByClient() {
    heldForClient = false;
    sawData();
  }

  /** How long this attempt may stay silent: the upstream's idle limit, or the client's. */
  long silenceLimitNanos() {
    return heldForClient ? clientStallLimitNanos : idleLimitNanos;
  }
}

package io.tollgate.proxy.openai;

import io.tollgate.proxy.routing.BackendState;
import io.tollgate.proxy.upstream.UpstreamCall;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Vertx;

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
  long idleTimer = -1;
  long lastDataNanos;
  boolean over;

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
    if (idleTimer >= 0) {
      vertx.cancelTimer(idleTimer);
    }
    if (cancelUpstream && call != null) {
      call.cancel();
    }
  }

  /** Marks data from the upstream, for the idle watchdog. */
  void sawData() {
    lastDataNanos = System.nanoTime();
  }
}

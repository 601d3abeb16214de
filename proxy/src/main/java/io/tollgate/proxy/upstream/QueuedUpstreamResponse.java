package io.tollgate.proxy.upstream;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * An {@link UpstreamResponse} fed by code rather than a socket: an SDK call pushes the body
 * buffers, the end or a failure, and this delivers them in order to the handlers once they are set
 * and while the reader is not paused. Asks its source for more ({@code demand}) only when
 * everything pushed so far was delivered, so a slow client slows the source. Confined to one Vert.x
 * context: every method must run on it.
 */
public final class QueuedUpstreamResponse implements UpstreamResponse {

  private final Context context;
  private final int status;
  private final MultiMap headers;
  private final Runnable demand;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  private Handler<Buffer> handler;
  private Handler<Throwable> exceptionHandler;
  private Handler<Void> endHandler;
  private boolean paused;
  private boolean ended;
  private Throwable failure;
  private boolean finished;
  private boolean drainScheduled;
  // The source owes an answer to a demand; a response starts so: it exists because data came.
  private boolean awaitingSource = true;

  /**
   * @param demand asks the source for the next buffer; called on the context, never while a
   *     previous demand is unanswered by a {@link #push}, {@link #end} or {@link #fail}
   */
  public QueuedUpstreamResponse(Context context, int status, MultiMap headers, Runnable demand) {
    this.context = context;
    this.status = status;
    this.headers = headers;
    this.demand = demand;
  }

  /** A whole response: its body (possibly empty) and its end. */
  public static QueuedUpstreamResponse of(
      Context context, int status, MultiMap headers, Buffer body) {
    QueuedUpstreamResponse response =
        new QueuedUpstreamResponse(context, status, headers, () -> {});
    if (body.length() > 0) {
      response.queue.add(body);
    }
    response.ended = true;
    return response;
  }

  @Override
  public int status() {
    return status;
  }

  @Override
  public String header(String name) {
    return headers.get(name);
  }

  /** Queues a body buffer from the source (answers one demand). */
  public void push(Buffer buffer) {
    awaitingSource = false;
    queue.add(buffer);
    drain();
  }

  /** The source has no more (answers a demand). */
  public void end() {
    awaitingSource = false;
    ended = true;
    drain();
  }

  /** The source failed (answers a demand). */
  public void fail(Throwable cause) {
    awaitingSource = false;
    failure = cause;
    drain();
  }

  @Override
  public UpstreamResponse handler(Handler<Buffer> handler) {
    this.handler = handler;
    scheduleDrain();
    return this;
  }

  @Override
  public UpstreamResponse exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    scheduleDrain();
    return this;
  }

  @Override
  public UpstreamResponse endHandler(Handler<Void> handler) {
    this.endHandler = handler;
    scheduleDrain();
    return this;
  }

  @Override
  public UpstreamResponse pause() {
    paused = true;
    return this;
  }

  @Override
  public UpstreamResponse resume() {
    paused = false;
    scheduleDrain();
    return this;
  }

  /** Handlers are set one after another: deliver once the caller has set them all. */
  private void scheduleDrain() {
    if (!drainScheduled) {
      drainScheduled = true;
      context.runOnContext(
          v -> {
            drainScheduled = false;
            drain();
          });
    }
  }

  private void drain() {
    if (finished || handler == null) {
      return;
    }
    while (!paused && !queue.isEmpty()) {
      handler.handle(queue.poll());
    }
    if (!queue.isEmpty() || paused) {
      return;
    }
    if (failure != null) {
      finished = true;
      if (exceptionHandler != null) {
        exceptionHandler.handle(failure);
      }
    } else if (ended) {
      finished = true;
      if (endHandler != null) {
        endHandler.handle(null);
      }
    } else if (!awaitingSource) {
      awaitingSource = true;
      demand.run();
    }
  }
}

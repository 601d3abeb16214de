package io.tollgate.bench;

/**
 * Hands requests to the sender at their intended times, on its own thread so that the event loop
 * doing the I/O never decides when to send. When the pacer wakes up late (a GC pause, a busy CPU),
 * every overdue request is dispatched at once, each still carrying its own intended time: the
 * offered load stays constant and the delay is charged to the measured latency.
 */
public final class Pacer implements Runnable {

  /** Receives request {@code index}, meant to be sent at {@code intendedNanos}. */
  @FunctionalInterface
  public interface Dispatcher {
    void dispatch(long index, long intendedNanos);
  }

  private final RateSchedule schedule;
  private final long endNanos;
  private final long maxRequests;
  private final NanoClock clock;
  private final Dispatcher dispatcher;
  private volatile boolean stopped;
  private volatile long dispatched;

  /**
   * @param endNanos no request intended at or after this time is sent
   * @param maxRequests at most this many requests are sent ({@code Long.MAX_VALUE} for no limit)
   */
  public Pacer(
      RateSchedule schedule,
      long endNanos,
      long maxRequests,
      NanoClock clock,
      Dispatcher dispatcher) {
    this.schedule = schedule;
    this.endNanos = endNanos;
    this.maxRequests = maxRequests;
    this.clock = clock;
    this.dispatcher = dispatcher;
  }

  @Override
  public void run() {
    long index = 0;
    while (!stopped && index < maxRequests) {
      long intended = schedule.intendedTime(index);
      if (intended >= endNanos) {
        break;
      }
      if (clock.nanoTime() < intended) {
        clock.parkUntil(intended);
      }
      dispatcher.dispatch(index, intended);
      index++;
      dispatched = index;
    }
  }

  /** Stops after the current dispatch. */
  public void stop() {
    stopped = true;
  }

  /** How many requests were handed to the dispatcher so far. */
  public long dispatched() {
    return dispatched;
  }
}

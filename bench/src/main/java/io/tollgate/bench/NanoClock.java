package io.tollgate.bench;

import java.util.concurrent.locks.LockSupport;

/** Monotonic time and waiting, replaceable in tests. */
public interface NanoClock {

  long nanoTime();

  /** Returns at or (usually slightly) after {@code deadlineNanos}. */
  void parkUntil(long deadlineNanos);

  /** {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
  NanoClock SYSTEM =
      new NanoClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void parkUntil(long deadlineNanos) {
          long left;
          while ((left = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
          }
        }
      };
}

package io.tollgate.proxy.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * Carries access-log lines from the event loops to their output without ever making them wait.
 * Lines are copied into a shared buffer; a writer thread of its own writes a buffer out when it is
 * full or, at the latest, one flush interval after its first line, so a busy proxy makes one write
 * for hundreds of lines and wakes the writer once per buffer rather than once per line.
 *
 * <p>When the output falls behind (a blocked pipe, a full disk), buffers pile up to a bound; past
 * it, lines are dropped and counted rather than held without limit or allowed to stall a request.
 */
final class AccessLogWriter implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(AccessLogWriter.class);

  /** A buffer handed to the writer thread: its bytes up to {@code length}, holding whole lines. */
  private record Chunk(byte[] bytes, int length, int lines) {}

  private final OutputStream out;
  private final int bufferBytes;
  private final int maxBuffers;
  private final long flushNanos;
  private final Thread thread;
  private final AtomicLong dropped = new AtomicLong();

  // Guarded by this.
  private byte[] current;
  private int used;
  private int lines;
  // When the partly filled buffer is due to be written: one flush interval after its first line.
  private long partialDueNanos;
  private final ArrayDeque<Chunk> full = new ArrayDeque<>();
  private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
  private int allocated;

  private volatile boolean closing;

  /**
   * @param bufferBytes the size of one buffer, and so of the largest write
   * @param maxBufferedBytes the most held for the output at once (at least two buffers' worth)
   */
  AccessLogWriter(OutputStream out, int bufferBytes, long maxBufferedBytes, Duration flush) {
    this.out = out;
    this.bufferBytes = bufferBytes;
    this.maxBuffers =
        (int) Math.max(2, Math.min(Integer.MAX_VALUE, maxBufferedBytes / bufferBytes));
    this.flushNanos = Math.max(1, flush.toNanos());
    this.current = new byte[bufferBytes];
    this.allocated = 1;
    this.thread = new Thread(this::run, "tollgate-access-log");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues one line (its bytes, ending in a newline). Never blocks on the output; returns false
   * when the line was dropped because the output is that far behind, or the writer is closed.
   */
  boolean append(byte[] line, int length) {
    boolean wake = false;
    synchronized (this) {
      if (closing || length > bufferBytes) {
        dropped.incrementAndGet();
        return false;
      }
      if (used + length > bufferBytes) {
        byte[] next = takeBuffer();
        if (next == null) {
          dropped.incrementAndGet();
          return false;
        }
        full.add(new Chunk(current, used, lines));
        current = next;
        used = 0;
        lines = 0;
        wake = true;
      }
      if (used == 0) {
        partialDueNanos = System.nanoTime() + flushNanos;
      }
      System.arraycopy(line, 0, current, used, length);
      used += length;
      lines++;
    }
    if (wake) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Lines dropped since start: the output was too far behind, failed, or the log was closed. */
  long dropped() {
    return dropped.get();
  }

  /** Writes out everything queued, then stops the writer thread (waiting for it a while). */
  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean last = false;
    while (!last) {
      // Woken early when a buffer fills; otherwise when the partial buffer falls due.
      LockSupport.parkNanos(this, untilDue());
      // Read before draining: lines appended before close() are then written by this round.
      last = closing;
      for (Chunk chunk = next(last); chunk != null; chunk = next(last)) {
        write(chunk);
      }
    }
    try {
      out.flush();
    } catch (IOException e) {
      LOG.warnf("Flushing the access log failed: %s", e.getMessage());
    }
  }

  private synchronized long untilDue() {
    return used == 0 ? flushNanos : Math.max(1, partialDueNanos - System.nanoTime());
  }

  /**
   * The next full buffer, else the partly filled one (swapped for a spare) once it is due or when
   * {@code all}, else null. A full buffer does not take the partial one along: writes stay large.
   */
  private synchronized Chunk next(boolean all) {
    Chunk chunk = full.poll();
    if (chunk != null || used == 0 || (!all && System.nanoTime() - partialDueNanos < 0)) {
      return chunk;
    }
    chunk = new Chunk(current, used, lines);
    // No full buffer is queued and none is being written, so every other buffer is spare, or there
    // is none yet and the bound (at least two) allows one more: takeBuffer() cannot fail here.
    current = takeBuffer();
    used = 0;
    lines = 0;
    return chunk;
  }

  private void write(Chunk chunk) {
    try {
      out.write(chunk.bytes(), 0, chunk.length());
    } catch (IOException | RuntimeException e) {
      dropped.addAndGet(chunk.lines());
      LOG.warnf("Writing the access log failed, %d lines lost: %s", chunk.lines(), e.getMessage());
    }
    synchronized (this) {
      spare.push(chunk.bytes());
    }
  }

  /** A spare buffer, a new one while under the bound, or null. Caller holds the lock. */
  private byte[] takeBuffer() {
    byte[] buffer = spare.poll();
    if (buffer == null && allocated < maxBuffers) {
      allocated++;
      buffer = new byte[bufferBytes];
    }
    return buffer;
  }
}

package io.tollgate.governance;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Amounts held per reservation until released or expired: the in-flight slots of a parallel meter,
 * the reserved cost of a budget. Not thread-safe; guarded by its scope's lock.
 */
final class Leases {

  private record Lease(String id, long amount, long expiresAt) {}

  private final Map<String, Lease> byId = new HashMap<>();

  // Released leases stay here until they would have expired (removing from the middle of a heap
  // is linear); they are skipped when polled, and the heap is rebuilt when they pile up.
  private final PriorityQueue<Lease> byExpiry =
      new PriorityQueue<>(Comparator.comparingLong(Lease::expiresAt));

  private long total;

  /** Holds {@code amount} for {@code id}, replacing what it held before. */
  void hold(String id, long amount, long expiresAt) {
    release(id);
    Lease lease = new Lease(id, amount, expiresAt);
    byId.put(id, lease);
    byExpiry.add(lease);
    total += amount;
    if (byExpiry.size() > 2 * byId.size() + 64) {
      byExpiry.clear();
      byExpiry.addAll(byId.values());
    }
  }

  /** Releases what {@code id} holds; returns it, or 0 when it held nothing (or had expired). */
  long release(String id) {
    Lease lease = byId.remove(id);
    if (lease == null) {
      return 0;
    }
    total -= lease.amount();
    return lease.amount();
  }

  /** Drops every lease that expired at or before {@code nowMillis}, reclaiming its amount. */
  void expire(long nowMillis) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresAt() <= nowMillis) {
      Lease lease = byExpiry.poll();
      if (byId.get(lease.id()) == lease) {
        byId.remove(lease.id());
        total -= lease.amount();
      }
    }
  }

  int count() {
    return byId.size();
  }

  long total() {
    return total;
  }
}

package io.tollgate.governance;

import java.util.List;

/**
 * What one request asks of its meters before the call: one request, its estimated tokens and its
 * estimated (maximum) cost. Settled with the real usage when it ends.
 *
 * @param scope groups meters that are always checked together (a team, or a key without one); a
 *     shared store keeps a scope's counters together (Redis: one hash slot) so one atomic script
 *     covers them
 * @param id unique per request (the request id); identifies the leases it holds
 * @param atMillis when it was admitted: picks the rate windows
 * @param leaseMillis how long its parallel slots and budget reservation are held at most if it is
 *     never settled
 */
public record Reservation(
    String scope,
    String id,
    List<Meter> meters,
    long inputTokens,
    long outputTokens,
    long costNanos,
    long atMillis,
    long leaseMillis) {

  public Reservation {
    meters = List.copyOf(meters);
  }
}

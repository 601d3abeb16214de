package io.tollgate.governance;

import java.util.List;

/**
 * The answer to a {@link Reservation}: admitted (every meter had room, and all were charged), or
 * refused by one meter (and none charged).
 *
 * @param refusedBy the meter that refused, or null when admitted
 * @param readings one per meter of the reservation, in its order
 * @param storeUnavailable true when refused because the shared store did not answer and the meter
 *     fails closed
 * @param degraded true when decided on this proxy's local counters because the shared store did not
 *     answer
 */
public record Admission(
    boolean admitted,
    MeterReading refusedBy,
    List<MeterReading> readings,
    boolean storeUnavailable,
    boolean degraded) {

  public Admission {
    readings = List.copyOf(readings);
  }
}

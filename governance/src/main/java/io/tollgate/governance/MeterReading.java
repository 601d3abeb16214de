package io.tollgate.governance;

/**
 * A meter's state as seen by an admission.
 *
 * @param used including this request's reservation when it was admitted
 * @param remaining {@code max(0, limit - used)}
 * @param resetAtMillis when the count resets: the window's end, the period's end, or for a parallel
 *     meter an estimate of when a slot frees (now + 1 s)
 */
public record MeterReading(
    Meter meter, long limit, long used, long remaining, long resetAtMillis) {}

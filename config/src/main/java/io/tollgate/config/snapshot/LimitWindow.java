package io.tollgate.config.snapshot;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * Limits that replace the base ones during a time-of-day window, e.g. a lower rate outside business
 * hours. A window whose end is not after its start runs past midnight.
 *
 * @param days the days the window starts on; empty means every day
 * @param requestsPerMinute replaces the base value when not null
 * @param tokensPerMinute replaces the base value when not null
 * @param maxParallelRequests replaces the base value when not null
 */
public record LimitWindow(
    ZoneId timeZone,
    Set<DayOfWeek> days,
    LocalTime start,
    LocalTime end,
    Long requestsPerMinute,
    Long tokensPerMinute,
    Integer maxParallelRequests) {

  public LimitWindow {
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    days = Set.copyOf(days);
  }

  public boolean activeAt(Instant at) {
    ZonedDateTime local = at.atZone(timeZone);
    LocalTime time = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (start.isBefore(end)) {
      return startsOn(day) && !time.isBefore(start) && time.isBefore(end);
    }
    // Past midnight: the evening part belongs to today, the morning part to yesterday's window.
    return (startsOn(day) && !time.isBefore(start))
        || (startsOn(day.minus(1)) && time.isBefore(end));
  }

  private boolean startsOn(DayOfWeek day) {
    return days.isEmpty() || days.contains(day);
  }
}

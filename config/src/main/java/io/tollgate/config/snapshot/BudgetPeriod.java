package io.tollgate.config.snapshot;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** A calendar period a budget resets on, aligned in the budget's time zone. */
public enum BudgetPeriod {
  DAILY,
  /** ISO weeks: Monday 00:00 to the next Monday 00:00. */
  WEEKLY,
  MONTHLY;

  /** The start of the period that contains {@code at}, in {@code zone}. */
  public ZonedDateTime start(Instant at, ZoneId zone) {
    LocalDate day = at.atZone(zone).toLocalDate();
    LocalDate first =
        switch (this) {
          case DAILY -> day;
          case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
          case MONTHLY -> day.withDayOfMonth(1);
        };
    return first.atStartOfDay(zone);
  }

  /** The start of the next period: when the period containing {@code at} ends. */
  public ZonedDateTime end(Instant at, ZoneId zone) {
    ZonedDateTime start = start(at, zone);
    LocalDate next =
        switch (this) {
          case DAILY -> start.toLocalDate().plusDays(1);
          case WEEKLY -> start.toLocalDate().plusWeeks(1);
          case MONTHLY -> start.toLocalDate().plusMonths(1);
        };
    return next.atStartOfDay(zone);
  }

  /**
   * A readable, sortable name for the period containing {@code at}: {@code 2026-11-25}, {@code
   * 2026-W48} or {@code 2026-11}. Part of the usage store's keys, so usage is readable by period.
   */
  public String id(Instant at, ZoneId zone) {
    ZonedDateTime start = start(at, zone);
    return switch (this) {
      case DAILY -> start.toLocalDate().toString();
      case WEEKLY ->
          String.format(
              "%d-W%02d",
              start.get(IsoFields.WEEK_BASED_YEAR), start.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      case MONTHLY -> String.format("%d-%02d", start.getYear(), start.getMonthValue());
    };
  }
}

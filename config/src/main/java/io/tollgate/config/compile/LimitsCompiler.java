package io.tollgate.config.compile;

import io.tollgate.config.snapshot.LimitWindow;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.tollgate.config.snapshot.TokenCounting;
import io.tollgate.crds.LimitWindowSpec;
import io.tollgate.crds.LimitsSpec;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Compiles a {@link LimitsSpec} (of a key, a key's users or models, or a team) into {@link Limits}.
 */
final class LimitsCompiler {

  private LimitsCompiler() {}

  /**
   * The limits, {@link Limits#NONE} for an absent spec, or null after adding errors.
   *
   * @param at the spec's field path, e.g. {@code spec.limits}
   */
  static Limits compile(LimitsSpec spec, String at, ResourceProblems problems) {
    if (spec == null) {
      return Limits.NONE;
    }
    int before = problems.count();
    Long rpm = notNegative(spec.getRequestsPerMinute(), at + ".requestsPerMinute", problems);
    Long tpm = notNegative(spec.getTokensPerMinute(), at + ".tokensPerMinute", problems);
    Integer parallel =
        notNegative(spec.getMaxParallelRequests(), at + ".maxParallelRequests", problems);
    TokenCounting counting =
        SpecValues.choice(
            spec.getTokenCounting(),
            TokenCounting.TOTAL,
            TokenCounting.class,
            at + ".tokenCounting",
            problems);
    StoreFailurePolicy onStoreFailure =
        storeFailure(spec.getOnStoreFailure(), at + ".onStoreFailure", problems);
    List<LimitWindow> windows = new ArrayList<>();
    List<LimitWindowSpec> declared = spec.getWindows() == null ? List.of() : spec.getWindows();
    for (int i = 0; i < declared.size(); i++) {
      LimitWindow window = window(declared.get(i), at + ".windows[" + i + "]", problems);
      if (window != null) {
        windows.add(window);
      }
    }
    if (problems.count() > before) {
      return null;
    }
    return new Limits(rpm, tpm, counting, parallel, onStoreFailure, windows);
  }

  static StoreFailurePolicy storeFailure(String value, String field, ResourceProblems problems) {
    return SpecValues.choice(
        value, StoreFailurePolicy.FAIL_OPEN, StoreFailurePolicy.class, field, problems);
  }

  private static LimitWindow window(LimitWindowSpec spec, String at, ResourceProblems problems) {
    if (spec == null) {
      problems.add(at, "a window must be a mapping with start, end and at least one limit");
      return null;
    }
    int before = problems.count();
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    List<String> names = spec.getDays() == null ? List.of() : spec.getDays();
    for (int i = 0; i < names.size(); i++) {
      DayOfWeek day = SpecValues.day(names.get(i), at + ".days[" + i + "]", problems);
      if (day != null) {
        days.add(day);
      }
    }
    LocalTime start = SpecValues.timeOfDay(spec.getStart(), at + ".start", problems);
    LocalTime end = SpecValues.timeOfDay(spec.getEnd(), at + ".end", problems);
    if (start != null && start.equals(end)) {
      problems.add(
          at + ".end",
          "start and end are both "
              + spec.getStart()
              + "; a window from 22:00 to 06:00 runs past"
              + " midnight, and omitting windows limits all day");
    }
    ZoneId zone = SpecValues.timeZone(spec.getTimeZone(), at + ".timeZone", problems);
    Long rpm = notNegative(spec.getRequestsPerMinute(), at + ".requestsPerMinute", problems);
    Long tpm = notNegative(spec.getTokensPerMinute(), at + ".tokensPerMinute", problems);
    Integer parallel =
        notNegative(spec.getMaxParallelRequests(), at + ".maxParallelRequests", problems);
    if (spec.getRequestsPerMinute() == null
        && spec.getTokensPerMinute() == null
        && spec.getMaxParallelRequests() == null) {
      problems.add(
          at,
          "a window sets at least one of requestsPerMinute, tokensPerMinute,"
              + " maxParallelRequests");
    }
    if (problems.count() > before) {
      return null;
    }
    return new LimitWindow(zone, days, start, end, rpm, tpm, parallel);
  }

  private static Long notNegative(Long value, String field, ResourceProblems problems) {
    if (value != null && value < 0) {
      problems.add(field, "must not be negative; omit it for no limit");
      return null;
    }
    return value;
  }

  private static Integer notNegative(Integer value, String field, ResourceProblems problems) {
    if (value != null && value < 0) {
      problems.add(field, "must not be negative; omit it for no limit");
      return null;
    }
    return value;
  }
}

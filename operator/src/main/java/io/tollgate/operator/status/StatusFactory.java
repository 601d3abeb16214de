package io.tollgate.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.tollgate.crds.ResourceStatus;
import io.tollgate.crds.TeamBudgetStatus;
import io.tollgate.operator.fleet.FleetView;
import io.tollgate.operator.snapshot.Publication;
import io.tollgate.operator.snapshot.ResourceOutcome;
import io.tollgate.operator.usage.SpendReading;
import io.tollgate.operator.usage.UsdAmounts;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place resource status is decided, for every kind. Two fixed condition types: {@code
 * Accepted} (valid and compiled into the snapshot) and {@code Ready} (every running proxy serves a
 * snapshot holding the resource as it is now); a TeamBudget has a third, {@code SpendReported} (its
 * spend fields show what the proxies counted in the shared usage store). A condition's {@code
 * lastTransitionTime} changes only when its status does, so a resync never looks like a change.
 */
public final class StatusFactory {

  public static final String ACCEPTED = "Accepted";
  public static final String READY = "Ready";

  public static final String PENDING = "Pending";
  public static final String LOADED = "Loaded";
  public static final String WAITING_FOR_PROXIES = "WaitingForProxies";
  public static final String NO_PROXIES = "NoProxies";

  public static final String SPEND_REPORTED = "SpendReported";

  public static final String READ = "Read";
  public static final String USAGE_UNAVAILABLE = "UsageUnavailable";
  public static final String COUNTED_PER_PROXY = "CountedPerProxy";
  public static final String NOT_COUNTED = "NotCounted";

  /** RFC 3339 with seconds and the zone's offset ({@code Z} for UTC). */
  private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final Clock clock;

  public StatusFactory(Clock clock) {
    this.clock = clock;
  }

  /**
   * Fills {@code next} from the resource's compile outcome and the proxies' loaded versions,
   * keeping transition times from {@code previous}.
   *
   * @param generation the resource's metadata.generation
   * @param outcome what the last compile made of it, or null when it has not seen it yet
   */
  public <S extends ResourceStatus> S build(
      S previous,
      S next,
      long generation,
      Publication publication,
      ResourceOutcome outcome,
      FleetView fleet) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    List<Condition> conditions = new ArrayList<>();
    next.setObservedGeneration(generation);
    if (publication == null || outcome == null || outcome.generation() < generation) {
      String message = "waiting for the operator to compile this generation";
      conditions.add(condition(before, ACCEPTED, "Unknown", PENDING, message, generation));
      conditions.add(condition(before, READY, "False", PENDING, message, generation));
      next.setSnapshotVersion(null);
    } else if (!outcome.accepted()) {
      String message = String.join("; ", outcome.problems());
      conditions.add(condition(before, ACCEPTED, "False", outcome.reason(), message, generation));
      conditions.add(condition(before, READY, "False", outcome.reason(), message, generation));
      next.setSnapshotVersion(null);
    } else {
      long since = outcome.sinceVersion();
      next.setSnapshotVersion(since);
      conditions.add(
          condition(
              before,
              ACCEPTED,
              "True",
              ResourceOutcome.COMPILED,
              "compiled into snapshot version " + since,
              generation));
      if (fleet.empty()) {
        conditions.add(
            condition(
                before,
                READY,
                "False",
                NO_PROXIES,
                "no ready proxy pod found to serve snapshot version " + since,
                generation));
      } else if (fleet.allServe(since)) {
        conditions.add(
            condition(
                before,
                READY,
                "True",
                LOADED,
                "all "
                    + fleet.proxies().size()
                    + " proxies serve snapshot version "
                    + since
                    + " or later",
                generation));
      } else {
        conditions.add(
            condition(
                before,
                READY,
                "False",
                WAITING_FOR_PROXIES,
                fleet.serving(since)
                    + " of "
                    + fleet.proxies().size()
                    + " proxies serve snapshot version "
                    + since
                    + " or later",
                generation));
      }
    }
    next.setConditions(conditions);
    return next;
  }

  /**
   * Adds a TeamBudget's spend to {@code next} (built by {@link #build}): the spend fields and the
   * {@code SpendReported} condition. When the store cannot be read, or the budget is not counted,
   * the last values read stay: a status never claims a spend of 0 it did not read.
   */
  public TeamBudgetStatus spend(
      TeamBudgetStatus previous, TeamBudgetStatus next, SpendReading reading, long generation) {
    List<Condition> before = previous == null ? List.of() : previous.getConditions();
    Condition condition;
    if (reading instanceof SpendReading.Read read) {
      next.setSpentUsd(UsdAmounts.number(read.usage().spentNanos()));
      next.setRemainingUsd(UsdAmounts.number(read.remainingNanos()));
      next.setPeriodId(read.periodId());
      next.setPeriodStart(RFC_3339.format(read.periodStart()));
      condition =
          condition(
              before,
              SPEND_REPORTED,
              "True",
              READ,
              "spend of period "
                  + read.periodId()
                  + " as the proxies counted it in Redis at "
                  + read.address(),
              generation);
    } else if (reading instanceof SpendReading.CountedPerProxy) {
      // Whatever an earlier configuration read is no longer counted anywhere.
      next.setSpentUsd(null);
      next.setRemainingUsd(null);
      next.setPeriodId(null);
      next.setPeriodStart(null);
      condition =
          condition(
              before,
              SPEND_REPORTED,
              "False",
              COUNTED_PER_PROXY,
              "spend is counted in each proxy's memory (standalone counters), so there is no"
                  + " total to report; to report it, let the proxies count in Redis"
                  + " (tollgate.redis.url) and give the operator the same Redis"
                  + " (TOLLGATE_REDIS_URL; the chart's redis.enabled sets both)",
              generation);
    } else {
      keepSpend(previous, next);
      boolean known = previous != null && previous.getSpentUsd() != null;
      String kept =
          known ? "; spentUsd and remainingUsd show the last values read" : "; no spend read yet";
      if (reading instanceof SpendReading.Unavailable unavailable) {
        condition =
            condition(
                before,
                SPEND_REPORTED,
                "False",
                USAGE_UNAVAILABLE,
                unavailable.reason() + kept,
                generation);
      } else if (reading instanceof SpendReading.NotCounted) {
        condition =
            condition(
                before,
                SPEND_REPORTED,
                "False",
                NOT_COUNTED,
                "the budget is not in the published snapshot (see Accepted), so no proxy counts it"
                    + kept,
                generation);
      } else {
        // A starting operator has not published yet: what the last one reported still holds.
        condition =
            before.stream()
                .filter(c -> SPEND_REPORTED.equals(c.getType()))
                .findFirst()
                .orElseGet(
                    () ->
                        condition(
                            before,
                            SPEND_REPORTED,
                            "Unknown",
                            PENDING,
                            "waiting for the operator to compile the budget" + kept,
                            generation));
      }
    }
    List<Condition> conditions = new ArrayList<>(next.getConditions());
    conditions.removeIf(c -> SPEND_REPORTED.equals(c.getType()));
    conditions.add(condition);
    next.setConditions(conditions);
    return next;
  }

  private static void keepSpend(TeamBudgetStatus previous, TeamBudgetStatus next) {
    if (previous != null) {
      next.setSpentUsd(previous.getSpentUsd());
      next.setRemainingUsd(previous.getRemainingUsd());
      next.setPeriodStart(previous.getPeriodStart());
      next.setPeriodId(previous.getPeriodId());
    }
  }

  /** True when {@code status} says Ready=True. */
  public static boolean isReady(ResourceStatus status) {
    return status != null
        && status.getConditions().stream()
            .anyMatch(c -> READY.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private Condition condition(
      List<Condition> before,
      String type,
      String status,
      String reason,
      String message,
      long generation) {
    String transition =
        before.stream()
            .filter(c -> type.equals(c.getType()) && status.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .findFirst()
            .orElse(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(transition)
        .build();
  }
}

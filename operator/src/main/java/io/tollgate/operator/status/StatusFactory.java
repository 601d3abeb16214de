package io.tollgate.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.tollgate.crds.ResourceStatus;
import io.tollgate.operator.fleet.FleetView;
import io.tollgate.operator.snapshot.Publication;
import io.tollgate.operator.snapshot.ResourceOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place resource status is decided, for every kind. Two fixed condition types: {@code
 * Accepted} (valid and compiled into the snapshot) and {@code Ready} (every running proxy serves a
 * snapshot holding the resource as it is now). A condition's {@code lastTransitionTime} changes
 * only when its status does, so a resync never looks like a change.
 */
public final class StatusFactory {

  public static final String ACCEPTED = "Accepted";
  public static final String READY = "Ready";

  public static final String PENDING = "Pending";
  public static final String LOADED = "Loaded";
  public static final String WAITING_FOR_PROXIES = "WaitingForProxies";
  public static final String NO_PROXIES = "NoProxies";

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

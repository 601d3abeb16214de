package io.tollgate.operator.teambudget;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.tollgate.crds.TeamBudget;
import io.tollgate.crds.TeamBudgetStatus;
import io.tollgate.operator.fleet.ProxyFleet;
import io.tollgate.operator.snapshot.Publication;
import io.tollgate.operator.snapshot.ResourceKeys;
import io.tollgate.operator.snapshot.SnapshotPublisher;
import io.tollgate.operator.status.ResourceTriggers;
import io.tollgate.operator.status.StatusFactory;
import io.tollgate.operator.status.StatusWriter;
import io.tollgate.operator.usage.BudgetUsageReader;
import io.tollgate.operator.usage.SpendReading;
import io.tollgate.operator.usage.UsageUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps each TeamBudget's status true: whether the shared compiler accepted it (and what to fix
 * when not), whether every proxy serves it, and what the proxies spent from it in the current
 * period, read from the shared usage store. Thresholds the proxies fired become Kubernetes Events,
 * each created before the status that shows its spend (see {@link ThresholdAlerts}).
 */
@ControllerConfiguration(name = "teambudget")
public class TeamBudgetReconciler implements Reconciler<TeamBudget> {

  private static final Logger LOG = Logger.getLogger(TeamBudgetReconciler.class);

  /** Safety net while not Ready; snapshot and fleet changes trigger sooner. */
  static final Duration RECHECK = Duration.ofSeconds(5);

  /** Read a little after a period ends, so the proxies (on their own clocks) have moved on. */
  private static final Duration AFTER_PERIOD_END = Duration.ofSeconds(1);

  private final SnapshotPublisher publisher;
  private final ProxyFleet fleet;
  private final StatusFactory statuses;
  private final StatusWriter writer;
  private final TeamBudgetSpend spend;
  private final ThresholdEvents events;
  private final Clock clock;
  private final Duration readInterval;
  private final ResourceTriggers<TeamBudget> triggers = new ResourceTriggers<>("snapshot-or-fleet");

  /**
   * @param usage where the proxies count spend, or null when each counts in memory
   * @param readInterval how often the spend is read again while nothing else triggers a reconcile
   */
  public TeamBudgetReconciler(
      KubernetesClient client,
      SnapshotPublisher publisher,
      ProxyFleet fleet,
      StatusFactory statuses,
      StatusWriter writer,
      BudgetUsageReader usage,
      Clock clock,
      Duration readInterval) {
    this.publisher = publisher;
    this.fleet = fleet;
    this.statuses = statuses;
    this.writer = writer;
    this.spend = new TeamBudgetSpend(usage);
    this.events = new ThresholdEvents(client, clock);
    this.clock = clock;
    this.readInterval = readInterval;
  }

  /** Re-reconciles every TeamBudget. */
  public void retriggerAll() {
    triggers.all();
  }

  @Override
  public List<EventSource<?, TeamBudget>> prepareEventSources(
      EventSourceContext<TeamBudget> context) {
    return List.of(triggers.eventSource(context));
  }

  @Override
  public UpdateControl<TeamBudget> reconcile(TeamBudget budget, Context<TeamBudget> context) {
    Publication publication = publisher.current();
    String key = ResourceKeys.of(budget);
    long generation =
        budget.getMetadata().getGeneration() == null ? 0 : budget.getMetadata().getGeneration();
    TeamBudgetStatus previous = budget.getStatus();
    Instant now = clock.instant();
    SpendReading reading = spend.read(publication, key, now);
    if (reading instanceof SpendReading.Read read) {
      reading = tellAlerts(budget, read, previous);
    }
    TeamBudgetStatus status =
        statuses.spend(
            previous,
            statuses.build(
                previous,
                new TeamBudgetStatus(),
                generation,
                publication,
                publication == null ? null : publication.outcome(key),
                fleet.current()),
            reading,
            generation);
    writer.write(budget, status);
    Duration next = StatusFactory.isReady(status) ? null : RECHECK;
    if (spend.shared()) {
      Duration nextRead = readInterval;
      if (reading instanceof SpendReading.Read current) {
        Duration untilRollover = Duration.between(now, current.periodEnd()).plus(AFTER_PERIOD_END);
        nextRead = shorter(nextRead, untilRollover);
      }
      next = next == null ? nextRead : shorter(next, nextRead);
    }
    UpdateControl<TeamBudget> control = UpdateControl.noUpdate();
    return next == null ? control : control.rescheduleAfter(next);
  }

  /**
   * Creates the Events of fired thresholds the status does not show yet. A failed create fails the
   * reconcile before the status moves past the alert, so it is retried rather than lost.
   */
  private SpendReading tellAlerts(
      TeamBudget budget, SpendReading.Read read, TeamBudgetStatus previous) {
    List<ThresholdAlert> alerts;
    try {
      alerts = spend.unreportedAlerts(read, previous);
    } catch (UsageUnavailableException e) {
      return new SpendReading.Unavailable(e.getMessage());
    }
    for (ThresholdAlert alert : alerts) {
      if (events.emit(budget, alert)) {
        LOG.infof("%s: %s", ResourceKeys.of(budget), ThresholdEvents.message(budget, alert));
      }
    }
    return read;
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}

package io.tollgate.operator.teambudget;

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
import java.time.Duration;
import java.util.List;

/**
 * Keeps each TeamBudget's conditions true: whether the shared compiler accepted it (and what to fix
 * when not) and whether every proxy serves it. The spend fields of the status are not this
 * reconciler's: it carries them over unchanged for whoever reads the usage store.
 */
@ControllerConfiguration(name = "teambudget")
public class TeamBudgetReconciler implements Reconciler<TeamBudget> {

  /** Safety net while not Ready; snapshot and fleet changes trigger sooner. */
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final SnapshotPublisher publisher;
  private final ProxyFleet fleet;
  private final StatusFactory statuses;
  private final StatusWriter writer;
  private final ResourceTriggers<TeamBudget> triggers = new ResourceTriggers<>("snapshot-or-fleet");

  public TeamBudgetReconciler(
      SnapshotPublisher publisher, ProxyFleet fleet, StatusFactory statuses, StatusWriter writer) {
    this.publisher = publisher;
    this.fleet = fleet;
    this.statuses = statuses;
    this.writer = writer;
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
    TeamBudgetStatus previous = budget.getStatus();
    TeamBudgetStatus next = new TeamBudgetStatus();
    if (previous != null) {
      next.setSpentUsd(previous.getSpentUsd());
      next.setRemainingUsd(previous.getRemainingUsd());
      next.setPeriodStart(previous.getPeriodStart());
      next.setPeriodId(previous.getPeriodId());
    }
    TeamBudgetStatus status =
        statuses.build(
            previous,
            next,
            budget.getMetadata().getGeneration() == null ? 0 : budget.getMetadata().getGeneration(),
            publication,
            publication == null ? null : publication.outcome(ResourceKeys.of(budget)),
            fleet.current());
    writer.write(budget, status);
    UpdateControl<TeamBudget> control = UpdateControl.noUpdate();
    return StatusFactory.isReady(status) ? control : control.rescheduleAfter(RECHECK);
  }
}

package io.tollgate.operator.modelroute;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.ModelRouteStatus;
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
 * Keeps each ModelRoute's status true: whether the shared compiler accepted it (and what to fix
 * when not) and whether every proxy serves it. Compiling and publishing is the {@link
 * SnapshotPublisher}'s job, which also watches the credential Secrets routes reference.
 */
@ControllerConfiguration(name = "modelroute")
public class ModelRouteReconciler implements Reconciler<ModelRoute> {

  /** Safety net while not Ready; snapshot and fleet changes trigger sooner. */
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final SnapshotPublisher publisher;
  private final ProxyFleet fleet;
  private final StatusFactory statuses;
  private final StatusWriter writer;
  private final ResourceTriggers<ModelRoute> triggers = new ResourceTriggers<>("snapshot-or-fleet");

  public ModelRouteReconciler(
      SnapshotPublisher publisher, ProxyFleet fleet, StatusFactory statuses, StatusWriter writer) {
    this.publisher = publisher;
    this.fleet = fleet;
    this.statuses = statuses;
    this.writer = writer;
  }

  /** Re-reconciles every ModelRoute. */
  public void retriggerAll() {
    triggers.all();
  }

  @Override
  public List<EventSource<?, ModelRoute>> prepareEventSources(
      EventSourceContext<ModelRoute> context) {
    return List.of(triggers.eventSource(context));
  }

  @Override
  public UpdateControl<ModelRoute> reconcile(ModelRoute route, Context<ModelRoute> context) {
    Publication publication = publisher.current();
    ModelRouteStatus status =
        statuses.build(
            route.getStatus(),
            new ModelRouteStatus(),
            route.getMetadata().getGeneration() == null ? 0 : route.getMetadata().getGeneration(),
            publication,
            publication == null ? null : publication.outcome(ResourceKeys.of(route)),
            fleet.current());
    writer.write(route, status);
    UpdateControl<ModelRoute> control = UpdateControl.noUpdate();
    return StatusFactory.isReady(status) ? control : control.rescheduleAfter(RECHECK);
  }
}

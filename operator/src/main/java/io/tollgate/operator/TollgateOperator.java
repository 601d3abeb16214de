package io.tollgate.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.tollgate.operator.apikey.ApiKeyReconciler;
import io.tollgate.operator.apikey.KeyGenerator;
import io.tollgate.operator.fleet.ProxyFleet;
import io.tollgate.operator.modelroute.ModelRouteReconciler;
import io.tollgate.operator.snapshot.SnapshotPublisher;
import io.tollgate.operator.status.StatusFactory;
import io.tollgate.operator.status.StatusWriter;
import io.tollgate.operator.teambudget.TeamBudgetReconciler;
import io.tollgate.operator.usage.BudgetUsageReader;
import io.tollgate.operator.usage.RedisBudgetUsageReader;
import java.time.Clock;

/**
 * Wires the operator: the snapshot publisher, the proxy fleet reader and one reconciler per kind,
 * on a Java Operator SDK runtime configured without server-side apply (status is written with plain
 * updates, see {@link StatusWriter}). With leader election, only the leader publishes. With a Redis
 * configured, TeamBudget status reports the spend the proxies counted there.
 */
public final class TollgateOperator implements AutoCloseable {

  private final OperatorSettings settings;
  private final SnapshotPublisher publisher;
  private final ProxyFleet fleet;
  private final Operator operator;
  private final BudgetUsageReader usage;
  private volatile boolean leading;

  public TollgateOperator(
      KubernetesClient client, OperatorSettings settings, Clock clock, MeterRegistry registry) {
    this.settings = settings;
    this.publisher = new SnapshotPublisher(client, settings, clock);
    this.fleet = new ProxyFleet(client, settings);
    StatusFactory statuses = new StatusFactory(clock);
    StatusWriter writer = new StatusWriter(client);
    ModelRouteReconciler routes = new ModelRouteReconciler(publisher, fleet, statuses, writer);
    ApiKeyReconciler keys =
        new ApiKeyReconciler(client, publisher, fleet, statuses, writer, new KeyGenerator(), clock);
    this.usage =
        settings.redis().configured() ? RedisBudgetUsageReader.connect(settings.redis()) : null;
    TeamBudgetReconciler budgets =
        new TeamBudgetReconciler(
            client,
            publisher,
            fleet,
            statuses,
            writer,
            usage,
            clock,
            settings.budgetStatusInterval());
    this.operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withSSABasedCreateUpdateMatchForDependentResources(false)
                  .withMetrics(new ReconcileMetrics(registry));
              if (settings.leaderElection()) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        settings.leaseName(),
                        settings.snapshotNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        null,
                        new LeaderCallbacks(this::startPublishing, () -> {}, leader -> {}),
                        true));
              }
            });
    operator.register(routes, this::namespaces);
    operator.register(keys, this::namespaces);
    operator.register(budgets, this::namespaces);
    publisher.addListener(
        p -> {
          routes.retriggerAll();
          keys.retriggerAll();
          budgets.retriggerAll();
        });
    fleet.addListener(
        f -> {
          routes.retriggerAll();
          keys.retriggerAll();
          budgets.retriggerAll();
        });
  }

  private <R extends io.fabric8.kubernetes.api.model.HasMetadata> void namespaces(
      ControllerConfigurationOverrider<R> o) {
    if (settings.watchNamespaces().isEmpty()) {
      o.watchingAllNamespaces();
    } else {
      o.settingNamespaces(settings.watchNamespaces());
    }
  }

  /** Starts reconciling; without leader election publishing starts at once. */
  public void start() {
    operator.start();
    if (!settings.leaderElection()) {
      startPublishing();
    }
  }

  private synchronized void startPublishing() {
    if (!leading) {
      leading = true;
      publisher.start();
      fleet.start();
    }
  }

  /** True once started and every watch is healthy; the operator's readiness. */
  public boolean healthy() {
    return operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public SnapshotPublisher publisher() {
    return publisher;
  }

  public ProxyFleet fleet() {
    return fleet;
  }

  @Override
  public void close() {
    // Publishing stops first: nothing may compile from caches that are being torn down.
    publisher.close();
    fleet.close();
    operator.stop();
    if (usage != null) {
      usage.close();
    }
  }
}

package io.tollgate.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;

/**
 * Reconcile counts, failures and durations per controller, in Micrometer: {@code
 * tollgate_operator_reconciliations_total{controller,result}} and {@code
 * tollgate_operator_reconcile_duration_seconds{controller}}.
 */
final class ReconcileMetrics implements Metrics {

  private final MeterRegistry registry;

  ReconcileMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    Timer.Sample sample = Timer.start(registry);
    String result = "success";
    try {
      return execution.execute();
    } catch (Exception e) {
      result = "error";
      throw e;
    } finally {
      sample.stop(
          Timer.builder("tollgate.operator.reconcile.duration")
              .description("Time spent in one reconcile")
              .tag("controller", execution.controllerName())
              .register(registry));
      Counter.builder("tollgate.operator.reconciliations")
          .description("Reconciles by outcome")
          .tag("controller", execution.controllerName())
          .tag("result", result)
          .register(registry)
          .increment();
    }
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    Counter.builder("tollgate.operator.reconcile.failures")
        .description("Reconciles that failed and will be retried")
        .tag("kind", resource.getKind())
        .register(registry)
        .increment();
  }
}

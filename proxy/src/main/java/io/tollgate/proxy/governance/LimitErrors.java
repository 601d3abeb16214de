package io.tollgate.proxy.governance;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Budget;
import io.tollgate.governance.Admission;
import io.tollgate.governance.BudgetMeter;
import io.tollgate.governance.MeterPlan;
import io.tollgate.governance.MeterReading;
import io.tollgate.governance.ParallelMeter;
import io.tollgate.governance.RateMeter;
import io.tollgate.proxy.http.GatewayError;
import java.time.Instant;

/** The errors a refused admission answers with, naming the limit and when to come back. */
final class LimitErrors {

  private LimitErrors() {}

  static GatewayError refused(Admission admission, MeterPlan plan, long nowMillis) {
    MeterReading reading = admission.refusedBy();
    long retryAfter = Math.max(1, (reading.resetAtMillis() - nowMillis + 999) / 1000);
    if (admission.storeUnavailable()) {
      return new GatewayError(
          503,
          "api_error",
          "limits_unavailable",
          null,
          "The gateway cannot check the limit "
              + reading.meter().id()
              + " right now (its usage store does not answer) and that limit is set to fail"
              + " closed. Retry shortly.",
          1L);
    }
    if (reading.meter() instanceof BudgetMeter budgetMeter) {
      Budget budget = plan.budgets().get(budgetMeter.id());
      String period = budget == null ? "" : budget.period().name().toLowerCase() + " ";
      return new GatewayError(
          429,
          "insufficient_quota",
          "budget_exceeded",
          null,
          "The "
              + period
              + "budget "
              + budgetMeter.id()
              + " of $"
              + Dollars.format(budgetMeter.limitNanos())
              + " is spent for "
              + budgetMeter.periodId()
              + " ($"
              + Dollars.format(reading.used())
              + " used or reserved). It resets at "
              + Instant.ofEpochMilli(budgetMeter.periodEndMillis())
              + "; ask your platform team to raise it.",
          retryAfter);
    }
    if (reading.meter() instanceof ParallelMeter parallel) {
      return new GatewayError(
          429,
          "requests",
          "rate_limit_exceeded",
          null,
          "Too many parallel requests for "
              + subject(parallel.id())
              + ": at most "
              + parallel.limit()
              + " at once. Retry when one of them has finished.",
          retryAfter);
    }
    RateMeter rate = (RateMeter) reading.meter();
    String unit =
        switch (rate.measure()) {
          case REQUESTS -> "requests";
          case INPUT_TOKENS -> "input tokens";
          case OUTPUT_TOKENS -> "output tokens";
          case TOTAL_TOKENS -> "tokens";
        };
    return new GatewayError(
        429,
        rate.measure() == io.tollgate.governance.Measure.REQUESTS ? "requests" : "tokens",
        "rate_limit_exceeded",
        null,
        "Rate limit reached for "
            + subject(rate.id())
            + ": "
            + rate.limit()
            + " "
            + unit
            + " per minute (used "
            + reading.used()
            + "). Retry after "
            + retryAfter
            + "s.",
        retryAfter);
  }

  static GatewayError unpriced(Backend backend, String model) {
    return new GatewayError(
        503,
        "api_error",
        "price_unknown",
        null,
        "The model '"
            + model
            + "' is held to a budget but its backend '"
            + backend.name()
            + "' ("
            + backend.upstreamModel()
            + ") has no price, and the gateway is set to refuse unpriced requests. Ask your"
            + " platform team to add pricing to the ModelRoute.",
        null);
  }

  /** {@code api-key/default/alice:requests-per-minute} → {@code api-key/default/alice}. */
  private static String subject(String meterId) {
    int colon = meterId.lastIndexOf(':');
    return colon < 0 ? meterId : meterId.substring(0, colon);
  }
}

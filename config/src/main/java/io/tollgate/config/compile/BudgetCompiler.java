package io.tollgate.config.compile;

import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.BudgetPeriod;
import io.tollgate.config.snapshot.StoreFailurePolicy;
import io.tollgate.crds.AlertWebhookSecretRef;
import io.tollgate.crds.BudgetSpec;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles a {@link BudgetSpec} (of a key, a key's users or a team) into a {@link Budget}: the
 * limit to exact nano-dollars, the period and its time zone, the alert thresholds, and the alert
 * webhook URL read from its Secret.
 */
final class BudgetCompiler {

  /** The most a budget can hold: Long.MAX_VALUE nano-dollars, rounded down to whole dollars. */
  static final BigDecimal MAX_LIMIT_USD = BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000_000L);

  private final SecretIndex secrets;

  BudgetCompiler(SecretIndex secrets) {
    this.secrets = secrets;
  }

  /**
   * The budget, or null after adding errors (also for an absent spec, without errors).
   *
   * @param name the budget's name in the snapshot, e.g. {@code team-budget/default/search}
   * @param models the public models it counts; empty for every model
   * @param at the spec's field path, e.g. {@code spec.budget}, or {@code spec} for a TeamBudget
   */
  Budget compile(
      BudgetSpec spec, String name, Set<String> models, String at, ResourceProblems problems) {
    if (spec == null) {
      return null;
    }
    int before = problems.count();
    Long limitNanos = limitNanos(spec.getLimitUsd(), at + ".limitUsd", problems);
    BudgetPeriod period =
        SpecValues.choice(
            spec.getPeriod(), BudgetPeriod.MONTHLY, BudgetPeriod.class, at + ".period", problems);
    ZoneId zone = SpecValues.timeZone(spec.getTimeZone(), at + ".timeZone", problems);
    List<Integer> thresholds =
        thresholds(spec.getAlertThresholds(), at + ".alertThresholds", problems);
    Boolean hard = enforcement(spec.getEnforcement(), at + ".enforcement", problems);
    StoreFailurePolicy onStoreFailure =
        LimitsCompiler.storeFailure(spec.getOnStoreFailure(), at + ".onStoreFailure", problems);
    String webhook =
        webhook(spec.getAlertWebhookSecretRef(), at + ".alertWebhookSecretRef", problems);
    if (problems.count() > before) {
      return null;
    }
    return new Budget(
        name, limitNanos, period, zone, thresholds, hard, models, onStoreFailure, webhook);
  }

  /** Exact: 25 is 25,000,000,000 nano-dollars, 0.1 is 100,000,000; no binary rounding. */
  static Long limitNanos(BigDecimal usd, String field, ResourceProblems problems) {
    if (usd == null) {
      problems.add(field, "required: the limit in US dollars per period, e.g. 25");
      return null;
    }
    if (usd.signum() < 0) {
      problems.add(field, "must not be negative; 0 refuses every request of a hard budget");
      return null;
    }
    if (usd.stripTrailingZeros().scale() > 9) {
      problems.add(
          field,
          usd.toPlainString()
              + " has more than 9 decimal places; budgets are counted in billionths of a dollar");
      return null;
    }
    if (usd.compareTo(MAX_LIMIT_USD) > 0) {
      problems.add(field, "must be at most " + MAX_LIMIT_USD.toPlainString() + " US dollars");
      return null;
    }
    return usd.movePointRight(9).longValueExact();
  }

  private static List<Integer> thresholds(
      List<Integer> declared, String field, ResourceProblems problems) {
    if (declared == null) {
      return BudgetSpec.DEFAULT_ALERT_THRESHOLDS;
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < declared.size(); i++) {
      Integer threshold = declared.get(i);
      if (threshold == null || threshold < 1 || threshold > 1000) {
        problems.add(
            field + "[" + i + "]", "must be a percentage of limitUsd from 1 to 1000, e.g. 80");
      } else if (out.contains(threshold)) {
        problems.add(field + "[" + i + "]", "duplicate threshold " + threshold);
      } else {
        out.add(threshold);
      }
    }
    return out.stream().sorted().toList();
  }

  private static Boolean enforcement(String value, String field, ResourceProblems problems) {
    if (value == null || value.equals("hard")) {
      return true;
    }
    if (value.equals("soft")) {
      return false;
    }
    problems.add(field, "unknown value '" + value + "'; expected one of hard, soft");
    return null;
  }

  /** The URL from the Secret, or null; the URL is a credential and never appears in errors. */
  private String webhook(AlertWebhookSecretRef ref, String at, ResourceProblems problems) {
    if (ref == null) {
      return null;
    }
    if (ref.getName() == null || ref.getName().isBlank()) {
      problems.add(at + ".name", "name is required: the Secret holding the webhook URL");
      return null;
    }
    String key = ref.getKey() == null ? AlertWebhookSecretRef.DEFAULT_KEY : ref.getKey();
    if (key.isBlank()) {
      problems.add(
          at + ".key",
          "key must not be blank; omit it to use '" + AlertWebhookSecretRef.DEFAULT_KEY + "'");
      return null;
    }
    String value = secrets.resolve(problems.loaded, at, ref.getName(), key, problems.errors);
    if (value == null) {
      return null;
    }
    String url = value.strip();
    if (!isHttpUrl(url)) {
      problems.add(
          at + ".key",
          "Secret "
              + problems.loaded.namespace()
              + "/"
              + ref.getName()
              + " key '"
              + key
              + "' does not hold an http or https URL; put the incoming-webhook URL there, e.g."
              + " https://hooks.slack.com/services/...");
      return null;
    }
    return url;
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI uri = new URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}

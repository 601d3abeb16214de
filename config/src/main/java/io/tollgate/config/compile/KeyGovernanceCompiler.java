package io.tollgate.config.compile;

import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.KeyGovernance;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.crds.ApiKeySpec;
import io.tollgate.crds.ModelLimitsSpec;
import io.tollgate.crds.PerUserSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * Compiles an ApiKey's limits and budgets into its {@link KeyGovernance}, precomputing the
 * per-model limits for every model the key may use so a request looks them up by name.
 */
final class KeyGovernanceCompiler {

  private static final Logger LOG = Logger.getLogger(KeyGovernanceCompiler.class);

  private final BudgetCompiler budgets;

  KeyGovernanceCompiler(BudgetCompiler budgets) {
    this.budgets = budgets;
  }

  /** The name of an ApiKey's own budget in the snapshot and the usage store. */
  static String keyBudgetName(String namespacedName) {
    return "api-key/" + namespacedName;
  }

  /**
   * The name prefix of an ApiKey's per-user budgets; the proxy appends {@code /<user>} to count
   * each user apart.
   */
  static String perUserBudgetName(String namespacedName) {
    return keyBudgetName(namespacedName) + "/user";
  }

  /**
   * The key's governance, or null after adding errors.
   *
   * @param allowedModels the public models the key may use
   */
  KeyGovernance compile(ApiKeySpec spec, Set<String> allowedModels, ResourceProblems problems) {
    int before = problems.count();
    String resource = problems.loaded.namespacedName();
    Limits limits = LimitsCompiler.compile(spec.getLimits(), "spec.limits", problems);
    Budget budget =
        budgets.compile(
            spec.getBudget(), keyBudgetName(resource), Set.of(), "spec.budget", problems);
    PerUserSpec perUser = spec.getPerUser();
    Limits perUserLimits =
        LimitsCompiler.compile(
            perUser == null ? null : perUser.getLimits(), "spec.perUser.limits", problems);
    Budget perUserBudget =
        budgets.compile(
            perUser == null ? null : perUser.getBudget(),
            perUserBudgetName(resource),
            Set.of(),
            "spec.perUser.budget",
            problems);
    Map<String, Limits> perModel = perModelLimits(spec.getModelLimits(), allowedModels, problems);
    if (problems.count() > before) {
      return null;
    }
    KeyGovernance governance =
        new KeyGovernance(limits, budget, perUserLimits, perUserBudget, perModel);
    return governance.isEmpty() ? KeyGovernance.NONE : governance;
  }

  /** For each allowed model, the limits of the first entry whose globs match it. */
  private static Map<String, Limits> perModelLimits(
      List<ModelLimitsSpec> entries, Set<String> allowedModels, ResourceProblems problems) {
    if (entries == null || entries.isEmpty()) {
      return Map.of();
    }
    int before = problems.count();
    List<List<Glob>> globs = new ArrayList<>();
    List<Limits> limits = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      String at = "spec.modelLimits[" + i + "]";
      ModelLimitsSpec entry = entries.get(i);
      if (entry == null) {
        problems.add(at, "an entry must be a mapping with models and at least one limit");
        continue;
      }
      globs.add(globs(entry.getModels(), at + ".models", problems));
      Limits compiled = LimitsCompiler.compile(entry, at, problems);
      if (compiled != null && compiled.isEmpty()) {
        problems.add(
            at,
            "an entry sets at least one of requestsPerMinute, tokensPerMinute,"
                + " maxParallelRequests or windows");
      }
      limits.add(compiled);
    }
    if (problems.count() > before) {
      return Map.of();
    }
    Map<String, Limits> out = new HashMap<>();
    boolean[] used = new boolean[entries.size()];
    for (String model : new TreeSet<>(allowedModels)) {
      for (int i = 0; i < globs.size(); i++) {
        if (globs.get(i).stream().anyMatch(g -> g.matches(model))) {
          out.put(model, limits.get(i));
          used[i] = true;
          break;
        }
      }
    }
    for (int i = 0; i < used.length; i++) {
      if (!used[i]) {
        LOG.warnf(
            "%s: %s: spec.modelLimits[%d] matches none of the models the key may use; it"
                + " limits nothing until one exists",
            problems.loaded.origin().file(), problems.loaded.describe(), i);
      }
    }
    return out;
  }

  private static List<Glob> globs(List<String> models, String at, ResourceProblems problems) {
    if (models == null || models.isEmpty()) {
      problems.add(
          at, "required: the public models (globs) these limits apply to, e.g. [\"gpt-4o\"]");
      return List.of();
    }
    List<Glob> out = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      String glob = models.get(i);
      if (glob == null || glob.isBlank()) {
        problems.add(at + "[" + i + "]", "model glob must not be blank");
      } else {
        out.add(Glob.of(glob));
      }
    }
    return out;
  }
}

package io.tollgate.governance;

import io.tollgate.config.snapshot.Budget;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyGovernance;
import io.tollgate.config.snapshot.Limits;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.config.snapshot.TeamGovernance;
import io.tollgate.config.snapshot.TokenCounting;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which meters a request is held to: its key's limits and budget, the key's limits on the
 * requested model, the limits and budget of its end user, and its team's limits and budgets.
 *
 * <p>Meter ids name the subject and what is counted ({@code api-key/default/alice:requests-per-
 * minute}), so a refusal, a metric or a look into Redis says which limit it is. All meters of a
 * request share its team's scope (or its key's, for a key without a team), which keeps them in one
 * Redis hash slot.
 */
public final class MeterPlanner {

  /** End-user ids longer than this are hashed before they become part of a meter id. */
  static final int MAX_USER_LENGTH = 64;

  private MeterPlanner() {}

  /**
   * @param model the public model name (route) requested
   * @param user the end user the client named, or null
   */
  public static MeterPlan plan(
      Snapshot snapshot, ClientKey key, String model, String user, Instant now) {
    KeyGovernance governance = key.governance();
    TeamGovernance team = snapshot.team(key.team());
    if (governance.isEmpty() && team == null) {
      return MeterPlan.NONE;
    }
    List<Meter> meters = new ArrayList<>();
    Map<String, Budget> budgets = new LinkedHashMap<>();
    String keySubject = "api-key/" + key.name();
    addLimits(meters, keySubject, governance.limits(), now);
    Limits perModel = governance.perModelLimits().get(model);
    if (perModel != null) {
      addLimits(meters, keySubject + "/model/" + model, perModel, now);
    }
    addBudget(meters, budgets, governance.budget(), null, model, now);
    if (user != null && !user.isEmpty()) {
      String userId = userId(user);
      addLimits(meters, keySubject + "/user/" + userId, governance.perUserLimits(), now);
      addBudget(meters, budgets, governance.perUserBudget(), userId, model, now);
    }
    if (team != null) {
      addLimits(meters, teamScope(team.team()), team.limits(), now);
      for (Budget budget : team.budgets()) {
        addBudget(meters, budgets, budget, null, model, now);
      }
    }
    String scope = key.team() != null ? teamScope(key.team()) : keySubject;
    return meters.isEmpty()
        ? MeterPlan.NONE
        : new MeterPlan(scope, meters, budgets, validUntil(meters, governance, team, now));
  }

  /**
   * The scope (and subject of team limits) of a team's requests: what the operator reads a
   * TeamBudget's usage under.
   */
  public static String teamScope(String team) {
    return "team/" + team;
  }

  /** When the time-dependent parts of a plan (windows, budget periods) may change next. */
  private static long validUntil(
      List<Meter> meters, KeyGovernance governance, TeamGovernance team, Instant now) {
    long until = Long.MAX_VALUE;
    for (Meter meter : meters) {
      if (meter instanceof BudgetMeter budget) {
        until = Math.min(until, budget.periodEndMillis());
      }
    }
    boolean windows =
        !governance.limits().windows().isEmpty()
            || !governance.perUserLimits().windows().isEmpty()
            || governance.perModelLimits().values().stream().anyMatch(l -> !l.windows().isEmpty())
            || (team != null && !team.limits().windows().isEmpty());
    if (windows) {
      // Windows start and end on whole minutes.
      until = Math.min(until, Math.floorDiv(now.toEpochMilli(), 60_000L) * 60_000L + 60_000L);
    }
    return until;
  }

  private static void addLimits(List<Meter> meters, String subject, Limits limits, Instant now) {
    if (limits.isEmpty()) {
      return;
    }
    Limits current = limits.at(now);
    if (current.requestsPerMinute() != null) {
      meters.add(
          new RateMeter(
              subject + ":requests-per-minute",
              Measure.REQUESTS,
              current.requestsPerMinute(),
              limits.onStoreFailure()));
    }
    if (current.tokensPerMinute() != null) {
      meters.add(
          new RateMeter(
              subject + ":tokens-per-minute",
              measure(current.tokenCounting()),
              current.tokensPerMinute(),
              limits.onStoreFailure()));
    }
    if (current.maxParallelRequests() != null) {
      meters.add(
          new ParallelMeter(
              subject + ":parallel-requests",
              current.maxParallelRequests(),
              limits.onStoreFailure()));
    }
  }

  private static void addBudget(
      List<Meter> meters,
      Map<String, Budget> budgets,
      Budget budget,
      String userId,
      String model,
      Instant now) {
    if (budget == null || !budget.covers(model)) {
      return;
    }
    String id = userId == null ? budget.name() : budget.name() + "/" + userId;
    BudgetMeter meter =
        new BudgetMeter(
            id,
            budget.limitNanos(),
            budget.period().id(now, budget.timeZone()),
            budget.period().end(now, budget.timeZone()).toInstant().toEpochMilli(),
            budget.hard(),
            budget.alertThresholds(),
            budget.onStoreFailure());
    meters.add(meter);
    budgets.put(id, budget);
  }

  private static Measure measure(TokenCounting counting) {
    return switch (counting) {
      case TOTAL -> Measure.TOTAL_TOKENS;
      case INPUT -> Measure.INPUT_TOKENS;
      case OUTPUT -> Measure.OUTPUT_TOKENS;
    };
  }

  /**
   * The user as it appears in meter ids: as sent when short and plain, otherwise a hash, so a
   * client cannot make keys of unbounded length or inject separators.
   */
  static String userId(String user) {
    if (user.length() <= MAX_USER_LENGTH && user.chars().allMatch(MeterPlanner::plain)) {
      return user;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(user.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean plain(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '_'
        || c == '.'
        || c == '@';
  }
}

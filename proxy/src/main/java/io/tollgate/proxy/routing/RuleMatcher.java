package io.tollgate.proxy.routing;

import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.RoutingRule;
import io.tollgate.config.snapshot.RuleMatch;
import java.util.List;
import java.util.Map;

/**
 * Decides which routing rule, if any, applies to a request: the first whose conditions all hold.
 */
public final class RuleMatcher {

  private RuleMatcher() {}

  /** The first matching rule, or null. */
  public static RoutingRule firstMatch(List<RoutingRule> rules, RequestFacts facts) {
    for (RoutingRule rule : rules) {
      if (matches(rule.match(), facts)) {
        return rule;
      }
    }
    return null;
  }

  static boolean matches(RuleMatch match, RequestFacts facts) {
    if (!match.kinds().isEmpty() && !match.kinds().contains(facts.kind())) {
      return false;
    }
    if (!match.teams().isEmpty() && !match.teams().contains(facts.key().team())) {
      return false;
    }
    if (!match.keys().isEmpty() && !anyMatches(match.keys(), facts.key().name())) {
      return false;
    }
    if (!match.users().isEmpty() && !anyMatches(match.users(), facts.user())) {
      return false;
    }
    if (match.minPromptTokens() > 0 && facts.promptTokens() < match.minPromptTokens()) {
      return false;
    }
    for (Map.Entry<String, Glob> header : match.headers().entrySet()) {
      if (!header.getValue().matches(facts.headers().get(header.getKey()))) {
        return false;
      }
    }
    for (Map.Entry<String, Glob> entry : match.metadata().entrySet()) {
      if (!entry.getValue().matches(facts.metadata().get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyMatches(List<Glob> globs, String value) {
    for (Glob glob : globs) {
      if (glob.matches(value)) {
        return true;
      }
    }
    return false;
  }
}

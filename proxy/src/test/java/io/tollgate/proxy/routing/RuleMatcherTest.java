package io.tollgate.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.RuleMatch;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each condition of a rule, alone and together. */
class RuleMatcherTest {

  private static final ClientKey KEY =
      new ClientKey("team-a/batch-7", "batch", "0".repeat(64), List.of("*"), Set.of());

  private static RequestFacts facts(
      String kind, String user, Map<String, String> metadata, int tokens) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Tenant", "acme-eu");
    return new RequestFacts(kind, KEY, headers, user, metadata, tokens, false);
  }

  private static final RequestFacts TYPICAL = facts("chat", "eu-42", Map.of("tier", "batch"), 500);

  private static RuleMatch match(
      Map<String, Glob> headers,
      List<Glob> keys,
      Set<String> teams,
      List<Glob> users,
      Set<String> kinds,
      int minPromptTokens,
      Map<String, Glob> metadata) {
    return new RuleMatch(headers, keys, teams, users, kinds, minPromptTokens, metadata);
  }

  @Test
  void anEmptyMatchHoldsForEveryRequest() {
    assertThat(RuleMatcher.matches(RuleMatch.ANY, TYPICAL)).isTrue();
  }

  @Test
  void eachConditionDecidesOnItsOwn() {
    Map<RuleMatch, Boolean> cases =
        Map.of(
            match(
                    Map.of("x-tenant", Glob.of("*-eu")),
                    List.of(),
                    Set.of(),
                    List.of(),
                    Set.of(),
                    0,
                    Map.of()),
                true,
            match(
                    Map.of("x-tenant", Glob.of("*-us")),
                    List.of(),
                    Set.of(),
                    List.of(),
                    Set.of(),
                    0,
                    Map.of()),
                false,
            match(
                    Map.of("x-missing", Glob.of("*")),
                    List.of(),
                    Set.of(),
                    List.of(),
                    Set.of(),
                    0,
                    Map.of()),
                false,
            match(
                    Map.of(),
                    List.of(Glob.of("team-a/batch-*")),
                    Set.of(),
                    List.of(),
                    Set.of(),
                    0,
                    Map.of()),
                true,
            match(Map.of(), List.of(), Set.of("search"), List.of(), Set.of(), 0, Map.of()), false,
            match(Map.of(), List.of(), Set.of(), List.of(Glob.of("eu-*")), Set.of(), 0, Map.of()),
                true,
            match(Map.of(), List.of(), Set.of(), List.of(), Set.of("embeddings"), 0, Map.of()),
                false,
            match(Map.of(), List.of(), Set.of(), List.of(), Set.of(), 501, Map.of()), false,
            match(
                    Map.of(),
                    List.of(),
                    Set.of(),
                    List.of(),
                    Set.of(),
                    500,
                    Map.of("tier", Glob.of("batch"))),
                true,
            match(
                    Map.of(),
                    List.of(),
                    Set.of("batch"),
                    List.of(),
                    Set.of(),
                    0,
                    Map.of("tier", Glob.of("gold"))),
                false);
    cases.forEach(
        (match, expected) ->
            assertThat(RuleMatcher.matches(match, TYPICAL)).as("%s", match).isEqualTo(expected));
  }

  @Test
  void aRequestWithoutAUserFailsAUserCondition() {
    RuleMatch users =
        match(Map.of(), List.of(), Set.of(), List.of(Glob.of("*")), Set.of(), 0, Map.of());
    assertThat(RuleMatcher.matches(users, facts("chat", null, Map.of(), 10))).isFalse();
  }
}

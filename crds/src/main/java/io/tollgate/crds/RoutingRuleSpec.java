package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** A custom routing rule: requests that match use a subset or order of the route's backends. */
public class RoutingRuleSpec {

  @JsonPropertyDescription("Name of the rule, for logs and the access log. Example: eu-users")
  @Required
  private String name;

  @JsonPropertyDescription(
      "What a request must have for the rule to apply. An empty match applies to every "
          + "request.")
  private RuleMatchSpec match;

  @JsonPropertyDescription(
      "Names of this route's backends the matching requests may use; the strategy orders them."
          + " Example: [bedrock-eu]")
  @Required
  @Size(min = 1)
  private List<String> backends;

  @JsonPropertyDescription(
      "Strategy among those backends; defaults to the route's. One of weighted, "
          + "priority, least-busy, latency, cost.")
  @Pattern(Tollgate.STRATEGY_PATTERN)
  private String strategy;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public RuleMatchSpec getMatch() {
    return match;
  }

  public void setMatch(RuleMatchSpec match) {
    this.match = match;
  }

  public List<String> getBackends() {
    return backends;
  }

  public void setBackends(List<String> backends) {
    this.backends = backends;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }
}

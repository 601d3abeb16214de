package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The desired state of a {@link TeamBudget}: a budget shared by every ApiKey of a team, optionally
 * only for some models, and optionally limits shared by those keys.
 */
@ValidationRule(
    value = "self.team.matches('\\\\S')",
    message = "team must not be blank; it is the spec.team of the ApiKeys the budget covers")
@ValidationRule(
    value = "!has(self.models) || self.models.all(m, m.matches('\\\\S'))",
    message = "models must not contain blank globs; omit models to count every model")
public class TeamBudgetSpec extends BudgetSpec {

  @JsonPropertyDescription(
      "The team whose keys share this budget: ApiKeys with this spec.team, in every namespace"
          + " the gateway reads. Example: search")
  @Required
  private String team;

  @JsonPropertyDescription(
      "Public model names (globs) whose spend counts against this budget; requests for other"
          + " models neither count nor are refused by it. Omit to count every model. Example:"
          + " [\"gpt-4o\", \"claude-*\"]")
  private List<String> models;

  @JsonPropertyDescription(
      "Limits shared by all the team's keys together. Only one TeamBudget of a team may set"
          + " them. Example: {requestsPerMinute: 600}")
  private LimitsSpec limits;

  public String getTeam() {
    return team;
  }

  public void setTeam(String team) {
    this.team = team;
  }

  public List<String> getModels() {
    return models;
  }

  public void setModels(List<String> models) {
    this.models = models;
  }

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }
}

package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * The desired state of an {@link ApiKey}: owner team, allowed models, where the key lives, and its
 * limits and budgets.
 */
@ValidationRule(
    value = "self.models.all(m, m.matches('\\\\S'))",
    message = "models must not contain blank globs; use \"*\" to allow every model")
@ValidationRule(
    value = "!has(self.team) || self.team.matches('\\\\S')",
    message = "team must not be blank; omit it when the key belongs to no team")
@ValidationRule(
    value = "!has(self.expiresAt) || timestamp(self.expiresAt) > timestamp('1970-01-01T00:00:00Z')",
    message = "expiresAt must be an RFC 3339 time, e.g. 2026-12-31T23:59:59Z")
public class ApiKeySpec {

  /** The grace period used when {@code rotationGracePeriod} is not set. */
  public static final String DEFAULT_ROTATION_GRACE_PERIOD = "24h";

  @JsonPropertyDescription(
      "The team the key belongs to, for budgets and usage reports. Optional. Example: search")
  private String team;

  @JsonPropertyDescription(
      "Public model names (ModelRoute spec.model) this key may use, as globs: '*' matches any run"
          + " of characters, '?' exactly one. Use [\"*\"] to allow every model. Example:"
          + " [\"gpt-4o-mini\", \"claude-*\"]")
  @Required
  @Size(min = 1)
  private List<String> models;

  @JsonPropertyDescription(
      "The Secret key holding the gateway key value clients present as a bearer token. The Secret"
          + " must be in the same namespace. Example: {name: alice-key}")
  @Required
  private KeySecretRef secretRef;

  @JsonPropertyDescription(
      "When the key stops working, as an RFC 3339 time. Optional; without it the key does not"
          + " expire. In a cluster the operator removes an expired key from the configuration"
          + " within about a second of this time. Example: 2026-12-31T23:59:59Z")
  private String expiresAt;

  @JsonPropertyDescription(
      "How long the previous key keeps working after a rotation (annotate the ApiKey with"
          + " tollgate.io/rotate=<any new value> to rotate). A duration in hours, minutes or"
          + " seconds. Defaults to 24h. Example: 1h30m")
  @Pattern("^([0-9]+h)?([0-9]+m)?([0-9]+s)?$")
  @Default(DEFAULT_ROTATION_GRACE_PERIOD)
  private String rotationGracePeriod;

  @JsonPropertyDescription(
      "Rate and concurrency limits of the key as a whole, across all its models and users."
          + " Example: {requestsPerMinute: 60, tokensPerMinute: 100000, maxParallelRequests: 8}")
  private LimitsSpec limits;

  @JsonPropertyDescription(
      "A spending limit of the key as a whole per calendar period. Example: {limitUsd: 25,"
          + " period: monthly}")
  private BudgetSpec budget;

  @JsonPropertyDescription(
      "Limits and a budget for each end user of the key separately; the user is the request's"
          + " OpenAI 'user' field or its x-tollgate-user header. Requests without a user are not"
          + " limited by these.")
  private PerUserSpec perUser;

  @JsonPropertyDescription(
      "Limits on the key's use of particular models, counted for each model separately. A model"
          + " takes the first entry whose globs match it.")
  @Size(max = 64)
  private List<ModelLimitsSpec> modelLimits;

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

  public KeySecretRef getSecretRef() {
    return secretRef;
  }

  public void setSecretRef(KeySecretRef secretRef) {
    this.secretRef = secretRef;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }

  public String getRotationGracePeriod() {
    return rotationGracePeriod;
  }

  public void setRotationGracePeriod(String rotationGracePeriod) {
    this.rotationGracePeriod = rotationGracePeriod;
  }

  public LimitsSpec getLimits() {
    return limits;
  }

  public void setLimits(LimitsSpec limits) {
    this.limits = limits;
  }

  public BudgetSpec getBudget() {
    return budget;
  }

  public void setBudget(BudgetSpec budget) {
    this.budget = budget;
  }

  public PerUserSpec getPerUser() {
    return perUser;
  }

  public void setPerUser(PerUserSpec perUser) {
    this.perUser = perUser;
  }

  public List<ModelLimitsSpec> getModelLimits() {
    return modelLimits;
  }

  public void setModelLimits(List<ModelLimitsSpec> modelLimits) {
    this.modelLimits = modelLimits;
  }
}

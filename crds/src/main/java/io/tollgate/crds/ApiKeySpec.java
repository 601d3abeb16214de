package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The desired state of an {@link ApiKey}: owner team, allowed models, and where the key lives. */
public class ApiKeySpec {

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
}

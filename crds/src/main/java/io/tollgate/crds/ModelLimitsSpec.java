package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Limits on a key's use of some models, counted for each matching model separately: with {@code
 * models: ["gpt-4o*"]} and 10 requests per minute, the key may send 10 to gpt-4o and 10 to
 * gpt-4o-mini.
 */
@ValidationRule(
    value =
        "has(self.requestsPerMinute) || has(self.tokensPerMinute)"
            + " || has(self.maxParallelRequests) || has(self.windows)",
    message =
        "an entry sets at least one of requestsPerMinute, tokensPerMinute, maxParallelRequests"
            + " or windows")
public class ModelLimitsSpec extends LimitsSpec {

  @JsonPropertyDescription(
      "Public model names (globs, as in spec.models) these limits apply to. A model matched by"
          + " several entries takes the first. Example: [\"gpt-4o\", \"claude-*\"]")
  @Required
  @Size(min = 1)
  private List<String> models;

  public List<String> getModels() {
    return models;
  }

  public void setModels(List<String> models) {
    this.models = models;
  }
}

package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Points at the key of a Secret, in the referring resource's namespace, holding a credential. */
public class CredentialsSecretRef {

  @JsonPropertyDescription(
      "Name of a Secret in the same namespace as this resource. Example: openai-credentials")
  @Required
  private String name;

  @JsonPropertyDescription(
      "The key within the Secret's data or stringData whose value is the credential. Example:"
          + " apiKey")
  @Required
  private String key;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}

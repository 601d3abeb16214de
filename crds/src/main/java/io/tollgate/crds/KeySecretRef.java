package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Points at the Secret key, in the ApiKey's namespace, that holds a gateway key's value. */
public class KeySecretRef {

  /** The Secret data key used when {@code key} is not set. */
  public static final String DEFAULT_KEY = "key";

  @JsonPropertyDescription(
      "Name of a Secret in the same namespace as the ApiKey. In a cluster the operator creates it"
          + " with a generated key when absent. Example: alice-key")
  @Required
  private String name;

  @JsonPropertyDescription(
      "The key within the Secret's data or stringData whose value is the gateway key. Defaults to"
          + " 'key'. Example: key")
  @Default(DEFAULT_KEY)
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

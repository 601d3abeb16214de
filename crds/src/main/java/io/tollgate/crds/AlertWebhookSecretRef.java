package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * Points at the Secret key holding a budget's alert webhook URL. The URL is kept in a Secret
 * because incoming-webhook URLs (Slack and alike) are credentials: whoever has one can post.
 */
public class AlertWebhookSecretRef {

  /** The Secret data key used when {@code key} is not set. */
  public static final String DEFAULT_KEY = "url";

  @JsonPropertyDescription(
      "Name of a Secret in the same namespace as this resource. Example: search-alerts")
  @Required
  private String name;

  @JsonPropertyDescription(
      "The key within the Secret whose value is the webhook URL (http or https). Defaults to"
          + " 'url'. Example: url")
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

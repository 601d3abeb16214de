package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import java.util.List;
import java.util.Map;

/** What a request must have for a routing rule to apply; every condition given must hold. */
public class RuleMatchSpec {

  @JsonPropertyDescription(
      "Request headers and globs their value must match (* any run, ? one character; "
          + "names are case-insensitive). Example: {x-user-region: \"eu-*\"}")
  private Map<String, String> headers;

  @JsonPropertyDescription(
      "Globs on the caller's ApiKey (namespace/name). Example: [\"default/batch-*\"]")
  private List<String> keys;

  @JsonPropertyDescription("Teams of the caller's ApiKey. Example: [search]")
  private List<String> teams;

  @JsonPropertyDescription("Globs on the OpenAI 'user' field of the request. Example: [\"eu-*\"]")
  private List<String> users;

  @JsonPropertyDescription("Request kinds: chat, embeddings. Example: [chat]")
  private List<String> kinds;

  @JsonPropertyDescription(
      "Applies when the prompt has at least this many tokens, estimated as request body "
          + "bytes / 4. Example: 30000")
  @Min(0)
  private Integer minPromptTokens;

  @JsonPropertyDescription(
      "Entries of the request's OpenAI 'metadata' object and globs their value must "
          + "match. Example: {tier: batch}")
  private Map<String, String> metadata;

  public Map<String, String> getHeaders() {
    return headers;
  }

  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  public List<String> getKeys() {
    return keys;
  }

  public void setKeys(List<String> keys) {
    this.keys = keys;
  }

  public List<String> getTeams() {
    return teams;
  }

  public void setTeams(List<String> teams) {
    this.teams = teams;
  }

  public List<String> getUsers() {
    return users;
  }

  public void setUsers(List<String> users) {
    this.users = users;
  }

  public List<String> getKinds() {
    return kinds;
  }

  public void setKinds(List<String> kinds) {
    this.kinds = kinds;
  }

  public Integer getMinPromptTokens() {
    return minPromptTokens;
  }

  public void setMinPromptTokens(Integer minPromptTokens) {
    this.minPromptTokens = minPromptTokens;
  }

  public Map<String, String> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, String> metadata) {
    this.metadata = metadata;
  }
}

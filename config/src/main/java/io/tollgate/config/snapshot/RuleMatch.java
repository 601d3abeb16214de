package io.tollgate.config.snapshot;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conditions of a routing rule; empty collections and a zero token bound do not constrain.
 *
 * @param headers lowercase header names and globs their value must match
 * @param keys globs on the caller's ApiKey name ({@code namespace/name})
 * @param users globs on the OpenAI {@code user} field
 * @param kinds request kinds ({@code chat}, {@code embeddings})
 * @param minPromptTokens estimated prompt tokens at least this (0: any)
 * @param metadata keys of the request's {@code metadata} object and globs their value must match
 */
public record RuleMatch(
    Map<String, Glob> headers,
    List<Glob> keys,
    Set<String> teams,
    List<Glob> users,
    Set<String> kinds,
    int minPromptTokens,
    Map<String, Glob> metadata) {

  public static final RuleMatch ANY =
      new RuleMatch(Map.of(), List.of(), Set.of(), List.of(), Set.of(), 0, Map.of());

  public RuleMatch {
    headers = Map.copyOf(headers);
    keys = List.copyOf(keys);
    teams = Set.copyOf(teams);
    users = List.copyOf(users);
    kinds = Set.copyOf(kinds);
    metadata = Map.copyOf(metadata);
    if (minPromptTokens < 0) {
      throw new IllegalArgumentException("minPromptTokens must not be negative");
    }
  }

  /** Whether the rule needs the request's {@code metadata} object to decide. */
  public boolean readsMetadata() {
    return !metadata.isEmpty();
  }
}

package io.tollgate.operator.snapshot;

import java.util.List;

/**
 * What the last compile made of one resource.
 *
 * @param generation the metadata.generation that was compiled
 * @param accepted true when the resource is in the published snapshot
 * @param reason {@code Compiled}, {@code Invalid} or {@code Expired}
 * @param problems what to fix, one line each ({@code field: message}); empty when accepted
 * @param sinceVersion the first published snapshot version holding the resource as compiled, or -1
 *     when not accepted
 */
public record ResourceOutcome(
    long generation, boolean accepted, String reason, List<String> problems, long sinceVersion) {

  public static final String COMPILED = "Compiled";
  public static final String INVALID = "Invalid";
  public static final String EXPIRED = "Expired";

  public ResourceOutcome {
    problems = List.copyOf(problems);
  }
}

package io.tollgate.proxy.routing;

import io.tollgate.config.snapshot.ClientKey;
import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * What routing rules may look at in a request.
 *
 * @param kind {@code chat} or {@code embeddings}
 * @param user the OpenAI {@code user} field, or null
 * @param metadata the string entries of the request's {@code metadata} object
 * @param promptTokens estimated prompt tokens (body bytes / 4)
 * @param stream whether the client asked for a stream
 */
public record RequestFacts(
    String kind,
    ClientKey key,
    MultiMap headers,
    String user,
    Map<String, String> metadata,
    int promptTokens,
    boolean stream) {

  /** Roughly four bytes of JSON per token: cheap, and good enough to tell long prompts. */
  public static int estimateTokens(int bodyBytes) {
    return bodyBytes / 4;
  }
}

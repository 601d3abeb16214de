package io.tollgate.proxy.openai;

import io.tollgate.config.snapshot.BackendSchema;
import java.util.Map;

/**
 * A client request as its front door read it, whatever schema the client speaks: what admission and
 * routing need to know, and how the request is carried to each kind of backend. One implementation
 * per client schema (OpenAI, Anthropic Messages, Bedrock Converse).
 */
public interface ClientRequest {

  /** The public model name the client asked for. */
  String model();

  /** What routing rules match on: {@code chat} or {@code embeddings}. */
  String kind();

  /** Whether the client asked for a streamed answer. */
  boolean stream();

  /** The end user the request names in its body, or null. */
  String user();

  /** String metadata the request carries, for routing rules; empty when none. */
  Map<String, String> metadata();

  /** The most output tokens the request allows, or -1 when it sets no limit. */
  long maxOutputTokens();

  /**
   * How this request reaches a backend speaking {@code schema} and how that backend's answer comes
   * back in the client's schema (one {@link BackendDialect} per client × backend schema pair), or
   * null when such a backend cannot serve the request (only OpenAI's API has embeddings).
   */
  BackendDialect dialect(BackendSchema schema);
}

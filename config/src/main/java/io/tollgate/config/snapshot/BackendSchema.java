package io.tollgate.config.snapshot;

/**
 * The request and response schema a backend speaks, which decides how each client schema is
 * translated for it; how the bytes travel (HTTP, an AWS SDK) is the {@link Provider}'s business.
 */
public enum BackendSchema {
  /** OpenAI's API: chat completions and embeddings (OpenAI, Azure OpenAI, OpenAI-compatible). */
  OPENAI,
  /** An OpenAI chat completions body only, with no other operations (SageMaker containers). */
  OPENAI_CHAT,
  /** Anthropic's Messages API. */
  ANTHROPIC,
  /** Amazon Bedrock's Converse API. */
  BEDROCK,
  /** Hugging Face TGI's native {@code inputs/parameters} generation (SageMaker containers). */
  TGI
}

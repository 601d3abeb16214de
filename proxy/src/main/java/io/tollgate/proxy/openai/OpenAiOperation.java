package io.tollgate.proxy.openai;

/** The OpenAI-schema operations the gateway proxies, with their upstream paths. */
public enum OpenAiOperation {
  CHAT_COMPLETIONS("chat", "/chat/completions"),
  EMBEDDINGS("embeddings", "/embeddings");

  private final String kind;
  private final String upstreamPath;

  OpenAiOperation(String kind, String upstreamPath) {
    this.kind = kind;
    this.upstreamPath = upstreamPath;
  }

  /** Short name for logs and metrics. */
  public String kind() {
    return kind;
  }

  /** Path appended to a backend's base URL. */
  public String upstreamPath() {
    return upstreamPath;
  }
}

package io.tollgate.config.snapshot;

/** The upstream wire protocols a backend can speak; one adapter per value in the proxy. */
public enum Provider {
  /** OpenAI's own API; base URL defaults to {@code https://api.openai.com/v1}; needs an API key. */
  OPENAI("openai", "https://api.openai.com/v1"),
  /** Any server with an OpenAI-style {@code /v1} surface (vLLM, Ollama, LM Studio, TGI…). */
  OPENAI_COMPATIBLE("openai-compatible", null, false),
  /**
   * A deployment of Azure OpenAI: requests go to {@code
   * <baseUrl>/openai/deployments/<model>/...?api-version=...} with an {@code api-key} header.
   */
  AZURE_OPENAI("azure-openai", null, true),
  /** Anthropic's Messages API; base URL defaults to {@code https://api.anthropic.com/v1}. */
  ANTHROPIC("anthropic", "https://api.anthropic.com/v1", true),
  /**
   * Amazon Bedrock Runtime's Converse API through the AWS SDK: the SDK picks the regional endpoint
   * (a {@code baseUrl} overrides it) and signs with the default credential chain or an assumed
   * role, or sends a Bedrock API key as a bearer token when the backend names one.
   */
  BEDROCK("bedrock", null, false),
  /**
   * A model container behind an Amazon SageMaker AI endpoint, through SageMaker Runtime's
   * InvokeEndpoint and InvokeEndpointWithResponseStream (AWS SDK, signed with the proxy's AWS
   * identity or an assumed role); the payload is an OpenAI chat body or TGI's {@code inputs}.
   */
  SAGEMAKER("sagemaker", null, false);

  private final String wireName;
  private final String defaultBaseUrl;
  private final boolean requiresCredentials;

  Provider(String wireName, String defaultBaseUrl) {
    this(wireName, defaultBaseUrl, true);
  }

  Provider(String wireName, String defaultBaseUrl, boolean requiresCredentials) {
    this.wireName = wireName;
    this.defaultBaseUrl = defaultBaseUrl;
    this.requiresCredentials = requiresCredentials;
  }

  /** Whether a backend of this provider must name a credentials Secret. */
  public boolean requiresCredentials() {
    return requiresCredentials;
  }

  /** The value used in {@code ModelRoute.spec.backends[].provider}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Whether the AWS SDK reaches this provider: it needs {@link AwsAccess} (a region), and its
   * endpoint comes from the region unless a {@code baseUrl} overrides it.
   */
  public boolean aws() {
    return this == BEDROCK || this == SAGEMAKER;
  }

  /** The base URL used when a backend sets none, or null when the provider has no default. */
  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }
}

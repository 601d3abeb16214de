package io.tollgate.config.snapshot;

import java.net.URI;
import java.util.Objects;

/**
 * One upstream deployment of a route, with its credential already resolved from its Secret.
 *
 * @param name the backend's name within its route (unique there); appears in metrics and logs
 * @param provider the wire protocol spoken upstream
 * @param upstreamModel the model id sent upstream in place of the client's public model name
 * @param baseUrl the upstream API root without a trailing slash, e.g. {@code
 *     https://api.openai.com/v1}; request paths such as {@code /chat/completions} are appended.
 *     Null only for AWS providers, whose SDK takes the regional endpoint
 * @param apiKey the upstream credential, or null when the backend needs none (for bedrock: a
 *     Bedrock API key, sent as a bearer token instead of signing; for azure-openai with {@code
 *     entra}: the Entra client secret, or null for workload identity)
 * @param weight share of requests under the weighted strategy; 0 = only by rule or failover
 * @param priority tier under the priority strategy, lower first
 * @param capacity what one proxy may send it
 * @param pricing its price, or null when not declared
 * @param azureApiVersion the {@code api-version} of an azure-openai backend; null for others
 * @param aws region and role of a backend of an AWS provider; null for others
 * @param sagemaker payload and routing headers of a sagemaker backend; null for others
 * @param entra Entra ID token settings of an azure-openai backend authenticating with them; null
 *     otherwise
 */
public record Backend(
    String name,
    Provider provider,
    String upstreamModel,
    URI baseUrl,
    String apiKey,
    int weight,
    int priority,
    BackendCapacity capacity,
    Pricing pricing,
    String azureApiVersion,
    AwsAccess aws,
    SageMakerOptions sagemaker,
    EntraAuth entra) {

  /** The api-version an azure-openai backend uses when it names none. */
  public static final String DEFAULT_AZURE_API_VERSION = "2024-10-21";

  /** A backend with the default weight (1), priority (0), no capacity limits and no pricing. */
  public Backend(String name, Provider provider, String upstreamModel, URI baseUrl, String apiKey) {
    this(
        name,
        provider,
        upstreamModel,
        baseUrl,
        apiKey,
        1,
        0,
        BackendCapacity.UNLIMITED,
        null,
        null,
        null);
  }

  /** A backend of any provider but azure-openai and the AWS ones. */
  public Backend(
      String name,
      Provider provider,
      String upstreamModel,
      URI baseUrl,
      String apiKey,
      int weight,
      int priority,
      BackendCapacity capacity,
      Pricing pricing) {
    this(name, provider, upstreamModel, baseUrl, apiKey, weight, priority, capacity, pricing, null);
  }

  /** A backend of any provider but the AWS ones. */
  public Backend(
      String name,
      Provider provider,
      String upstreamModel,
      URI baseUrl,
      String apiKey,
      int weight,
      int priority,
      BackendCapacity capacity,
      Pricing pricing,
      String azureApiVersion) {
    this(
        name,
        provider,
        upstreamModel,
        baseUrl,
        apiKey,
        weight,
        priority,
        capacity,
        pricing,
        azureApiVersion,
        null);
  }

  /** A backend that does not authenticate with Entra ID. */
  public Backend(
      String name,
      Provider provider,
      String upstreamModel,
      URI baseUrl,
      String apiKey,
      int weight,
      int priority,
      BackendCapacity capacity,
      Pricing pricing,
      String azureApiVersion,
      AwsAccess aws,
      SageMakerOptions sagemaker) {
    this(
        name,
        provider,
        upstreamModel,
        baseUrl,
        apiKey,
        weight,
        priority,
        capacity,
        pricing,
        azureApiVersion,
        aws,
        sagemaker,
        null);
  }

  /** A backend of any provider but sagemaker. */
  public Backend(
      String name,
      Provider provider,
      String upstreamModel,
      URI baseUrl,
      String apiKey,
      int weight,
      int priority,
      BackendCapacity capacity,
      Pricing pricing,
      String azureApiVersion,
      AwsAccess aws) {
    this(
        name,
        provider,
        upstreamModel,
        baseUrl,
        apiKey,
        weight,
        priority,
        capacity,
        pricing,
        azureApiVersion,
        aws,
        null);
  }

  public Backend {
    requireText(name, "name");
    Objects.requireNonNull(provider, "provider");
    requireText(upstreamModel, "upstreamModel");
    if (baseUrl == null) {
      if (!provider.aws()) {
        throw new NullPointerException("baseUrl");
      }
    } else {
      if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
        throw new IllegalArgumentException("baseUrl must be http or https: " + baseUrl);
      }
      if (baseUrl.getHost() == null) {
        throw new IllegalArgumentException("baseUrl must name a host: " + baseUrl);
      }
      if (baseUrl.getPath() != null && baseUrl.getPath().endsWith("/")) {
        throw new IllegalArgumentException("baseUrl must not end with '/': " + baseUrl);
      }
    }
    if (apiKey != null && apiKey.isBlank()) {
      throw new IllegalArgumentException("apiKey must be null or non-blank");
    }
    if (weight < 0 || priority < 0) {
      throw new IllegalArgumentException("weight and priority must not be negative");
    }
    Objects.requireNonNull(capacity, "capacity");
    if ((provider == Provider.AZURE_OPENAI) != (azureApiVersion != null)) {
      throw new IllegalArgumentException(
          "azureApiVersion is set exactly for azure-openai backends");
    }
    if (provider.aws() != (aws != null)) {
      throw new IllegalArgumentException("aws is set exactly for backends of AWS providers");
    }
    if ((provider == Provider.SAGEMAKER) != (sagemaker != null)) {
      throw new IllegalArgumentException("sagemaker is set exactly for sagemaker backends");
    }
    if (entra != null && provider != Provider.AZURE_OPENAI) {
      throw new IllegalArgumentException("entra is only for azure-openai backends");
    }
    if (provider == Provider.SAGEMAKER && apiKey != null) {
      throw new IllegalArgumentException("sagemaker backends authenticate with AWS credentials");
    }
  }

  /** The schema this backend's requests and answers are written in. */
  public BackendSchema schema() {
    return switch (provider) {
      case OPENAI, OPENAI_COMPATIBLE, AZURE_OPENAI -> BackendSchema.OPENAI;
      case ANTHROPIC -> BackendSchema.ANTHROPIC;
      case BEDROCK -> BackendSchema.BEDROCK;
      case SAGEMAKER -> sagemaker.schema();
    };
  }

  /**
   * The model id written into the request body, or null for none: the upstream model, except for
   * SageMaker, where the endpoint is named by the call and the body carries the container's own
   * model name, if any.
   */
  public String bodyModel() {
    return provider == Provider.SAGEMAKER ? sagemaker.containerModel() : upstreamModel;
  }

  /** Keeps credentials out of logs and exception messages. */
  @Override
  public String toString() {
    return "Backend[name="
        + name
        + ", provider="
        + provider.wireName()
        + ", upstreamModel="
        + upstreamModel
        + ", baseUrl="
        + (baseUrl == null ? "default" : baseUrl)
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + ", weight="
        + weight
        + ", priority="
        + priority
        + ", capacity="
        + capacity
        + ", pricing="
        + pricing
        + (aws == null ? "" : ", aws=" + aws)
        + (sagemaker == null ? "" : ", sagemaker=" + sagemaker)
        + (entra == null ? "" : ", entra=" + entra)
        + "]";
  }

  static void requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
  }
}

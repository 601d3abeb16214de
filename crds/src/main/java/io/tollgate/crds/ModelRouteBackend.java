package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** One upstream deployment of a {@link ModelRoute}: provider, upstream model, URL, credential. */
@ValidationRule(
    value = "self.provider != 'openai-compatible' || has(self.baseUrl)",
    message = "baseUrl is required for provider openai-compatible, e.g. http://vllm:8000/v1")
@ValidationRule(
    value =
        "self.provider in ['openai-compatible', 'bedrock', 'sagemaker'] ||"
            + " has(self.credentialsSecretRef) || (self.provider == 'azure-openai' &&"
            + " has(self.entra))",
    message =
        "credentialsSecretRef is required for providers openai, azure-openai (unless it uses"
            + " entra) and anthropic")
@ValidationRule(
    value = "self.provider == 'azure-openai' || !has(self.entra)",
    message = "entra is only for provider azure-openai")
@ValidationRule(
    value = "self.provider != 'sagemaker' || !has(self.credentialsSecretRef)",
    message =
        "provider sagemaker signs with the proxy's AWS identity (or roleArn), not"
            + " credentialsSecretRef")
@ValidationRule(
    value = "!(self.provider in ['bedrock', 'sagemaker']) || has(self.region)",
    message = "region is required for providers bedrock and sagemaker, e.g. us-east-1")
@ValidationRule(
    value =
        "self.provider in ['bedrock', 'sagemaker'] || (!has(self.region) && !has(self.roleArn))",
    message = "region and roleArn are only for providers bedrock and sagemaker")
@ValidationRule(
    value = "self.provider == 'sagemaker' || !has(self.sagemaker)",
    message = "sagemaker is only for provider sagemaker")
public class ModelRouteBackend {

  @JsonPropertyDescription(
      "Name of this backend, unique within the route; shown in metrics and logs. Example: primary")
  @Required
  private String name;

  @JsonPropertyDescription(
      "The upstream wire protocol: openai (OpenAI's API), openai-compatible (vLLM, Ollama, LM"
          + " Studio and other servers with an OpenAI-style /v1 API), azure-openai (a deployment of"
          + " Azure OpenAI; model is the deployment name), anthropic (Anthropic's Messages API;"
          + " OpenAI clients are translated), bedrock (Amazon Bedrock's Converse API through the"
          + " AWS SDK; model is a model id, inference-profile id or ARN) or sagemaker (a model"
          + " container behind an Amazon SageMaker AI endpoint, through the AWS SDK; model is the"
          + " endpoint name). Example: openai")
  @Required
  private String provider;

  @JsonPropertyDescription(
      "The model id sent upstream in place of the public model name; for bedrock a model id,"
          + " inference-profile id or ARN; for sagemaker the endpoint name. Example: gpt-4o-mini")
  @Required
  private String model;

  @JsonPropertyDescription(
      "Root URL of the upstream API, absolute http or https; a trailing '/' is ignored. Defaults"
          + " to https://api.openai.com/v1 for provider openai; required for openai-compatible."
          + " For bedrock and sagemaker it overrides the regional endpoint the AWS SDK picks (VPC"
          + " endpoint, FIPS endpoint). Example: http://vllm:8000/v1")
  @Pattern("^https?://.+")
  private String baseUrl;

  @JsonPropertyDescription(
      "The Secret key holding the upstream API key, sent as a bearer token. The Secret must be in"
          + " the route's namespace. Required for providers openai, azure-openai (sent as api-key) and"
          + " anthropic (sent as x-api-key),"
          + " optional for openai-compatible and for bedrock (a Bedrock API key, sent instead of"
          + " SigV4 signing with the proxy's AWS credentials); not for sagemaker, which always"
          + " signs. For azure-openai with entra, the Entra client secret (without it, workload"
          + " identity). Example: {name: openai-credentials, key: apiKey}")
  private CredentialsSecretRef credentialsSecretRef;

  @JsonPropertyDescription(
      "Provider azure-openai only: the api-version query parameter of Azure OpenAI's"
          + " deployment API. Defaults to 2024-10-21. Example: 2025-01-01-preview")
  private String azureApiVersion;

  @JsonPropertyDescription(
      "Provider azure-openai only: authenticate with Microsoft Entra ID bearer tokens instead of"
          + " the API key: AKS workload identity, or the client secret in credentialsSecretRef."
          + " Example: {tenantId: contoso.onmicrosoft.com}")
  private EntraAuthSpec entra;

  @JsonPropertyDescription(
      "Providers bedrock and sagemaker only, and required there: the AWS region to call (also"
          + " the SigV4 signing region). Example: us-east-1")
  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
  private String region;

  @JsonPropertyDescription(
      "Providers bedrock and sagemaker only: an IAM role the proxy assumes through STS (session"
          + " name tollgate) before calling; without it the proxy's own AWS identity (IRSA, EKS Pod"
          + " Identity, environment) calls. Example: arn:aws:iam::123456789012:role/bedrock-invoke")
  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/.+$")
  private String roleArn;

  @JsonPropertyDescription(
      "Provider sagemaker only: the payload the endpoint's container takes (openai-chat by"
          + " default, or tgi with a promptFormat) and the InvokeEndpoint routing options"
          + " (inference component, variant, target model, container, custom attributes).")
  private SageMakerBackendSpec sagemaker;

  @JsonPropertyDescription(
      "Relative share of requests under the weighted strategy (and within a priority "
          + "tier). Default 1; 0 keeps the backend for rules and failover only. Example: 3")
  @Min(0)
  private Integer weight;

  @JsonPropertyDescription(
      "Tier under the priority strategy: lower values are tried first. Default 0. " + "Example: 1")
  @Min(0)
  private Integer priority;

  @JsonPropertyDescription(
      "Per-proxy limits on what this backend is sent; a saturated backend leaves "
          + "selection until it has room.")
  private BackendCapacitySpec capacity;

  @JsonPropertyDescription(
      "Price of this backend in USD per million tokens, charged to budgets and compared by the"
          + " cost strategy. Optional for models in Tollgate's price catalog (common openai,"
          + " anthropic and bedrock models); each field given overrides the catalog's.")
  private PricingSpec pricing;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getProvider() {
    return provider;
  }

  public void setProvider(String provider) {
    this.provider = provider;
  }

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public String getBaseUrl() {
    return baseUrl;
  }

  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public CredentialsSecretRef getCredentialsSecretRef() {
    return credentialsSecretRef;
  }

  public void setCredentialsSecretRef(CredentialsSecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  public Integer getWeight() {
    return weight;
  }

  public void setWeight(Integer weight) {
    this.weight = weight;
  }

  public Integer getPriority() {
    return priority;
  }

  public void setPriority(Integer priority) {
    this.priority = priority;
  }

  public BackendCapacitySpec getCapacity() {
    return capacity;
  }

  public void setCapacity(BackendCapacitySpec capacity) {
    this.capacity = capacity;
  }

  public PricingSpec getPricing() {
    return pricing;
  }

  public void setPricing(PricingSpec pricing) {
    this.pricing = pricing;
  }

  public String getAzureApiVersion() {
    return azureApiVersion;
  }

  public void setAzureApiVersion(String azureApiVersion) {
    this.azureApiVersion = azureApiVersion;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getRoleArn() {
    return roleArn;
  }

  public void setRoleArn(String roleArn) {
    this.roleArn = roleArn;
  }

  public EntraAuthSpec getEntra() {
    return entra;
  }

  public void setEntra(EntraAuthSpec entra) {
    this.entra = entra;
  }

  public SageMakerBackendSpec getSagemaker() {
    return sagemaker;
  }

  public void setSagemaker(SageMakerBackendSpec sagemaker) {
    this.sagemaker = sagemaker;
  }
}

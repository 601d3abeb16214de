package io.tollgate.config.compile;

import io.tollgate.config.ConfigError;
import io.tollgate.config.load.LoadedResource;
import io.tollgate.config.pricing.PriceCatalog;
import io.tollgate.config.snapshot.AwsAccess;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.BackendCapacity;
import io.tollgate.config.snapshot.EntraAuth;
import io.tollgate.config.snapshot.Pricing;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.RoutingPolicy;
import io.tollgate.config.snapshot.SageMakerOptions;
import io.tollgate.crds.BackendCapacitySpec;
import io.tollgate.crds.CredentialsSecretRef;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.ModelRouteBackend;
import io.tollgate.crds.ModelRouteSpec;
import io.tollgate.crds.PricingSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles one ModelRoute into a {@link Route}, resolving each backend's credential and price (the
 * route's own pricing over the price catalog's, field by field).
 */
final class RouteCompiler {

  static final String KNOWN_PROVIDERS =
      Arrays.stream(Provider.values()).map(Provider::wireName).collect(Collectors.joining(", "));

  private final SecretIndex secrets;
  private final PriceCatalog prices;

  RouteCompiler(SecretIndex secrets, PriceCatalog prices) {
    this.secrets = secrets;
    this.prices = prices;
  }

  /** The name clients send for this route: {@code spec.model}, else {@code metadata.name}. */
  static String publicModel(ModelRoute route) {
    ModelRouteSpec spec = route.getSpec();
    return spec != null && spec.getModel() != null
        ? spec.getModel()
        : route.getMetadata().getName();
  }

  /** The compiled route, or null after adding its errors to {@code errors}. */
  Route compile(LoadedResource<ModelRoute> loaded, List<ConfigError> errors) {
    RouteProblems problems = new RouteProblems(loaded, errors);
    ModelRouteSpec spec = loaded.resource().getSpec();
    if (spec == null) {
      problems.add("spec", "spec is required, with at least one backend");
      return null;
    }
    if (spec.getModel() != null && spec.getModel().isBlank()) {
      problems.add("spec.model", "model must not be blank; omit it to use metadata.name");
    }
    List<ModelRouteBackend> declared = spec.getBackends();
    if (declared == null || declared.isEmpty()) {
      problems.add(
          "spec.backends",
          "at least one backend is required, e.g. backends: [{name: primary, provider: openai,"
              + " model: gpt-4o-mini, credentialsSecretRef: {name: openai-credentials, key:"
              + " apiKey}}]");
      return null;
    }
    List<Backend> backends = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < declared.size(); i++) {
      Backend backend = backend(declared.get(i), "spec.backends[" + i + "]", names, problems);
      if (backend != null) {
        backends.add(backend);
      }
    }
    String model = publicModel(loaded.resource());
    RoutingPolicy policy = RoutingPolicyCompiler.compile(spec, names, model, problems);
    if (problems.any()) {
      return null;
    }
    return new Route(model, loaded.namespacedName(), backends, policy);
  }

  private Backend backend(
      ModelRouteBackend declared, String at, Set<String> names, RouteProblems problems) {
    int before = problems.count();
    if (declared == null) {
      problems.add(at, "backend must be a mapping with name, provider and model");
      return null;
    }
    String name = declared.getName();
    if (isBlank(name)) {
      problems.add(
          at + ".name",
          "name is required; give each backend a name unique in the route, e.g." + " primary");
    } else if (!names.add(name)) {
      problems.add(
          at + ".name",
          "duplicate backend name '" + name + "'; backend names must be unique within a route");
    }
    Provider provider = provider(declared.getProvider(), at + ".provider", problems);
    if (isBlank(declared.getModel())) {
      problems.add(
          at + ".model", "model is required: the model id sent upstream, e.g. gpt-4o-mini");
    }
    URI baseUrl = provider == null ? null : baseUrl(declared.getBaseUrl(), provider, at, problems);
    String apiKey = provider == null ? null : credential(declared, provider, at, problems);
    int weight = declared.getWeight() == null ? 1 : declared.getWeight();
    int priority = declared.getPriority() == null ? 0 : declared.getPriority();
    if (weight < 0) {
      problems.add(at + ".weight", "weight must not be negative");
    }
    if (priority < 0) {
      problems.add(at + ".priority", "priority must not be negative");
    }
    BackendCapacity capacity = capacity(declared.getCapacity(), at + ".capacity", problems);
    Pricing catalogued =
        provider == null ? null : prices.lookup(provider.wireName(), declared.getModel());
    Pricing pricing = pricing(declared.getPricing(), catalogued, at + ".pricing", problems);
    AwsAccess aws = provider == null ? null : awsAccess(declared, provider, at, problems);
    SageMakerOptions sagemaker =
        provider == null
            ? null
            : SageMakerOptionsCompiler.compile(declared, provider, at, problems);
    EntraAuth entra =
        provider == null ? null : EntraAuthCompiler.compile(declared, provider, at, problems);
    if (problems.count() > before) {
      return null;
    }
    String azureApiVersion = null;
    if (provider == Provider.AZURE_OPENAI) {
      azureApiVersion =
          declared.getAzureApiVersion() == null
              ? Backend.DEFAULT_AZURE_API_VERSION
              : declared.getAzureApiVersion();
      if (!azureApiVersion.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?")) {
        problems.add(
            at + ".azureApiVersion",
            "'" + azureApiVersion + "' is not an Azure OpenAI api-version, e.g. 2024-10-21");
        return null;
      }
    } else if (declared.getAzureApiVersion() != null) {
      problems.add(at + ".azureApiVersion", "only for provider azure-openai");
      return null;
    }
    return new Backend(
        name,
        provider,
        declared.getModel(),
        baseUrl,
        apiKey,
        weight,
        priority,
        capacity,
        pricing,
        azureApiVersion,
        aws,
        sagemaker,
        entra);
  }

  /** Region and role of an AWS provider's backend; null for others, or after an error. */
  private static AwsAccess awsAccess(
      ModelRouteBackend declared, Provider provider, String at, RouteProblems problems) {
    String region = declared.getRegion();
    String roleArn = declared.getRoleArn();
    if (!provider.aws()) {
      if (region != null) {
        problems.add(at + ".region", "only for providers bedrock and sagemaker");
      }
      if (roleArn != null) {
        problems.add(at + ".roleArn", "only for providers bedrock and sagemaker");
      }
      return null;
    }
    int before = problems.count();
    if (isBlank(region)) {
      problems.add(
          at + ".region",
          "region is required for provider "
              + provider.wireName()
              + ": the AWS region to call, e.g. us-east-1");
    } else if (!AwsAccess.REGION.matcher(region).matches()) {
      problems.add(at + ".region", "'" + region + "' is not an AWS region code, e.g. us-east-1");
    }
    if (roleArn != null && !AwsAccess.ROLE_ARN.matcher(roleArn).matches()) {
      problems.add(
          at + ".roleArn",
          "'"
              + roleArn
              + "' is not an IAM role ARN, e.g. arn:aws:iam::123456789012:role/bedrock-invoke");
    }
    return problems.count() > before ? null : new AwsAccess(region, roleArn);
  }

  private static BackendCapacity capacity(
      BackendCapacitySpec spec, String at, RouteProblems problems) {
    if (spec == null) {
      return BackendCapacity.UNLIMITED;
    }
    int rpm = positive(spec.getRequestsPerMinute(), at + ".requestsPerMinute", problems);
    int tpm = positive(spec.getTokensPerMinute(), at + ".tokensPerMinute", problems);
    int inFlight = positive(spec.getMaxInFlight(), at + ".maxInFlight", problems);
    return new BackendCapacity(rpm, tpm, inFlight);
  }

  /** 0 for an absent limit; a present one must be at least 1. */
  private static int positive(Integer value, String field, RouteProblems problems) {
    if (value == null) {
      return 0;
    }
    if (value < 1) {
      problems.add(field, "must be at least 1; omit it for no limit");
      return 0;
    }
    return value;
  }

  /**
   * The declared prices over the catalog's: a field the route gives wins, the others come from the
   * catalog. Without a catalog entry, input and output prices are required and the cache prices
   * default to the input price. Null when neither the route nor the catalog has a price.
   */
  private static Pricing pricing(
      PricingSpec spec, Pricing catalogued, String at, RouteProblems problems) {
    if (spec == null) {
      return catalogued;
    }
    Double input =
        price(
            spec.getInputPerMillionUsd(), catalogued == null, at + ".inputPerMillionUsd", problems);
    Double output =
        price(
            spec.getOutputPerMillionUsd(),
            catalogued == null,
            at + ".outputPerMillionUsd",
            problems);
    Double cached =
        price(
            spec.getCachedInputPerMillionUsd(), false, at + ".cachedInputPerMillionUsd", problems);
    Double cacheWrite =
        price(spec.getCacheWritePerMillionUsd(), false, at + ".cacheWritePerMillionUsd", problems);
    if (catalogued == null) {
      double in = input == null ? 0 : input;
      return new Pricing(
          in,
          output == null ? 0 : output,
          cached == null ? in : cached,
          cacheWrite == null ? in : cacheWrite);
    }
    return new Pricing(
        input == null ? catalogued.inputPerMillionUsd() : input,
        output == null ? catalogued.outputPerMillionUsd() : output,
        cached == null ? catalogued.cachedInputPerMillionUsd() : cached,
        cacheWrite == null ? catalogued.cacheWritePerMillionUsd() : cacheWrite);
  }

  /** The price given, or null when absent or invalid (after an error where that is wrong). */
  private static Double price(
      Double value, boolean required, String field, RouteProblems problems) {
    if (value == null) {
      if (required) {
        problems.add(
            field,
            "required when pricing is given and the price catalog has no entry for this"
                + " backend's model; in USD per million tokens, e.g. 0.15");
      }
      return null;
    }
    if (value < 0 || value.isNaN() || value.isInfinite()) {
      problems.add(field, "must be a price of zero or more");
      return null;
    }
    return value;
  }

  private static Provider provider(String wireName, String at, RouteProblems problems) {
    if (isBlank(wireName)) {
      problems.add(at, "provider is required; expected one of " + KNOWN_PROVIDERS);
      return null;
    }
    for (Provider provider : Provider.values()) {
      if (provider.wireName().equals(wireName)) {
        return provider;
      }
    }
    problems.add(at, "unknown provider '" + wireName + "'; expected one of " + KNOWN_PROVIDERS);
    return null;
  }

  private static URI baseUrl(
      String declared, Provider provider, String at, RouteProblems problems) {
    String field = at + ".baseUrl";
    String raw = declared != null ? declared : provider.defaultBaseUrl();
    if (raw == null && provider.aws()) {
      // The AWS SDK takes the region's endpoint.
      return null;
    }
    if (raw == null) {
      problems.add(
          field,
          "baseUrl is required for provider "
              + provider.wireName()
              + " (it has no default), e.g. "
              + (provider == Provider.AZURE_OPENAI
                  ? "https://my-resource.openai.azure.com"
                  : "http://vllm:8000/v1"));
      return null;
    }
    // A URL with user info carries a credential: never echo it, and point at the Secret instead.
    if (raw.contains("@")) {
      problems.add(
          field, "baseUrl must not contain credentials (user@host); use credentialsSecretRef");
      return null;
    }
    String expected =
        "baseUrl '"
            + raw
            + "' must be an absolute http or https URL with a host, e.g."
            + " http://vllm:8000/v1";
    URI uri;
    try {
      uri = new URI(stripTrailingSlashes(raw));
    } catch (URISyntaxException e) {
      problems.add(field, expected);
      return null;
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      problems.add(field, expected);
      return null;
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      problems.add(
          field,
          "baseUrl '" + raw + "' must not have a query or fragment; request paths are appended");
      return null;
    }
    return uri;
  }

  private static String stripTrailingSlashes(String url) {
    int end = url.length();
    while (end > 0 && url.charAt(end - 1) == '/') {
      end--;
    }
    return url.substring(0, end);
  }

  private String credential(
      ModelRouteBackend declared, Provider provider, String at, RouteProblems problems) {
    String field = at + ".credentialsSecretRef";
    CredentialsSecretRef ref = declared.getCredentialsSecretRef();
    if (ref != null && provider == Provider.SAGEMAKER) {
      problems.add(
          field,
          "provider sagemaker signs every call with the proxy's AWS identity (IRSA, EKS Pod"
              + " Identity) or roleArn; remove credentialsSecretRef");
      return null;
    }
    if (ref == null) {
      // With Entra ID and no client secret, the proxy presents its workload identity.
      if (provider.requiresCredentials()
          && !(provider == Provider.AZURE_OPENAI && declared.getEntra() != null)) {
        problems.add(
            field,
            "credentialsSecretRef is required for provider "
                + provider.wireName()
                + "; name a Secret in namespace "
                + problems.loaded.namespace()
                + " and the key holding the API key, e.g. {name: openai-credentials, key:"
                + " apiKey}"
                + (provider == Provider.AZURE_OPENAI
                    ? ", or set entra: {} to authenticate with Entra ID tokens"
                    : ""));
      }
      return null;
    }
    boolean complete = true;
    if (isBlank(ref.getName())) {
      problems.add(field + ".name", "name is required: the Secret holding the API key");
      complete = false;
    }
    if (isBlank(ref.getKey())) {
      problems.add(
          field + ".key", "key is required: the Secret key holding the API key, e.g. apiKey");
      complete = false;
    }
    if (!complete) {
      return null;
    }
    return secrets.resolve(problems.loaded, field, ref.getName(), ref.getKey(), problems.errors);
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}

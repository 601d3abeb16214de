package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The desired state of a {@link ModelRoute}: its public name and its backends. */
public class ModelRouteSpec {

  @JsonPropertyDescription(
      "The public model name clients send in requests (the OpenAI 'model' field). Must be unique"
          + " across all ModelRoutes. Defaults to metadata.name. Example: gpt-4o-mini")
  private String model;

  @JsonPropertyDescription(
      "The upstream deployments that serve this model, at least one, in order of preference."
          + " Backend names must be unique within the route.")
  @Required
  @Size(min = 1)
  private List<ModelRouteBackend> backends;

  @JsonPropertyDescription(
      "How a backend is chosen for each request: weighted (random by weight, the "
          + "default), priority (lowest priority value first, weighted within a tier; higher "
          + "tiers only when a tier has no backend available), least-busy (fewest requests in "
          + "flight), latency (lowest recent latency, with some exploration), cost (cheapest "
          + "by pricing). Backends in cooldown or at capacity are skipped.")
  @Pattern(Tollgate.STRATEGY_PATTERN)
  private String strategy;

  @JsonPropertyDescription(
      "Retries of failed upstream calls. Without it a route retries a connection "
          + "failure, timeout, 429 or 5xx once, on another backend when it has one. A stream "
          + "is never retried once its first byte reached the client.")
  private RetrySpec retry;

  @JsonPropertyDescription("Time limits on the upstream calls of this route.")
  private TimeoutsSpec timeouts;

  @JsonPropertyDescription("When a failing backend rests (leaves selection) and for how long.")
  private CooldownSpec cooldown;

  @JsonPropertyDescription(
      "Public model names of other routes to try, in order, when every attempt on this "
          + "route failed. Example: [claude-haiku]")
  private List<String> fallbacks;

  @JsonPropertyDescription(
      "Routes to try, in order, when a backend rejects the request as longer than its "
          + "context window. Example: [gpt-4o-long]")
  private List<String> contextWindowFallbacks;

  @JsonPropertyDescription(
      "Routes to try, in order, when a backend refuses the request under its content "
          + "policy. Example: [llama-3-70b]")
  private List<String> contentPolicyFallbacks;

  @JsonPropertyDescription(
      "Ordered custom routing rules; the first whose match holds picks the backends "
          + "(and optionally the strategy) for the request. Requests that match none use all "
          + "backends.")
  private List<RoutingRuleSpec> rules;

  public String getModel() {
    return model;
  }

  public void setModel(String model) {
    this.model = model;
  }

  public List<ModelRouteBackend> getBackends() {
    return backends;
  }

  public void setBackends(List<ModelRouteBackend> backends) {
    this.backends = backends;
  }

  public String getStrategy() {
    return strategy;
  }

  public void setStrategy(String strategy) {
    this.strategy = strategy;
  }

  public RetrySpec getRetry() {
    return retry;
  }

  public void setRetry(RetrySpec retry) {
    this.retry = retry;
  }

  public TimeoutsSpec getTimeouts() {
    return timeouts;
  }

  public void setTimeouts(TimeoutsSpec timeouts) {
    this.timeouts = timeouts;
  }

  public CooldownSpec getCooldown() {
    return cooldown;
  }

  public void setCooldown(CooldownSpec cooldown) {
    this.cooldown = cooldown;
  }

  public List<String> getFallbacks() {
    return fallbacks;
  }

  public void setFallbacks(List<String> fallbacks) {
    this.fallbacks = fallbacks;
  }

  public List<String> getContextWindowFallbacks() {
    return contextWindowFallbacks;
  }

  public void setContextWindowFallbacks(List<String> contextWindowFallbacks) {
    this.contextWindowFallbacks = contextWindowFallbacks;
  }

  public List<String> getContentPolicyFallbacks() {
    return contentPolicyFallbacks;
  }

  public void setContentPolicyFallbacks(List<String> contentPolicyFallbacks) {
    this.contentPolicyFallbacks = contentPolicyFallbacks;
  }

  public List<RoutingRuleSpec> getRules() {
    return rules;
  }

  public void setRules(List<RoutingRuleSpec> rules) {
    this.rules = rules;
  }
}

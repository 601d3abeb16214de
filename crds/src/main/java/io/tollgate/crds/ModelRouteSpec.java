package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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
}

package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What every Tollgate resource's status says: whether the operator accepted the resource into a
 * snapshot and whether the running proxies serve it. Written only by the operator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResourceStatus {

  @JsonPropertyDescription(
      "The metadata.generation this status describes. When it is lower than metadata.generation"
          + " the operator has not processed the latest change yet.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Accepted: the resource is valid and compiled into the configuration snapshot (reasons"
          + " Compiled, Invalid, Expired). Ready: every running proxy serves a snapshot that"
          + " contains this version of the resource (reasons Loaded, WaitingForProxies,"
          + " NoProxies, Invalid, Expired).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "The first snapshot version that holds this resource as it is now; proxies serving this"
          + " version or a later one serve it.")
  private Long snapshotVersion;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public Long getSnapshotVersion() {
    return snapshotVersion;
  }

  public void setSnapshotVersion(Long snapshotVersion) {
    this.snapshotVersion = snapshotVersion;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (o == null || getClass() != o.getClass()) {
      return false;
    }
    ResourceStatus that = (ResourceStatus) o;
    return Objects.equals(observedGeneration, that.observedGeneration)
        && Objects.equals(conditions, that.conditions)
        && Objects.equals(snapshotVersion, that.snapshotVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, snapshotVersion);
  }
}

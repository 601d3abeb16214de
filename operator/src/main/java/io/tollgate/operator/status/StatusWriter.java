package io.tollgate.operator.status;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.tollgate.crds.ResourceStatus;
import java.util.Objects;

/**
 * Writes status through the status subresource with a plain update carrying the resourceVersion: no
 * server-side apply and no merge patch, so conflicts surface (and are retried) instead of merging
 * lists, and tests exercise the same call as production.
 */
public final class StatusWriter {

  private final KubernetesClient client;

  public StatusWriter(KubernetesClient client) {
    this.client = client;
  }

  /** Writes {@code status} when it differs from what the resource holds; true when written. */
  public <S extends ResourceStatus, R extends CustomResource<?, S>> boolean write(
      R resource, S status) {
    if (Objects.equals(resource.getStatus(), status)) {
      return false;
    }
    resource.setStatus(status);
    client.resource(resource).updateStatus();
    return true;
  }
}

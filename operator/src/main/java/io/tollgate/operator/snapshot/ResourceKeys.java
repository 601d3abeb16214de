package io.tollgate.operator.snapshot;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** The one way the operator names a resource across compile results and status. */
public final class ResourceKeys {

  private ResourceKeys() {}

  /** E.g. {@code ApiKey default/alice}: the same text compile errors use. */
  public static String of(HasMetadata resource) {
    return of(
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName());
  }

  public static String of(String kind, String namespace, String name) {
    return ofNamespacedName(kind, namespace + "/" + name);
  }

  /** The key of a resource the snapshot names {@code namespace/name}. */
  public static String ofNamespacedName(String kind, String namespacedName) {
    return kind + " " + namespacedName;
  }
}

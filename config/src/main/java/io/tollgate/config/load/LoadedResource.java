package io.tollgate.config.load;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A custom resource read from a manifest file, with the file it came from. The loader guarantees
 * metadata name and namespace are set (namespace defaults to {@code default}).
 */
public record LoadedResource<T extends HasMetadata>(T resource, ManifestOrigin origin) {

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  public String name() {
    return resource.getMetadata().getName();
  }

  /** {@code namespace/name}, the way snapshots and logs name a resource. */
  public String namespacedName() {
    return namespace() + "/" + name();
  }

  /** E.g. {@code ModelRoute default/chat-fast}, the way errors name a resource. */
  public String describe() {
    return resource.getKind() + " " + namespacedName();
  }
}

package io.tollgate.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;

/**
 * Re-reconciles every resource of one kind when something outside the API server changes what its
 * status should say: a new snapshot was compiled, or the proxies loaded a new version.
 */
public final class ResourceTriggers<P extends HasMetadata> {

  private final SimpleInboundEventSource<P> source;
  private volatile IndexerResourceCache<P> cache;

  public ResourceTriggers(String name) {
    this.source = new SimpleInboundEventSource<>(name);
  }

  /** The event source to register; remembers the kind's cache to enumerate resources. */
  public SimpleInboundEventSource<P> eventSource(EventSourceContext<P> context) {
    this.cache = context.getPrimaryCache();
    return source;
  }

  public void all() {
    IndexerResourceCache<P> known = cache;
    if (known != null) {
      known.list().forEach(r -> source.propagateEvent(ResourceID.fromResource(r)));
    }
  }
}

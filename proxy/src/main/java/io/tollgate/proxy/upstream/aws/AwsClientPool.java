package io.tollgate.proxy.upstream.aws;

import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The SDK clients of one AWS provider: one per (region, endpoint, API key, role), built on first
 * use and kept, since a client is costly to build. Clients are leased per call; once a snapshot no
 * longer names a client's backend and no call holds it, a periodic sweep closes it (key rotation
 * and removed backends leave nothing behind). Building a client and resolving credentials may block
 * (STS, instance metadata), so {@link #lease} is called off the event loops.
 *
 * @param <C> the SDK client type
 */
abstract class AwsClientPool<C extends SdkAutoCloseable> {

  private static final Logger LOG = Logger.getLogger(AwsClientPool.class);
  private static final long SWEEP_MILLIS = 60_000;

  private final Vertx vertx;
  private final Provider provider;
  private final Map<Key, Entry<C>> clients = new ConcurrentHashMap<>();
  private final long sweepTimer;

  AwsClientPool(Vertx vertx, SnapshotHolder snapshots, Provider provider) {
    this.vertx = vertx;
    this.provider = provider;
    this.sweepTimer =
        vertx.setPeriodic(
            SWEEP_MILLIS, id -> vertx.executeBlocking(() -> sweep(snapshots.current()), false));
  }

  /** Who a client calls as and where: the backend fields that make clients differ. */
  record Key(String region, URI endpoint, String apiKey, String roleArn) {
    static Key of(Backend backend) {
      return new Key(
          backend.aws().region(), backend.baseUrl(), backend.apiKey(), backend.aws().roleArn());
    }

    @Override
    public String toString() {
      return "Key[region=" + region + ", endpoint=" + endpoint + ", role=" + roleArn + "]";
    }
  }

  /** A built client and what must close with it (an assumed role's STS client). */
  record Built<C extends SdkAutoCloseable>(C client, List<SdkAutoCloseable> resources) {}

  /** Builds the client for a key; may block. */
  abstract Built<C> build(Key key);

  /** A client and how many calls hold it; closed only when none does. */
  static final class Lease<C extends SdkAutoCloseable> {
    private final Entry<C> entry;
    private boolean released;

    private Lease(Entry<C> entry) {
      this.entry = entry;
    }

    C client() {
      return entry.built.client();
    }

    /** Gives the client back; safe to call more than once. */
    void release() {
      synchronized (entry) {
        if (!released) {
          released = true;
          entry.inFlight--;
        }
      }
    }
  }

  private static final class Entry<C extends SdkAutoCloseable> {
    final Built<C> built;
    int inFlight;
    boolean closed;

    Entry(Built<C> built) {
      this.built = built;
    }
  }

  /** The client for a backend, held until {@link Lease#release()}. May block. */
  Lease<C> lease(Backend backend) {
    Key key = Key.of(backend);
    while (true) {
      Entry<C> entry =
          clients.computeIfAbsent(
              key,
              k -> {
                Entry<C> built = new Entry<>(build(k));
                LOG.debugf("%s client for %s built", provider.wireName(), k);
                return built;
              });
      synchronized (entry) {
        if (!entry.closed) {
          entry.inFlight++;
          return new Lease<>(entry);
        }
      }
      clients.remove(key, entry);
    }
  }

  /** Closes the clients the serving snapshot no longer names, once no call holds them. */
  Void sweep(ServingSnapshot serving) {
    if (serving == null) {
      return null;
    }
    Set<Key> live = new HashSet<>();
    for (Route route : serving.snapshot().routes().values()) {
      for (Backend backend : route.backends()) {
        if (backend.provider() == provider) {
          live.add(Key.of(backend));
        }
      }
    }
    clients.forEach(
        (key, entry) -> {
          if (live.contains(key)) {
            return;
          }
          synchronized (entry) {
            if (entry.inFlight > 0) {
              return;
            }
            entry.closed = true;
          }
          clients.remove(key, entry);
          close(entry);
        });
    return null;
  }

  /** How many clients are open (tests). */
  int size() {
    return clients.size();
  }

  private static void close(Entry<? extends SdkAutoCloseable> entry) {
    entry.built.client().close();
    entry.built.resources().forEach(SdkAutoCloseable::close);
  }

  /** Closes every client; subclasses call it when the container stops. */
  void closeAll() {
    vertx.cancelTimer(sweepTimer);
    clients.values().forEach(AwsClientPool::close);
    clients.clear();
  }

  /** A fresh list for {@link Built#resources()}. */
  static List<SdkAutoCloseable> resources() {
    return new ArrayList<>();
  }
}

package io.tollgate.operator.snapshot;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.tollgate.config.ConfigError;
import io.tollgate.config.codec.SnapshotSecrets;
import io.tollgate.config.compile.Compilation;
import io.tollgate.config.compile.SnapshotChecksum;
import io.tollgate.config.compile.SnapshotCompiler;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.KeySecretRef;
import io.tollgate.crds.ModelRoute;
import io.tollgate.crds.TeamBudget;
import io.tollgate.operator.OperatorSettings;
import io.tollgate.operator.apikey.KeySecretLayout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Compiles every ModelRoute, ApiKey and TeamBudget, with the Secrets they reference, into one
 * snapshot with the shared compiler and publishes it. Watches those kinds itself, so any change (a
 * credential included) recompiles within {@code publishDebounce}. One bad resource does not block
 * the others: resources with errors are left out and the rest is compiled again, and each
 * resource's outcome is kept for its status.
 */
public final class SnapshotPublisher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SnapshotPublisher.class);

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Clock clock;
  private final SnapshotWriter writer;
  private final SnapshotCompiler compiler = new SnapshotCompiler();
  private final List<Consumer<Publication>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tollgate-snapshot-publisher");
            t.setDaemon(true);
            return t;
          });
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final Map<String, Fingerprint> fingerprints = new HashMap<>();

  private List<SharedIndexInformer<ModelRoute>> routeInformers = List.of();
  private List<SharedIndexInformer<ApiKey>> keyInformers = List.of();
  private List<SharedIndexInformer<TeamBudget>> teamBudgetInformers = List.of();
  private List<SharedIndexInformer<Secret>> secretInformers = List.of();
  private volatile Publication current;
  private volatile boolean closed;
  private volatile boolean started;
  private SnapshotWriter.Published published;
  private ScheduledFuture<?> pending;
  private ScheduledFuture<?> timed;

  public SnapshotPublisher(KubernetesClient client, OperatorSettings settings, Clock clock) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.writer =
        new SnapshotWriter(
            client, settings.snapshotNamespace(), settings.snapshotName(), settings.maxPartBytes());
  }

  /** Called after every publish whose result differs from the previous one. */
  public void addListener(Consumer<Publication> listener) {
    listeners.add(listener);
  }

  /** The last publication, or null before the first. */
  public Publication current() {
    return current;
  }

  /**
   * Starts the watches, waits until they have listed everything, then publishes once. Publishing
   * before the caches are full would drop keys that exist.
   */
  public synchronized void start() {
    // Synchronized like publishNow: the executor thread must see the informer fields set here.
    published = writer.readPublished();
    ResourceEventHandler<HasMetadata> onChange = new ChangeHandler();
    routeInformers = inform(ModelRoute.class, onChange);
    keyInformers = inform(ApiKey.class, onChange);
    teamBudgetInformers = inform(TeamBudget.class, onChange);
    secretInformers = inform(Secret.class, onChange);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!informers.stream().allMatch(SharedIndexInformer::hasSynced)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the watches did not sync within 60s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the watches", e);
      }
    }
    started = true;
    publishNow();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T extends HasMetadata> List<SharedIndexInformer<T>> inform(
      Class<T> type, ResourceEventHandler<HasMetadata> handler) {
    List<SharedIndexInformer<T>> out = new ArrayList<>();
    if (settings.watchNamespaces().isEmpty()) {
      out.add(client.resources(type).inAnyNamespace().inform((ResourceEventHandler) handler, 0));
    } else {
      for (String namespace : settings.watchNamespaces()) {
        out.add(
            client
                .resources(type)
                .inNamespace(namespace)
                .inform((ResourceEventHandler) handler, 0));
      }
    }
    informers.addAll(out);
    return out;
  }

  /** A Secret as the publisher's cache sees it, or empty. */
  public Optional<Secret> cachedSecret(String namespace, String name) {
    String key = namespace + "/" + name;
    return secretInformers.stream()
        .map(i -> i.getStore().getByKey(key))
        .filter(Objects::nonNull)
        .findFirst();
  }

  /** Asks for a publish after the debounce; bursts of changes share one compile. */
  public synchronized void requestPublish() {
    if (pending == null || pending.isDone()) {
      pending =
          executor.schedule(
              this::publishSafely, settings.publishDebounce().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void publishSafely() {
    try {
      publishNow();
    } catch (RuntimeException e) {
      LOG.error("Publishing the snapshot failed; retrying in 1s", e);
      executor.schedule(this::publishSafely, 1, TimeUnit.SECONDS);
    }
  }

  /** Compiles and, when the content changed, writes a new snapshot version. */
  public synchronized Publication publishNow() {
    if (!cachesComplete()) {
      LOG.warn("Not publishing: the watches are not synced (starting or stopping)");
      return current;
    }
    Instant now = clock.instant();
    Map<String, ResourceOutcome> outcomes = new LinkedHashMap<>();
    Map<String, List<String>> problems = new LinkedHashMap<>();
    Map<String, HasMetadata> candidates = new LinkedHashMap<>();
    List<ModelRoute> routes = live(routeInformers);
    List<ApiKey> keys = new ArrayList<>();
    for (ApiKey key : live(keyInformers)) {
      Instant expiresAt;
      try {
        expiresAt = expiresAt(key);
      } catch (DateTimeParseException e) {
        problems.put(
            ResourceKeys.of(key),
            List.of("spec.expiresAt: not an RFC 3339 time, e.g. 2026-12-31T23:59:59Z"));
        candidates.put(ResourceKeys.of(key), key);
        continue;
      }
      if (expiresAt != null && !expiresAt.isAfter(now)) {
        outcomes.put(
            ResourceKeys.of(key),
            new ResourceOutcome(
                generation(key),
                false,
                ResourceOutcome.EXPIRED,
                List.of("the key expired at " + key.getSpec().getExpiresAt()),
                -1));
      } else {
        keys.add(key);
      }
    }
    List<TeamBudget> teamBudgets = live(teamBudgetInformers);
    routes.forEach(r -> candidates.put(ResourceKeys.of(r), r));
    keys.forEach(k -> candidates.put(ResourceKeys.of(k), k));
    teamBudgets.forEach(b -> candidates.put(ResourceKeys.of(b), b));
    List<Secret> secrets = live(secretInformers);
    LOG.debugf(
        "Compiling %d ModelRoute(s), %d ApiKey(s), %d TeamBudget(s) with %d Secret(s)",
        routes.size(), keys.size(), teamBudgets.size(), secrets.size());

    Set<String> excluded = new HashSet<>(problems.keySet());
    Compilation compilation;
    while (true) {
      compilation =
          compiler.compile(
              ClusterManifests.of(
                  without(routes, excluded),
                  without(keys, excluded),
                  without(teamBudgets, excluded),
                  secrets),
              published.version() + 1);
      if (compilation.succeeded()) {
        break;
      }
      boolean progress = false;
      for (ConfigError error : compilation.errors()) {
        String key = error.resource();
        if (key != null && candidates.containsKey(key)) {
          problems
              .computeIfAbsent(key, k -> new ArrayList<>())
              .add(
                  error.field() == null ? error.message() : error.field() + ": " + error.message());
          progress |= excluded.add(key);
        }
      }
      if (!progress) {
        LOG.errorf(
            "Cannot compile a snapshot; still serving version %d: %s",
            published.version(), compilation.errors());
        return current;
      }
    }
    Snapshot snapshot = withPreviousKeys(compilation.snapshot(), keys, now);
    if (!snapshot.checksum().equals(published.checksum())) {
      writer.write(snapshot);
      published = new SnapshotWriter.Published(snapshot.version(), snapshot.checksum());
    }
    long version = published.version();
    problems.forEach(
        (key, lines) ->
            outcomes.put(
                key,
                new ResourceOutcome(
                    generation(candidates.get(key)), false, ResourceOutcome.INVALID, lines, -1)));
    Map<String, String> contents = ResourceFingerprints.of(snapshot);
    for (Map.Entry<String, String> fingerprint : contents.entrySet()) {
      String key = fingerprint.getKey();
      Fingerprint before = fingerprints.get(key);
      long since =
          before != null && before.hash().equals(fingerprint.getValue())
              ? before.sinceVersion()
              : version;
      fingerprints.put(key, new Fingerprint(fingerprint.getValue(), since));
      HasMetadata resource = candidates.get(key);
      if (resource != null) {
        outcomes.put(
            key,
            new ResourceOutcome(
                generation(resource), true, ResourceOutcome.COMPILED, List.of(), since));
      }
    }
    fingerprints.keySet().retainAll(contents.keySet());
    Publication publication =
        new Publication(version, snapshot.checksum(), outcomes, CountedBudget.of(snapshot));
    scheduleNextDeadline(keys, now);
    if (!publication.equals(current)) {
      current = publication;
      listeners.forEach(l -> l.accept(publication));
    }
    return publication;
  }

  /**
   * Adds each rotated key's previous value while its grace period runs, under the key's name with
   * {@link KeySecretLayout#PREVIOUS_NAME_SUFFIX}, so access logs show who still uses it.
   */
  private Snapshot withPreviousKeys(Snapshot compiled, List<ApiKey> keys, Instant now) {
    Map<String, ClientKey> byName = new HashMap<>();
    compiled.keysBySha256().values().forEach(k -> byName.put(k.name(), k));
    Map<String, ClientKey> all = new LinkedHashMap<>(compiled.keysBySha256());
    for (ApiKey key : keys) {
      String name = key.getMetadata().getNamespace() + "/" + key.getMetadata().getName();
      ClientKey current = byName.get(name);
      String previous = previousKeyValue(key, now);
      if (current == null || previous == null) {
        continue;
      }
      String sha = KeyHashes.sha256Hex(previous.strip());
      // The previous key shares the current one's limits and budgets (same budget names, so the
      // same counters): rotating a key must not open a way around them.
      all.putIfAbsent(
          sha,
          new ClientKey(
              name + KeySecretLayout.PREVIOUS_NAME_SUFFIX,
              current.team(),
              sha,
              current.modelGlobs(),
              current.allowedModels(),
              null,
              current.governance()));
    }
    if (all.size() == compiled.keysBySha256().size()) {
      return compiled;
    }
    return new Snapshot(
        compiled.version(),
        SnapshotChecksum.of(compiled.routes().values(), all.values(), compiled.teams().values()),
        compiled.routes(),
        all,
        compiled.teams());
  }

  private String previousKeyValue(ApiKey key, Instant now) {
    if (key.getSpec() == null || key.getSpec().getSecretRef() == null) {
      return null;
    }
    Instant until = previousKeyExpiry(key);
    if (until == null || !until.isAfter(now)) {
      return null;
    }
    KeySecretRef ref = key.getSpec().getSecretRef();
    String dataKey = ref.getKey() == null ? KeySecretRef.DEFAULT_KEY : ref.getKey();
    return cachedSecret(key.getMetadata().getNamespace(), ref.getName())
        .map(ClusterManifests::secret)
        .map(s -> s.value(KeySecretLayout.previousDataKey(dataKey)))
        .filter(v -> !v.isBlank())
        .orElse(null);
  }

  private Instant previousKeyExpiry(ApiKey key) {
    if (key.getSpec() == null || key.getSpec().getSecretRef() == null) {
      return null;
    }
    return cachedSecret(key.getMetadata().getNamespace(), key.getSpec().getSecretRef().getName())
        .map(s -> s.getMetadata().getAnnotations())
        .map(a -> a.get(KeySecretLayout.PREVIOUS_EXPIRES_AT))
        .flatMap(SnapshotPublisher::parseInstant)
        .orElse(null);
  }

  /** Publishes again when the next key expires or the next grace period ends. */
  private void scheduleNextDeadline(List<ApiKey> keys, Instant now) {
    Instant next =
        keys.stream()
            .flatMap(k -> Stream.of(expiresAtOrNull(k), previousKeyExpiry(k)))
            .filter(Objects::nonNull)
            .filter(t -> t.isAfter(now))
            .min(Instant::compareTo)
            .orElse(null);
    if (timed != null) {
      timed.cancel(false);
      timed = null;
    }
    if (next != null) {
      long delay = Math.max(0, Duration.between(now, next).toMillis()) + 1;
      timed = executor.schedule(this::publishSafely, delay, TimeUnit.MILLISECONDS);
    }
  }

  private static Instant expiresAt(ApiKey key) {
    String value = key.getSpec() == null ? null : key.getSpec().getExpiresAt();
    return value == null ? null : Instant.parse(value);
  }

  private static Instant expiresAtOrNull(ApiKey key) {
    try {
      return expiresAt(key);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static Optional<Instant> parseInstant(String text) {
    try {
      return Optional.ofNullable(text).map(Instant::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static long generation(HasMetadata resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** Everything in the caches that is not being deleted; snapshot Secrets are not inputs. */
  private static <T extends HasMetadata> List<T> live(List<SharedIndexInformer<T>> informers) {
    return informers.stream()
        .flatMap(i -> i.getStore().list().stream())
        .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
        .filter(
            r ->
                r.getMetadata().getLabels() == null
                    || !r.getMetadata().getLabels().containsKey(SnapshotSecrets.LABEL))
        .toList();
  }

  private static <T extends HasMetadata> List<T> without(
      Collection<T> resources, Set<String> excluded) {
    return resources.stream().filter(r -> !excluded.contains(ResourceKeys.of(r))).toList();
  }

  @Override
  public synchronized void close() {
    // Stop publishing before the caches go: a closing informer empties its store, and publishing
    // from an empty store would revoke every key.
    closed = true;
    executor.shutdownNow();
    informers.forEach(SharedIndexInformer::close);
  }

  /** Publishing from a cache that is not (or no longer) complete would drop resources. */
  private boolean cachesComplete() {
    return !closed && informers.stream().allMatch(i -> i.isRunning() && i.hasSynced());
  }

  private record Fingerprint(String hash, long sinceVersion) {}

  /** Any add, update or delete of an input asks for a publish. */
  private final class ChangeHandler implements ResourceEventHandler<HasMetadata> {
    @Override
    public void onAdd(HasMetadata obj) {
      requestPublish();
    }

    @Override
    public void onUpdate(HasMetadata oldObj, HasMetadata newObj) {
      if (!Objects.equals(
          oldObj.getMetadata().getResourceVersion(), newObj.getMetadata().getResourceVersion())) {
        requestPublish();
      }
    }

    @Override
    public void onDelete(HasMetadata obj, boolean deletedFinalStateUnknown) {
      requestPublish();
    }
  }
}

package io.tollgate.proxy.config;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tollgate.config.ConfigError;
import io.tollgate.config.StandaloneSnapshots;
import io.tollgate.config.compile.Compilation;
import io.tollgate.proxy.config.ReloadOutcome.Result;
import io.tollgate.proxy.observe.GatewayMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Standalone mode: compiles {@code TOLLGATE_CONFIG} at start and again whenever its files change. A
 * change that does not compile is logged and counted, and the last good snapshot keeps serving.
 * Runs on its own thread, never on an event loop.
 */
@ApplicationScoped
public class ConfigWatcher {

  private static final Logger LOG = Logger.getLogger(ConfigWatcher.class);

  private final GatewayConfig config;
  private final SnapshotHolder holder;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private volatile boolean running;
  private Thread thread;
  private WatchService watchService;
  private long version;
  private String servedChecksum;

  public ConfigWatcher(
      GatewayConfig config, SnapshotHolder holder, GatewayMetrics metrics, Clock clock) {
    this.config = config;
    this.holder = holder;
    this.metrics = metrics;
    this.clock = clock;
  }

  void onStart(@Observes StartupEvent event) throws IOException {
    if (!GatewayConfig.SOURCE_FILES.equals(config.source())) {
      return; // cluster mode: see io.tollgate.proxy.config.cluster
    }
    Path path = configPath();
    if (!Files.exists(path)) {
      throw new IllegalStateException(
          "TOLLGATE_CONFIG (tollgate.config) points to "
              + path.toAbsolutePath()
              + ", which does not exist; set it to a YAML file or a directory of manifests");
    }
    ReloadOutcome first = reload();
    if (first.rejected()) {
      throw new IllegalStateException(
          "the configuration in "
              + path.toAbsolutePath()
              + " is invalid, so the gateway cannot start:\n  "
              + String.join("\n  ", first.errors()));
    }
    watchService = FileSystems.getDefault().newWatchService();
    Path watched = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
    watched.register(
        watchService,
        StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY,
        StandardWatchEventKinds.ENTRY_DELETE);
    running = true;
    thread = new Thread(this::watchLoop, "tollgate-config-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  void onStop(@Observes ShutdownEvent event) throws IOException {
    running = false;
    if (watchService != null) {
      watchService.close();
    }
  }

  /** Compiles the configuration now and serves it when it is valid and different. */
  public synchronized ReloadOutcome reload() {
    Path path = configPath();
    Compilation compilation = StandaloneSnapshots.compile(path, version + 1);
    ReloadOutcome outcome;
    if (!compilation.errors().isEmpty()) {
      List<String> errors = compilation.errors().stream().map(ConfigError::toString).toList();
      outcome = new ReloadOutcome(Result.REJECTED, version, clock.instant(), errors);
      LOG.errorf(
          "Configuration in %s rejected (%d error(s)); still serving version %d:\n  %s",
          path, errors.size(), version, String.join("\n  ", errors));
    } else if (compilation.snapshot().checksum().equals(servedChecksum)) {
      outcome = new ReloadOutcome(Result.UNCHANGED, version, clock.instant(), List.of());
      LOG.debugf("Configuration in %s unchanged; still serving version %d", path, version);
    } else {
      version++;
      servedChecksum = compilation.snapshot().checksum();
      holder.install(new ServingSnapshot(compilation.snapshot(), clock.instant()));
      outcome = new ReloadOutcome(Result.APPLIED, version, clock.instant(), List.of());
      LOG.infof(
          "Serving configuration version %d from %s (%d model(s), %d key(s), checksum %s)",
          version,
          path,
          compilation.snapshot().routes().size(),
          compilation.snapshot().keysBySha256().size(),
          servedChecksum.substring(0, 12));
    }
    holder.recordReload(outcome);
    metrics.configReloaded(outcome);
    return outcome;
  }

  private void watchLoop() {
    String fingerprint = fingerprint();
    long pollMillis = Math.max(10, config.reloadPollInterval().toMillis());
    while (running) {
      try {
        WatchKey key = watchService.poll(pollMillis, TimeUnit.MILLISECONDS);
        if (key != null) {
          // Editors and ConfigMap updates change several entries in a burst: let it settle.
          Thread.sleep(config.reloadDebounce().toMillis());
          drain(key);
          fingerprint = fingerprint();
          reload();
        } else {
          String now = fingerprint();
          if (!now.equals(fingerprint)) {
            fingerprint = now;
            reload();
          }
        }
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("Configuration watcher failed; will retry", e);
      }
    }
  }

  private void drain(WatchKey first) {
    first.pollEvents().forEach(e -> LOG.debugf("config change: %s %s", e.kind(), e.context()));
    first.reset();
    WatchKey more;
    while ((more = watchService.poll()) != null) {
      more.pollEvents();
      more.reset();
    }
  }

  /** Names, sizes and modification times of the manifest files, following symlinks. */
  private String fingerprint() {
    Path path = configPath();
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.isDirectory(path) ? Files.list(path) : Stream.of(path)) {
      files
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .forEach(
              p -> {
                try {
                  out.append(p.getFileName())
                      .append(':')
                      .append(Files.size(p))
                      .append(':')
                      .append(Files.getLastModifiedTime(p).toMillis())
                      .append(';');
                } catch (IOException e) {
                  out.append(p.getFileName()).append(":gone;");
                }
              });
    } catch (IOException e) {
      return "unreadable:" + e.getMessage();
    }
    return out.toString();
  }

  private Path configPath() {
    return Path.of(config.config());
  }
}

package io.tollgate.proxy.observe;

import io.tollgate.proxy.config.ReloadOutcome;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once a snapshot serves. Says which version serves and, when the last change was rejected,
 * why — the proxy stays ready on its last good snapshot.
 */
@Readiness
@ApplicationScoped
public class SnapshotReadiness implements HealthCheck {

  private final SnapshotHolder holder;

  public SnapshotReadiness(SnapshotHolder holder) {
    this.holder = holder;
  }

  @Override
  public HealthCheckResponse call() {
    ServingSnapshot serving = holder.current();
    HealthCheckResponseBuilder response = HealthCheckResponse.named("tollgate-config");
    if (serving == null) {
      return response.down().withData("reason", "no configuration loaded yet").build();
    }
    response
        .up()
        .withData("version", serving.snapshot().version())
        .withData("checksum", serving.snapshot().checksum())
        .withData("loadedAt", serving.loadedAt().toString())
        .withData("models", serving.snapshot().routes().size());
    ReloadOutcome last = holder.lastReload();
    if (last != null) {
      response.withData("lastReload", last.result().name());
      if (last.rejected()) {
        response.withData("lastReloadAt", last.at().toString());
        response.withData("lastReloadErrors", String.join("; ", last.errors()));
      }
    }
    return response.build();
  }
}

package io.tollgate.proxy.routing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quarkus.vertx.http.ManagementInterface;
import io.tollgate.config.snapshot.Backend;
import io.tollgate.config.snapshot.Route;
import io.tollgate.proxy.config.ServingSnapshot;
import io.tollgate.proxy.config.SnapshotHolder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code GET /q/tollgate/backends} on the management interface: every backend of the serving
 * snapshot with its cooldown state, load and latency as this proxy sees them.
 */
@ApplicationScoped
public class BackendStatusEndpoint {

  private static final JsonFactory JSON = new JsonFactory();

  private final SnapshotHolder snapshots;
  private final BackendStates states;
  private final Clock clock;

  public BackendStatusEndpoint(SnapshotHolder snapshots, BackendStates states, Clock clock) {
    this.snapshots = snapshots;
    this.states = states;
    this.clock = clock;
  }

  void register(@Observes ManagementInterface management) {
    management
        .router()
        .get("/q/tollgate/backends")
        .handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(render()));
  }

  String render() {
    ServingSnapshot serving = snapshots.current();
    long now = clock.millis();
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("routes");
      if (serving != null) {
        for (Route route : serving.snapshot().routes().values()) {
          json.writeStartObject();
          json.writeStringField("model", route.model());
          json.writeStringField("resource", route.resource());
          json.writeStringField("strategy", route.policy().strategy().wireName());
          json.writeArrayFieldStart("backends");
          for (Backend backend : route.backends()) {
            writeBackend(json, route, backend, now);
          }
          json.writeEndArray();
          json.writeEndObject();
        }
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private void writeBackend(JsonGenerator json, Route route, Backend backend, long now)
      throws IOException {
    BackendState state = states.peek(BackendStates.key(route, backend));
    json.writeStartObject();
    json.writeStringField("name", backend.name());
    json.writeNumberField("weight", backend.weight());
    json.writeNumberField("priority", backend.priority());
    if (state == null) {
      json.writeStringField("health", BackendState.Health.AVAILABLE.name());
      json.writeBooleanField("used", false);
    } else {
      BackendState.Snapshot s = state.snapshot(now);
      json.writeStringField("health", s.health().name());
      json.writeNumberField("inFlight", s.inFlight());
      json.writeNumberField("cooldownRemainingMillis", s.cooldownRemainingMillis());
      json.writeNumberField("recentFailures", s.recentFailures());
      json.writeNumberField("requestsThisMinute", s.requestsThisMinute());
      json.writeNumberField("tokensThisMinute", s.tokensThisMinute());
      writeMillis(json, "latencyMillis", s.latencyMillis());
      writeMillis(json, "firstTokenMillis", s.firstTokenMillis());
      if (s.lastFailure() != null) {
        json.writeStringField("lastFailure", s.lastFailure());
        json.writeStringField("lastFailureAt", Instant.ofEpochMilli(s.lastFailureAt()).toString());
      }
    }
    json.writeEndObject();
  }

  private static void writeMillis(JsonGenerator json, String field, double millis)
      throws IOException {
    if (!Double.isNaN(millis)) {
      json.writeNumberField(field, Math.round(millis * 1000) / 1000.0);
    }
  }
}

package io.tollgate.proxy.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tollgate.config.snapshot.ClientKey;
import io.tollgate.config.snapshot.Route;
import io.tollgate.config.snapshot.Snapshot;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A snapshot plus what the proxy derives from it once, at install time: parsed upstream targets and
 * per-key model lists. Immutable apart from the lazily filled model-list cache.
 */
public final class ServingSnapshot {

  private static final JsonFactory JSON = new JsonFactory();

  private final Snapshot snapshot;
  private final Instant loadedAt;
  private final Map<String, List<UpstreamTarget>> targetsByModel;
  private final Map<String, Buffer> modelListByKey = new ConcurrentHashMap<>();

  public ServingSnapshot(Snapshot snapshot, Instant loadedAt) {
    this.snapshot = snapshot;
    this.loadedAt = loadedAt;
    Map<String, List<UpstreamTarget>> targets = new HashMap<>();
    for (Route route : snapshot.routes().values()) {
      targets.put(
          route.model(), route.backends().stream().map(b -> UpstreamTarget.of(route, b)).toList());
    }
    this.targetsByModel = Map.copyOf(targets);
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  /** The upstream targets of a route, in the route's backend order; null for unknown models. */
  public List<UpstreamTarget> targets(String model) {
    return targetsByModel.get(model);
  }

  /** The OpenAI {@code GET /v1/models} body for a key, built once per key and snapshot. */
  public Buffer modelList(ClientKey key) {
    return modelListByKey.computeIfAbsent(key.keySha256(), k -> renderModelList(key));
  }

  private Buffer renderModelList(ClientKey key) {
    long created = loadedAt.getEpochSecond();
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("object", "list");
      json.writeArrayFieldStart("data");
      for (Route route : snapshot.routesFor(key)) {
        writeModel(json, route, created);
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** One OpenAI model object; shared by the list and {@code GET /v1/models/{model}}. */
  public Buffer model(Route route) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeModel(json, route, loadedAt.getEpochSecond());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static void writeModel(JsonGenerator json, Route route, long created) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", route.model());
    json.writeStringField("object", "model");
    json.writeNumberField("created", created);
    json.writeStringField("owned_by", "tollgate");
    json.writeEndObject();
  }
}

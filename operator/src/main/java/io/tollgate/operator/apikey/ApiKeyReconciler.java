package io.tollgate.operator.apikey;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.tollgate.crds.ApiKey;
import io.tollgate.crds.ApiKeyStatus;
import io.tollgate.crds.KeySecretRef;
import io.tollgate.operator.fleet.ProxyFleet;
import io.tollgate.operator.snapshot.Publication;
import io.tollgate.operator.snapshot.ResourceKeys;
import io.tollgate.operator.snapshot.SnapshotPublisher;
import io.tollgate.operator.status.ResourceTriggers;
import io.tollgate.operator.status.StatusFactory;
import io.tollgate.operator.status.StatusWriter;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Gives each ApiKey a key and a true status: generates the key into a Secret the ApiKey owns when
 * the Secret is absent, rotates it when {@code tollgate.io/rotate} changes (the previous key works
 * until the grace period ends), and reports whether every proxy serves it. The key itself never
 * reaches a log line or the status; only its hash enters the snapshot.
 *
 * <p>Annotation changes must trigger it (rotation), so it is not generation-aware; an unchanged
 * status is not written, which ends the loop its own status writes would otherwise start.
 */
@ControllerConfiguration(name = "apikey", generationAwareEventProcessing = false)
public class ApiKeyReconciler implements Reconciler<ApiKey> {

  private static final Logger LOG = Logger.getLogger(ApiKeyReconciler.class);
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final SnapshotPublisher publisher;
  private final ProxyFleet fleet;
  private final StatusFactory statuses;
  private final StatusWriter writer;
  private final KeyGenerator generator;
  private final Clock clock;
  private final ResourceTriggers<ApiKey> triggers = new ResourceTriggers<>("snapshot-or-fleet");

  public ApiKeyReconciler(
      KubernetesClient client,
      SnapshotPublisher publisher,
      ProxyFleet fleet,
      StatusFactory statuses,
      StatusWriter writer,
      KeyGenerator generator,
      Clock clock) {
    this.client = client;
    this.publisher = publisher;
    this.fleet = fleet;
    this.statuses = statuses;
    this.writer = writer;
    this.generator = generator;
    this.clock = clock;
  }

  /** Re-reconciles every ApiKey. */
  public void retriggerAll() {
    triggers.all();
  }

  @Override
  public List<EventSource<?, ApiKey>> prepareEventSources(EventSourceContext<ApiKey> context) {
    return List.of(triggers.eventSource(context));
  }

  @Override
  public UpdateControl<ApiKey> reconcile(ApiKey apiKey, Context<ApiKey> context) {
    Secret secret = ensureKeySecret(apiKey);
    Publication publication = publisher.current();
    ApiKeyStatus next = new ApiKeyStatus();
    if (secret != null && KeySecrets.ownedBy(secret, apiKey)) {
      next.setKeyGeneratedAt(KeySecrets.annotation(secret, KeySecretLayout.GENERATED_AT));
      next.setPreviousKeyExpiresAt(
          KeySecrets.annotation(secret, KeySecretLayout.PREVIOUS_EXPIRES_AT));
    }
    ApiKeyStatus status =
        statuses.build(
            apiKey.getStatus(),
            next,
            apiKey.getMetadata().getGeneration() == null ? 0 : apiKey.getMetadata().getGeneration(),
            publication,
            publication == null ? null : publication.outcome(ResourceKeys.of(apiKey)),
            fleet.current());
    writer.write(apiKey, status);
    UpdateControl<ApiKey> control = UpdateControl.noUpdate();
    Optional<Duration> deadline = nextDeadline(apiKey, status);
    if (!StatusFactory.isReady(status)) {
      deadline = Optional.of(deadline.filter(d -> d.compareTo(RECHECK) < 0).orElse(RECHECK));
    }
    return deadline.map(control::rescheduleAfter).orElse(control);
  }

  /**
   * Makes the key Secret match the ApiKey's life cycle and returns it, or null when the ApiKey
   * names no Secret (the compiler reports that).
   */
  private Secret ensureKeySecret(ApiKey apiKey) {
    if (apiKey.getSpec() == null
        || apiKey.getSpec().getSecretRef() == null
        || apiKey.getSpec().getSecretRef().getName() == null) {
      return null;
    }
    KeySecretRef ref = apiKey.getSpec().getSecretRef();
    String namespace = apiKey.getMetadata().getNamespace();
    String dataKey = ref.getKey() == null ? KeySecretRef.DEFAULT_KEY : ref.getKey();
    Secret secret =
        publisher
            .cachedSecret(namespace, ref.getName())
            .orElseGet(() -> client.secrets().inNamespace(namespace).withName(ref.getName()).get());
    Instant now = clock.instant();
    if (secret == null) {
      Secret created = KeySecrets.created(apiKey, dataKey, generator.newKey(), now);
      try {
        secret = client.secrets().inNamespace(namespace).resource(created).create();
        LOG.infof(
            "Generated a key for ApiKey %s/%s into Secret %s",
            namespace, apiKey.getMetadata().getName(), ref.getName());
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
        // Created meanwhile (a restart or a parallel reconcile): keep that key, never replace it.
        secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
      }
      return secret;
    }
    if (!KeySecrets.ownedBy(secret, apiKey)) {
      return secret; // the user's own Secret: the operator never changes it
    }
    String token = KeySecrets.rotateToken(apiKey);
    if (token != null
        && !token.equals(KeySecrets.annotation(secret, KeySecretLayout.ROTATED_FOR))) {
      Instant until = now.plus(GracePeriods.parse(apiKey.getSpec().getRotationGracePeriod()));
      Secret rotated = KeySecrets.rotated(secret, dataKey, generator.newKey(), now, until, token);
      LOG.infof(
          "Rotated the key of ApiKey %s/%s; the previous key works until %s",
          namespace, apiKey.getMetadata().getName(), until);
      return client.secrets().inNamespace(namespace).resource(rotated).update();
    }
    Instant previousUntil =
        parse(KeySecrets.annotation(secret, KeySecretLayout.PREVIOUS_EXPIRES_AT));
    if (previousUntil != null && !previousUntil.isAfter(now)) {
      LOG.infof(
          "The previous key of ApiKey %s/%s stopped working",
          namespace, apiKey.getMetadata().getName());
      return client
          .secrets()
          .inNamespace(namespace)
          .resource(KeySecrets.graceOver(secret, dataKey))
          .update();
    }
    if (secret.getData() == null || !secret.getData().containsKey(dataKey)) {
      Secret repaired = KeySecrets.withKey(secret, dataKey, generator.newKey(), now);
      return client.secrets().inNamespace(namespace).resource(repaired).update();
    }
    return secret;
  }

  /** When the status next changes by itself: a grace period ends or the key expires. */
  private Optional<Duration> nextDeadline(ApiKey apiKey, ApiKeyStatus status) {
    Instant now = clock.instant();
    return Stream.of(
            parse(status.getPreviousKeyExpiresAt()),
            apiKey.getSpec() == null ? null : parse(apiKey.getSpec().getExpiresAt()))
        .filter(t -> t != null && t.isAfter(now))
        .min(Instant::compareTo)
        .map(t -> Duration.between(now, t).plusMillis(1));
  }

  private static Instant parse(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}

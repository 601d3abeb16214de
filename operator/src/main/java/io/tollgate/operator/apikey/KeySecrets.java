package io.tollgate.operator.apikey;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tollgate.crds.ApiKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The desired content of an ApiKey's generated Secret at each step of its life: created, rotated
 * (new key, previous kept until a deadline), grace period over. Pure functions of their inputs, so
 * each step is tested without a cluster.
 */
public final class KeySecrets {

  private KeySecrets() {}

  /** A new Secret owned by {@code apiKey} holding {@code key} under {@code dataKey}. */
  public static Secret created(ApiKey apiKey, String dataKey, String key, Instant now) {
    String name = apiKey.getSpec().getSecretRef().getName();
    SecretBuilder secret =
        new SecretBuilder()
            .withNewMetadata()
            .withNamespace(apiKey.getMetadata().getNamespace())
            .withName(name)
            .addToLabels(KeySecretLayout.MANAGED_BY_LABEL, KeySecretLayout.MANAGED_BY)
            .addToLabels(KeySecretLayout.API_KEY_LABEL, apiKey.getMetadata().getName())
            .addToAnnotations(KeySecretLayout.GENERATED_AT, now.toString())
            .withOwnerReferences(
                new OwnerReferenceBuilder()
                    .withApiVersion(apiKey.getApiVersion())
                    .withKind(apiKey.getKind())
                    .withName(apiKey.getMetadata().getName())
                    .withUid(apiKey.getMetadata().getUid())
                    .withController(true)
                    .withBlockOwnerDeletion(true)
                    .build())
            .endMetadata()
            .withType("Opaque")
            .withData(Map.of(dataKey, base64(key)));
    String rotate = rotateToken(apiKey);
    if (rotate != null) {
      // A key created for a rotate value must not be rotated again for the same value.
      secret.editMetadata().addToAnnotations(KeySecretLayout.ROTATED_FOR, rotate).endMetadata();
    }
    return secret.build();
  }

  /** {@code current} with a new key; the old one keeps working until {@code previousUntil}. */
  public static Secret rotated(
      Secret current,
      String dataKey,
      String newKey,
      Instant now,
      Instant previousUntil,
      String token) {
    Map<String, String> data = new HashMap<>(current.getData());
    String old = data.get(dataKey);
    if (old != null) {
      data.put(KeySecretLayout.previousDataKey(dataKey), old);
    }
    data.put(dataKey, base64(newKey));
    return new SecretBuilder(current)
        .editMetadata()
        .addToAnnotations(KeySecretLayout.GENERATED_AT, now.toString())
        .addToAnnotations(KeySecretLayout.ROTATED_FOR, token)
        .addToAnnotations(KeySecretLayout.PREVIOUS_EXPIRES_AT, previousUntil.toString())
        .endMetadata()
        .withData(data)
        .build();
  }

  /** {@code current} with a key under {@code dataKey}, which it lacked (someone removed it). */
  public static Secret withKey(Secret current, String dataKey, String key, Instant now) {
    return new SecretBuilder(current)
        .editMetadata()
        .addToAnnotations(KeySecretLayout.GENERATED_AT, now.toString())
        .endMetadata()
        .addToData(dataKey, base64(key))
        .build();
  }

  /** {@code current} without the previous key once its grace period is over. */
  public static Secret graceOver(Secret current, String dataKey) {
    Map<String, String> data = new HashMap<>(current.getData());
    data.remove(KeySecretLayout.previousDataKey(dataKey));
    Map<String, String> annotations = new HashMap<>(current.getMetadata().getAnnotations());
    annotations.remove(KeySecretLayout.PREVIOUS_EXPIRES_AT);
    return new SecretBuilder(current)
        .editMetadata()
        .withAnnotations(annotations)
        .endMetadata()
        .withData(data)
        .build();
  }

  /** True when the operator generated this Secret for this very ApiKey (same UID). */
  public static boolean ownedBy(Secret secret, ApiKey apiKey) {
    return secret.getMetadata().getOwnerReferences() != null
        && secret.getMetadata().getOwnerReferences().stream()
            .anyMatch(
                o ->
                    Boolean.TRUE.equals(o.getController())
                        && apiKey.getKind().equals(o.getKind())
                        && apiKey.getMetadata().getUid() != null
                        && apiKey.getMetadata().getUid().equals(o.getUid()));
  }

  static String rotateToken(ApiKey apiKey) {
    Map<String, String> annotations = apiKey.getMetadata().getAnnotations();
    String token = annotations == null ? null : annotations.get(ApiKey.ROTATE_ANNOTATION);
    return token == null || token.isBlank() ? null : token;
  }

  static String annotation(Secret secret, String name) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(name);
  }

  private static String base64(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}

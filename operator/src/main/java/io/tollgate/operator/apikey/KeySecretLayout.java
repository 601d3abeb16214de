package io.tollgate.operator.apikey;

/**
 * Labels, annotations and data keys of the Secrets the operator generates for ApiKeys. The Secret
 * is the durable record of a key's life (generation time, rotation, grace period), so a restarted
 * operator picks up exactly where it stopped and never regenerates a key by accident.
 */
public final class KeySecretLayout {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "tollgate-operator";
  public static final String API_KEY_LABEL = "tollgate.io/api-key";
  public static final String GENERATED_AT = "tollgate.io/generated-at";

  /** The {@code tollgate.io/rotate} value the current key was generated for. */
  public static final String ROTATED_FOR = "tollgate.io/rotated-for";

  /** Until when the previous key still works (RFC 3339). */
  public static final String PREVIOUS_EXPIRES_AT = "tollgate.io/previous-key-expires-at";

  /** Suffix of the snapshot key name that the previous key of a rotation serves under. */
  public static final String PREVIOUS_NAME_SUFFIX = "#previous";

  private KeySecretLayout() {}

  /** The data key holding the previous value during a rotation's grace period. */
  public static String previousDataKey(String dataKey) {
    return dataKey + ".previous";
  }
}

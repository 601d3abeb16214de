package io.tollgate.config.codec;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.tollgate.config.snapshot.KeyHashes;
import io.tollgate.config.snapshot.Snapshot;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a snapshot is laid out in Secrets, shared by the operator (writes) and the proxy (reads). The
 * compressed snapshot is cut into parts of at most {@code maxPartBytes}, one Secret each, so a
 * large configuration never meets the API server's ~1 MiB object limit. Every part carries the
 * version, part count and a digest of the whole payload, so a reader that sees parts of two
 * versions mid-update waits for a complete set instead of mixing them.
 */
public final class SnapshotSecrets {

  /** Label on every snapshot Secret; its value is the snapshot name, for label selectors. */
  public static final String LABEL = "tollgate.io/snapshot";

  public static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
  public static final String VERSION = "tollgate.io/snapshot-version";
  public static final String CHECKSUM = "tollgate.io/snapshot-checksum";
  public static final String PART = "tollgate.io/snapshot-part";
  public static final String PARTS = "tollgate.io/snapshot-parts";
  public static final String DIGEST = "tollgate.io/snapshot-digest";

  /** The data key holding a part's bytes. */
  public static final String DATA_KEY = "snapshot.json.gz.part";

  /** Leaves room under the ~1 MiB object limit for base64 growth and metadata. */
  public static final int DEFAULT_MAX_PART_BYTES = 512 * 1024;

  private final SnapshotCodec codec = new SnapshotCodec();

  /** The label selector matching the Secrets of snapshot {@code name}. */
  public static String selector(String name) {
    return LABEL + "=" + name;
  }

  /** The name of part {@code index} of snapshot {@code name}. */
  public static String partName(String name, int index) {
    return name + "-" + index;
  }

  /** The Secrets holding {@code snapshot}, part 0 first. */
  public List<Secret> toSecrets(
      Snapshot snapshot, String namespace, String name, int maxPartBytes) {
    if (maxPartBytes < 1) {
      throw new IllegalArgumentException("maxPartBytes must be positive");
    }
    byte[] payload = codec.encode(snapshot);
    String digest = digest(payload);
    int parts = Math.max(1, (payload.length + maxPartBytes - 1) / maxPartBytes);
    List<Secret> secrets = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      int from = i * maxPartBytes;
      int to = Math.min(payload.length, from + maxPartBytes);
      byte[] part = java.util.Arrays.copyOfRange(payload, from, to);
      secrets.add(
          new SecretBuilder()
              .withNewMetadata()
              .withNamespace(namespace)
              .withName(partName(name, i))
              .addToLabels(LABEL, name)
              .addToLabels(PART_OF_LABEL, "tollgate")
              .addToAnnotations(VERSION, Long.toString(snapshot.version()))
              .addToAnnotations(CHECKSUM, snapshot.checksum())
              .addToAnnotations(PART, Integer.toString(i))
              .addToAnnotations(PARTS, Integer.toString(parts))
              .addToAnnotations(DIGEST, digest)
              .endMetadata()
              .withType("Opaque")
              .withData(Map.of(DATA_KEY, Base64.getEncoder().encodeToString(part)))
              .build());
    }
    return secrets;
  }

  /** The version and checksum a snapshot Secret announces, or empty when it has none. */
  public static Optional<Announced> announced(Secret secret) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    if (annotations == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Announced(
              Long.parseLong(annotations.get(VERSION)),
              annotations.get(CHECKSUM),
              Integer.parseInt(annotations.get(PART)),
              Integer.parseInt(annotations.get(PARTS)),
              annotations.get(DIGEST)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Reassembles the newest complete snapshot from {@code secrets} (any order, extra parts of other
   * versions allowed).
   */
  public Assembly assemble(Collection<Secret> secrets) {
    // version -> digest -> part index -> secret
    TreeMap<Long, Map<String, TreeMap<Integer, Secret>>> byVersion =
        new TreeMap<>(Comparator.reverseOrder());
    Map<String, Integer> partCounts = new TreeMap<>();
    for (Secret secret : secrets) {
      Optional<Announced> announced = announced(secret);
      if (announced.isEmpty()) {
        continue;
      }
      Announced a = announced.get();
      byVersion
          .computeIfAbsent(a.version(), v -> new TreeMap<>())
          .computeIfAbsent(a.digest(), d -> new TreeMap<>())
          .put(a.part(), secret);
      partCounts.put(a.version() + "/" + a.digest(), a.parts());
    }
    if (byVersion.isEmpty()) {
      return Assembly.pending("no snapshot Secret found yet");
    }
    long newest = byVersion.firstKey();
    for (Map.Entry<String, TreeMap<Integer, Secret>> group : byVersion.get(newest).entrySet()) {
      int parts = partCounts.get(newest + "/" + group.getKey());
      TreeMap<Integer, Secret> present = group.getValue();
      if (present.size() < parts || present.firstKey() != 0 || present.lastKey() != parts - 1) {
        continue;
      }
      java.io.ByteArrayOutputStream payload = new java.io.ByteArrayOutputStream();
      try {
        for (Secret part : present.values()) {
          String data = part.getData() == null ? null : part.getData().get(DATA_KEY);
          if (data == null) {
            return Assembly.invalid(
                newest, "Secret " + part.getMetadata().getName() + " has no " + DATA_KEY);
          }
          payload.writeBytes(Base64.getDecoder().decode(data));
        }
      } catch (IllegalArgumentException e) {
        return Assembly.invalid(newest, "a snapshot part is not valid base64");
      }
      byte[] bytes = payload.toByteArray();
      if (!digest(bytes).equals(group.getKey())) {
        return Assembly.invalid(newest, "snapshot parts do not match their digest");
      }
      try {
        return Assembly.complete(codec.decode(bytes));
      } catch (InvalidSnapshotException e) {
        return Assembly.invalid(newest, e.getMessage());
      }
    }
    return Assembly.pending("snapshot version " + newest + " is not complete yet");
  }

  static String digest(byte[] payload) {
    // KeyHashes hashes text; the payload is bytes, so hash its base64 form.
    return KeyHashes.sha256Hex(Base64.getEncoder().encodeToString(payload));
  }

  /** What one snapshot Secret says about itself. */
  public record Announced(long version, String checksum, int part, int parts, String digest) {}

  /**
   * The result of reassembling: a snapshot, a reason to wait (parts still arriving), or a reason
   * the newest version cannot be served.
   */
  public record Assembly(Snapshot snapshot, long version, String problem, boolean invalid) {

    static Assembly complete(Snapshot snapshot) {
      return new Assembly(snapshot, snapshot.version(), null, false);
    }

    static Assembly pending(String reason) {
      return new Assembly(null, -1, reason, false);
    }

    static Assembly invalid(long version, String reason) {
      return new Assembly(null, version, reason, true);
    }

    public boolean complete() {
      return snapshot != null;
    }
  }
}

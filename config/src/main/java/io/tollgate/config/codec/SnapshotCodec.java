package io.tollgate.config.codec;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.tollgate.config.compile.SnapshotChecksum;
import io.tollgate.config.snapshot.Glob;
import io.tollgate.config.snapshot.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The wire form of a {@link Snapshot} between the operator and the proxies: gzip-compressed JSON of
 * the snapshot records under an explicit format number. Decoding goes through the records'
 * constructors (so they validate every field) and recomputes the checksum, so a truncated, mixed or
 * tampered payload is rejected rather than served. Unknown fields are rejected too: a proxy older
 * than its operator keeps its last good snapshot and says why, instead of silently dropping
 * settings it does not understand.
 */
public final class SnapshotCodec {

  /** Bumped when the layout changes incompatibly; a proxy rejects formats it does not know. */
  public static final int FORMAT = 1;

  /** Upper bound on the decompressed size, so a corrupt payload cannot exhaust memory. */
  static final int MAX_DECODED_BYTES = 256 * 1024 * 1024;

  private final ObjectMapper json;

  public SnapshotCodec() {
    SimpleModule module = new SimpleModule("tollgate-snapshot");
    // A glob travels as its text and is compiled again on arrival.
    module.addSerializer(Glob.class, toStringSerializer(Glob::glob));
    module.addDeserializer(Glob.class, fromStringDeserializer(Glob::of));
    module.addSerializer(Duration.class, toStringSerializer(Duration::toString));
    module.addDeserializer(Duration.class, fromStringDeserializer(Duration::parse));
    module.addSerializer(Instant.class, toStringSerializer(Instant::toString));
    module.addDeserializer(Instant.class, fromStringDeserializer(Instant::parse));
    module.addSerializer(ZoneId.class, toStringSerializer(ZoneId::getId));
    module.addDeserializer(ZoneId.class, fromStringDeserializer(ZoneId::of));
    module.addSerializer(LocalTime.class, toStringSerializer(LocalTime::toString));
    module.addDeserializer(LocalTime.class, fromStringDeserializer(LocalTime::parse));
    this.json =
        JsonMapper.builder()
            .addModule(module)
            // Only record components travel, never derived accessors such as isEmpty().
            .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
  }

  /** The compressed bytes of {@code snapshot}. Holds upstream credentials: store as a Secret. */
  public byte[] encode(Snapshot snapshot) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      json.writeValue(gzip, new Envelope(FORMAT, snapshot));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The snapshot in {@code bytes}.
   *
   * @throws InvalidSnapshotException when the bytes are not a complete, consistent snapshot
   */
  public Snapshot decode(byte[] bytes) {
    byte[] raw;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      raw = in.readNBytes(MAX_DECODED_BYTES + 1);
    } catch (IOException e) {
      throw new InvalidSnapshotException("snapshot is not valid gzip data");
    }
    if (raw.length > MAX_DECODED_BYTES) {
      throw new InvalidSnapshotException("snapshot is larger than " + MAX_DECODED_BYTES + " bytes");
    }
    int format;
    try {
      format = json.readTree(raw).path("format").asInt(-1);
    } catch (IOException e) {
      throw new InvalidSnapshotException("snapshot is not valid JSON");
    }
    if (format != FORMAT) {
      throw new InvalidSnapshotException(
          "snapshot format " + format + " is not supported (this version reads " + FORMAT + ")");
    }
    Snapshot snapshot;
    try {
      Envelope envelope = json.readValue(raw, Envelope.class);
      snapshot = envelope.snapshot();
    } catch (JsonProcessingException e) {
      // The message names fields and types only; record constructors never echo credentials.
      throw new InvalidSnapshotException("snapshot content is invalid: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidSnapshotException("snapshot cannot be read");
    }
    if (snapshot == null) {
      throw new InvalidSnapshotException("snapshot is missing");
    }
    String actual = SnapshotChecksum.of(snapshot);
    if (!actual.equals(snapshot.checksum())) {
      throw new InvalidSnapshotException(
          "snapshot checksum does not match its content (corrupt or mixed parts)");
    }
    return snapshot;
  }

  /** The JSON root: the format number first, so a reader can refuse before binding. */
  record Envelope(int format, Snapshot snapshot) {}

  private static <T> JsonSerializer<T> toStringSerializer(
      java.util.function.Function<T, String> text) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator gen, SerializerProvider serializers)
          throws IOException {
        gen.writeString(text.apply(value));
      }
    };
  }

  private static <T> JsonDeserializer<T> fromStringDeserializer(
      java.util.function.Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        try {
          return parse.apply(p.getValueAsString());
        } catch (RuntimeException e) {
          throw ctxt.weirdStringException(p.getValueAsString(), Object.class, "unparseable");
        }
      }
    };
  }
}

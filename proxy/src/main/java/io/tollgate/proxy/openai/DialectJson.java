package io.tollgate.proxy.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.translate.TranslationException;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Reading and writing the JSON trees the translating pairs work on. Whose fault a body that is not
 * JSON is decides how it is read: the client's request is a 400, an upstream answer a 502.
 */
public final class DialectJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DialectJson() {}

  /** A client's request body as a tree; one that is not JSON is a 400. */
  public static JsonNode request(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new TranslationException(null, "The request body is not valid JSON.");
    }
  }

  /** An upstream answer as a tree; one that is not JSON is the upstream's fault (a 502). */
  public static JsonNode answer(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalStateException("the upstream answer is not JSON", e);
    }
  }

  public static Buffer write(JsonNode tree) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(tree));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}

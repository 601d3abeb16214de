package io.tollgate.proxy.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Reading and writing the JSON trees the Bedrock pairs translate. */
final class BedrockJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BedrockJson() {}

  /** An upstream answer as a tree; one that is not JSON is the upstream's fault (a 502). */
  static JsonNode read(Buffer body) {
    try {
      return JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalStateException("the upstream answer is not JSON", e);
    }
  }

  static Buffer write(JsonNode tree) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(tree));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }
}

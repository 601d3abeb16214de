package io.tollgate.fakes;

import static io.tollgate.fakes.FakeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmbeddingsAndModelsTest {

  static FakeOpenAi fake;
  static FakeClient client;

  @BeforeAll
  static void start() {
    fake = FakeOpenAi.start(FakeOpenAi.Options.defaults().withEventLoops(1));
    client = new FakeClient(fake);
  }

  @AfterAll
  static void stop() {
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void singleStringEmbedsDeterministically() {
    String req = "{\"model\":\"text-embedding-3-small\",\"input\":\"hello world\"}";
    JsonNode a = json(client.post("/embeddings", req).body());
    JsonNode b = json(client.post("/embeddings", req).body());

    assertThat(ChatCompletionsTest.fieldNames(a))
        .containsExactly("object", "data", "model", "usage");
    assertThat(a.get("object").asText()).isEqualTo("list");
    assertThat(a.get("model").asText()).isEqualTo("text-embedding-3-small");
    JsonNode item = a.get("data").get(0);
    assertThat(ChatCompletionsTest.fieldNames(item))
        .containsExactly("object", "index", "embedding");
    assertThat(item.get("object").asText()).isEqualTo("embedding");
    assertThat(item.get("embedding")).hasSize(8);
    assertThat(a.get("data")).isEqualTo(b.get("data"));
    assertThat(a.at("/usage/prompt_tokens").asInt()).isEqualTo(2);
    assertThat(a.at("/usage/total_tokens").asInt()).isEqualTo(2);
    double norm = 0;
    for (JsonNode v : item.get("embedding")) {
      norm += v.asDouble() * v.asDouble();
    }
    assertThat(norm).isBetween(0.999, 1.001);
  }

  @Test
  void arraysOfStringsAndTokensGetOneEmbeddingEach() {
    fake.setEmbeddingDimensions(4);
    JsonNode strings =
        json(client.post("/embeddings", "{\"model\":\"e\",\"input\":[\"a\",\"b c\"]}").body());
    assertThat(strings.get("data")).hasSize(2);
    assertThat(strings.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(strings.at("/data/0/embedding")).hasSize(4);
    assertThat(strings.at("/data/0/embedding")).isNotEqualTo(strings.at("/data/1/embedding"));

    JsonNode tokens =
        json(client.post("/embeddings", "{\"model\":\"e\",\"input\":[1,2,3]}").body());
    assertThat(tokens.get("data")).hasSize(1);
    assertThat(tokens.at("/usage/prompt_tokens").asInt()).isEqualTo(3);

    JsonNode tokenLists =
        json(client.post("/embeddings", "{\"model\":\"e\",\"input\":[[1,2],[3]]}").body());
    assertThat(tokenLists.get("data")).hasSize(2);

    JsonNode dims =
        json(
            client
                .post("/embeddings", "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":16}")
                .body());
    assertThat(dims.at("/data/0/embedding")).hasSize(16);
  }

  @Test
  void base64IsLittleEndianFloat32OfTheSameVector() {
    JsonNode floats =
        json(client.post("/embeddings", "{\"model\":\"e\",\"input\":\"abc\"}").body());
    JsonNode encoded =
        json(
            client
                .post(
                    "/embeddings",
                    "{\"model\":\"e\",\"input\":\"abc\",\"encoding_format\":\"base64\"}")
                .body());

    byte[] raw = Base64.getDecoder().decode(encoded.at("/data/0/embedding").asText());
    assertThat(raw).hasSize(8 * 4);
    ByteBuffer buf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 8; i++) {
      assertThat(buf.getFloat()).isEqualTo(floats.at("/data/0/embedding/" + i).floatValue());
    }
  }

  @Test
  void embeddingsRejectMissingOrMalformedInput() {
    HttpResponse<String> missing = client.post("/embeddings", "{\"model\":\"e\"}");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing.body()).at("/error/param").asText()).isEqualTo("input");

    HttpResponse<String> malformed = client.post("/embeddings", "{\"model\":\"e\",\"input\":{}}");
    assertThat(malformed.statusCode()).isEqualTo(400);
    ErrorsAndAuthTest.assertOpenAiError(malformed.body());
  }

  @Test
  void modelsListsTheConfiguredIds() {
    JsonNode list = json(client.get("/models").body());
    assertThat(list.get("object").asText()).isEqualTo("list");
    JsonNode first = list.get("data").get(0);
    assertThat(ChatCompletionsTest.fieldNames(first))
        .containsExactly("id", "object", "created", "owned_by");
    assertThat(first.get("object").asText()).isEqualTo("model");

    fake.setModels(List.of("my-model", "other"));
    list = json(client.get("/models").body());
    assertThat(list.get("data")).hasSize(2);
    assertThat(list.at("/data/0/id").asText()).isEqualTo("my-model");
    assertThat(json(client.get("/models/other").body()).get("id").asText()).isEqualTo("other");
    HttpResponse<String> unknown = client.get("/models/nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown.body()).at("/error/code").asText()).isEqualTo("model_not_found");
  }
}

package io.tollgate.proxy.e2e;

import static io.tollgate.proxy.e2e.GatewayTestEnvironment.FULL_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.LIMITED_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.UPSTREAM_KEY;
import static io.tollgate.proxy.e2e.GatewayTestEnvironment.fake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, unmodified, pointed at the gateway. */
@QuarkusTest
@WithTestResource(GatewayTestEnvironment.class)
class OpenAiSdkCompatibilityTest {

  @TestHTTPResource("/v1")
  URI v1;

  @BeforeEach
  void reset() {
    fake().reset();
    fake().setExpectedApiKey(UPSTREAM_KEY);
  }

  private OpenAIClient client(String key) {
    return OpenAIOkHttpClient.builder().baseUrl(v1.toString()).apiKey(key).maxRetries(0).build();
  }

  private static ChatCompletionCreateParams.Builder ask(String model, String text) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(text);
  }

  @Test
  void chatCompletion() {
    ChatCompletion completion =
        client(FULL_KEY).chat().completions().create(ask("chat", "hello").build());
    assertThat(completion.choices().get(0).message().content()).hasValue("Hello! You said: hello");
    assertThat(completion.usage().orElseThrow().totalTokens()).isPositive();
  }

  @Test
  void streamingWithoutUsage() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client(FULL_KEY).chat().completions().createStreaming(ask("chat", "one two").build())) {
      stream.stream().forEach(chunks::add);
    }
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    assertThat(text.toString()).isEqualTo("Hello! You said: one two");
    assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).isNotEmpty());
    assertThat(chunks).noneSatisfy(c -> assertThat(c.usage()).isPresent());
  }

  @Test
  void streamingWithUsage() {
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    ChatCompletionCreateParams params =
        ask("chat", "one two")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    try (StreamResponse<ChatCompletionChunk> stream =
        client(FULL_KEY).chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunks::add);
    }
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertThat(last.choices()).isEmpty();
    assertThat(last.usage().orElseThrow().completionTokens()).isPositive();
  }

  @Test
  void toolCallRoundTrip() {
    fake().setToolArguments("{\"city\":\"Paris\"}");
    assertThat(ToolRoundTrip.run(client(FULL_KEY), "chat")).isEqualTo("Tool result: sunny, 21C");
  }

  @Test
  void embeddings() {
    CreateEmbeddingResponse response =
        client(FULL_KEY)
            .embeddings()
            .create(
                EmbeddingCreateParams.builder().model("embed-small").input("some text").build());
    assertThat(response.data()).hasSize(1);
    assertThat(response.data().get(0).embedding()).isNotEmpty();
    assertThat(response.usage().promptTokens()).isPositive();
  }

  @Test
  void modelListShowsOnlyWhatTheKeyMayUse() {
    List<String> full = client(FULL_KEY).models().list().data().stream().map(Model::id).toList();
    // Other suites add routes of their own to the shared gateway; the three base ones are there.
    assertThat(full).contains("chat", "embed-small", "restricted-model");
    List<String> limited =
        client(LIMITED_KEY).models().list().data().stream().map(Model::id).toList();
    assertThat(limited).containsExactly("chat", "embed-small");
    assertThat(client(LIMITED_KEY).models().retrieve("chat").id()).isEqualTo("chat");
  }

  @Test
  void refusalsSurfaceAsSdkExceptionsWithTheGatewaysMessage() {
    assertThatThrownBy(
            () -> client("tg-wrong").chat().completions().create(ask("chat", "x").build()))
        .isInstanceOf(UnauthorizedException.class)
        .hasMessageContaining("Incorrect API key provided");
    assertThatThrownBy(
            () ->
                client(LIMITED_KEY)
                    .chat()
                    .completions()
                    .create(ask("restricted-model", "x").build()))
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("not allowed to use the model 'restricted-model'");
    assertThatThrownBy(
            () -> client(FULL_KEY).chat().completions().create(ask("no-such-model", "x").build()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("'no-such-model' does not exist");
  }
}

package io.tollgate.proxy.translate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.config.snapshot.PromptFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files per translator pair: {@code translate/<pair>/<case>/} holds any of client-request →
 * upstream-request (or rejected.json), upstream-response → client-response, upstream-stream →
 * client-stream, upstream-error → client-error, and client-path.txt where the client's path is part
 * of its request (Bedrock's converse-stream) or prompt-format.txt where the backend's prompt format
 * is (TGI). A case fails on any file no check consumed. Bedrock events are written like SSE events
 * named by their type; exceptions as {@code exception <type>}.
 */
class TranslatorGoldenTest {

  static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_750_000_000L), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One client × backend pair with the models its fixtures assume. */
  interface Pair {
    ObjectNode request(JsonNode clientRequest);

    /** The request of a client whose path says more (Bedrock streams by path). */
    default ObjectNode request(JsonNode clientRequest, String clientPath) {
      return request(clientRequest);
    }

    ObjectNode response(JsonNode upstreamResponse);

    /** The answer to a request whose fields shape it (stop sequences TGI leaves in the text). */
    default ObjectNode response(JsonNode upstreamResponse, JsonNode clientRequest) {
      return response(upstreamResponse);
    }

    /** Client bytes for the whole upstream stream, fed one event at a time. */
    String stream(List<SseEvent> upstream, JsonNode clientRequest);

    TranslatedError error(int status, JsonNode body);
  }

  static final class OpenAiToAnthropic implements Pair {
    final OpenAiToAnthropicTranslator translator = new OpenAiToAnthropicTranslator(CLOCK);

    @Override
    public ObjectNode request(JsonNode clientRequest) {
      return translator.request(clientRequest, "claude-sonnet-4-5-20250929");
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse) {
      return translator.response(upstreamResponse, "gpt-4o");
    }

    @Override
    public String stream(List<SseEvent> upstream, JsonNode clientRequest) {
      boolean includeUsage =
          clientRequest == null
              || clientRequest.path("stream_options").path("include_usage").asBoolean(false);
      OpenAiToAnthropicStream stream = translator.stream("gpt-4o", includeUsage);
      StringBuilder out = new StringBuilder();
      upstream.forEach(e -> out.append(stream.accept(e)));
      return out.append(stream.end()).toString();
    }

    @Override
    public TranslatedError error(int status, JsonNode body) {
      return translator.error(status, body);
    }
  }

  static final class AnthropicToOpenAi implements Pair {
    final AnthropicToOpenAiTranslator translator = new AnthropicToOpenAiTranslator();

    @Override
    public ObjectNode request(JsonNode clientRequest) {
      return translator.request(clientRequest, "gpt-4o-2024-08-06");
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse) {
      return translator.response(upstreamResponse, "claude-sonnet-4-5");
    }

    @Override
    public String stream(List<SseEvent> upstream, JsonNode clientRequest) {
      AnthropicToOpenAiStream stream = translator.stream("claude-sonnet-4-5");
      StringBuilder out = new StringBuilder();
      upstream.forEach(e -> out.append(stream.accept(e)));
      return out.append(stream.end()).toString();
    }

    @Override
    public TranslatedError error(int status, JsonNode body) {
      return translator.error(status, body);
    }
  }

  /** Bedrock pairs have no error fixtures: gateway errors are rendered by the front door. */
  abstract static class BedrockPair implements Pair {
    static final long LATENCY_MS = 42;

    @Override
    public ObjectNode request(JsonNode clientRequest) {
      return request(clientRequest, "/model/m/converse");
    }

    @Override
    public TranslatedError error(int status, JsonNode body) {
      throw new UnsupportedOperationException("no error fixtures for Bedrock pairs");
    }

    static boolean streams(String clientPath) {
      return clientPath != null && clientPath.endsWith("/converse-stream");
    }

    static String render(ConverseStreamTranslation stream, List<SseEvent> upstream) {
      List<BedrockEvent> events = new ArrayList<>();
      upstream.forEach(e -> events.addAll(stream.accept(e)));
      events.addAll(stream.end());
      StringBuilder out = new StringBuilder();
      for (BedrockEvent e : events) {
        String name = e.exception() ? "exception " + e.type() : e.type();
        out.append(new SseEvent(name, JsonTrees.write(e.payload())).render());
      }
      return out.toString();
    }
  }

  static final class BedrockToOpenAi extends BedrockPair {
    final BedrockToOpenAiTranslator translator = new BedrockToOpenAiTranslator();

    @Override
    public ObjectNode request(JsonNode clientRequest, String clientPath) {
      return translator.request(clientRequest, "gpt-4o-2024-08-06", streams(clientPath));
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse) {
      return translator.response(upstreamResponse, LATENCY_MS);
    }

    @Override
    public String stream(List<SseEvent> upstream, JsonNode clientRequest) {
      return render(translator.stream(() -> LATENCY_MS), upstream);
    }
  }

  static final class BedrockToAnthropic extends BedrockPair {
    final BedrockToAnthropicTranslator translator = new BedrockToAnthropicTranslator(CLOCK);

    @Override
    public ObjectNode request(JsonNode clientRequest, String clientPath) {
      return translator.request(clientRequest, "claude-sonnet-4-5-20250929", streams(clientPath));
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse) {
      return translator.response(upstreamResponse, LATENCY_MS);
    }

    @Override
    public String stream(List<SseEvent> upstream, JsonNode clientRequest) {
      return render(translator.stream(() -> LATENCY_MS), upstream);
    }
  }

  /** Bedrock backends: no error fixtures, as the attempt loop renders upstream errors. */
  static final class OpenAiToBedrock implements Pair {
    final OpenAiToBedrockTranslator translator =
        new OpenAiToBedrockTranslator(CLOCK, () -> "chatcmpl-bedrock-1");

    @Override
    public ObjectNode request(JsonNode clientRequest) {
      return translator.request(clientRequest);
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse) {
      return translator.response(upstreamResponse, "claude-bedrock");
    }

    @Override
    public String stream(List<SseEvent> upstream, JsonNode clientRequest) {
      boolean includeUsage =
          clientRequest != null
              && clientRequest.path("stream_options").path("include_usage").asBoolean(false);
      OpenAiToBedrockStream stream = translator.stream("claude-bedrock", includeUsage);
      StringBuilder out = new StringBuilder();
      upstream.forEach(e -> out.append(stream.accept(e)));
      return out.append(stream.end()).toString();
    }

    @Override
    public TranslatedError error(int status, JsonNode body) {
      throw new UnsupportedOperationException("no error fixtures for Bedrock backends");
    }
  }

  static final class OpenAiToTgi implements Pair {
    final OpenAiToTgiTranslator translator =
        new OpenAiToTgiTranslator(CLOCK, () -> "chatcmpl-tgi-1");

    @Override
    public ObjectNode request(JsonNode clientRequest) {
      return request(clientRequest, null);
    }

    @Override
    public ObjectNode request(JsonNode clientRequest, String promptFormat) {
      PromptFormat format =
          promptFormat == null
              ? PromptFormat.CHATML
              : PromptFormat.valueOf(promptFormat.toUpperCase(Locale.ROOT));
      return translator.request(clientRequest, format, clientRequest.path("stream").asBoolean());
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse) {
      return response(upstreamResponse, null);
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse, JsonNode clientRequest) {
      return translator.response(
          upstreamResponse, "llama-tgi", OpenAiToTgiTranslator.stops(clientRequest));
    }

    @Override
    public String stream(List<SseEvent> upstream, JsonNode clientRequest) {
      OpenAiToTgiStream stream =
          translator.stream("llama-tgi", true, OpenAiToTgiTranslator.stops(clientRequest));
      StringBuilder out = new StringBuilder();
      upstream.forEach(e -> out.append(stream.accept(e)));
      return out.append(stream.end()).toString();
    }

    @Override
    public TranslatedError error(int status, JsonNode body) {
      throw new UnsupportedOperationException("container errors are mapped in SageMakerFailures");
    }
  }

  static final class AnthropicToBedrock implements Pair {
    final AnthropicToBedrockTranslator translator =
        new AnthropicToBedrockTranslator(new OpenAiToBedrockTranslator(CLOCK, () -> "msg_bdrk_1"));

    @Override
    public ObjectNode request(JsonNode clientRequest) {
      return translator.request(clientRequest);
    }

    @Override
    public ObjectNode response(JsonNode upstreamResponse) {
      return translator.response(upstreamResponse, "claude-bedrock");
    }

    @Override
    public String stream(List<SseEvent> upstream, JsonNode clientRequest) {
      AnthropicToBedrockTranslator.Stream stream = translator.stream("claude-bedrock");
      StringBuilder out = new StringBuilder();
      upstream.forEach(e -> out.append(stream.accept(e)));
      return out.append(stream.end()).toString();
    }

    @Override
    public TranslatedError error(int status, JsonNode body) {
      throw new UnsupportedOperationException("no error fixtures for Bedrock backends");
    }
  }

  @TestFactory
  Stream<DynamicTest> openAiToBedrock() {
    return cases("openai-to-bedrock", new OpenAiToBedrock());
  }

  @TestFactory
  Stream<DynamicTest> openAiToTgi() {
    return cases("openai-to-tgi", new OpenAiToTgi());
  }

  @TestFactory
  Stream<DynamicTest> anthropicToBedrock() {
    return cases("anthropic-to-bedrock", new AnthropicToBedrock());
  }

  @TestFactory
  Stream<DynamicTest> bedrockToOpenAi() {
    return cases("bedrock-to-openai", new BedrockToOpenAi());
  }

  @TestFactory
  Stream<DynamicTest> bedrockToAnthropic() {
    return cases("bedrock-to-anthropic", new BedrockToAnthropic());
  }

  @TestFactory
  Stream<DynamicTest> openAiToAnthropic() {
    return cases("openai-to-anthropic", new OpenAiToAnthropic());
  }

  @TestFactory
  Stream<DynamicTest> anthropicToOpenAi() {
    return cases("anthropic-to-openai", new AnthropicToOpenAi());
  }

  static Stream<DynamicTest> cases(String pair, Pair translator) {
    // Read the source tree when present so write mode updates the fixtures themselves.
    Path source = Path.of("src/test/resources/translate", pair);
    Path root = Files.isDirectory(source) ? source : resource("translate/" + pair);
    try (Stream<Path> dirs = Files.list(root)) {
      List<Path> cases = dirs.filter(Files::isDirectory).sorted().toList();
      assertThat(cases).as("cases of " + pair).isNotEmpty();
      return cases.stream()
          .map(
              dir ->
                  DynamicTest.dynamicTest(
                      dir.getFileName().toString(), () -> run(dir, translator)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void run(Path dir, Pair pair) throws IOException {
    Set<String> unused = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(f -> unused.add(f.getFileName().toString()));
    }
    JsonNode clientRequest =
        unused.contains("client-request.json") ? json(dir, "client-request.json") : null;
    String clientPath =
        unused.contains("client-path.txt")
            ? text(dir, "client-path.txt").strip()
            : unused.contains("prompt-format.txt") ? text(dir, "prompt-format.txt").strip() : null;
    boolean writeMissing =
        Boolean.getBoolean("translate.golden.write") && !unused.contains("rejected.json");
    if (clientRequest != null && (unused.contains("upstream-request.json") || writeMissing)) {
      assertJson(pair.request(clientRequest, clientPath), dir, "upstream-request.json");
      unused.removeAll(
          List.of(
              "client-request.json",
              "upstream-request.json",
              "client-path.txt",
              "prompt-format.txt"));
    }
    if (clientRequest != null && unused.contains("rejected.json")) {
      JsonNode expected = json(dir, "rejected.json");
      assertThatThrownBy(() -> pair.request(clientRequest, clientPath))
          .isInstanceOfSatisfying(
              TranslationException.class,
              e -> {
                assertThat(e.param()).isEqualTo(expected.get("param").asText());
                assertThat(e.getMessage()).contains(expected.get("messageContains").asText());
              });
      unused.removeAll(
          List.of("client-request.json", "rejected.json", "client-path.txt", "prompt-format.txt"));
    }
    if (unused.contains("upstream-response.json")) {
      assertJson(
          pair.response(json(dir, "upstream-response.json"), clientRequest),
          dir,
          "client-response.json");
      unused.removeAll(List.of("upstream-response.json", "client-response.json"));
      unused.remove("client-request.json");
    }
    if (unused.contains("upstream-stream.txt")) {
      List<SseEvent> upstream = SseEvent.parseAll(text(dir, "upstream-stream.txt"));
      String actual = pair.stream(upstream, clientRequest);
      unused.remove("client-request.json");
      assertStream(actual, dir, "client-stream.txt");
      unused.removeAll(List.of("upstream-stream.txt", "client-stream.txt"));
    }
    if (unused.contains("upstream-error.json")) {
      JsonNode upstream = json(dir, "upstream-error.json");
      TranslatedError mapped = pair.error(upstream.get("status").asInt(), upstream.get("body"));
      ObjectNode actual = JSON.createObjectNode().put("status", mapped.status());
      actual.set("body", mapped.body());
      assertJson(actual, dir, "client-error.json");
      unused.removeAll(List.of("upstream-error.json", "client-error.json"));
    }
    assertThat(unused).as("fixture files no check used in " + dir.getFileName()).isEmpty();
  }

  /** Compares as JSON trees; with -Dtranslate.golden.write=true a missing file is written. */
  static void assertJson(JsonNode actual, Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file) && Boolean.getBoolean("translate.golden.write")) {
      Files.writeString(file, JSON.writeValueAsString(actual) + "\n");
    }
    // Round-trip through text so numbers compare by value, not by node class (int vs long).
    JsonNode normalized = JSON.readTree(JSON.writeValueAsString(actual));
    assertThat(normalized).as(dir.getFileName() + "/" + name).isEqualTo(json(dir, name));
  }

  /** Compares event by event: same names, data equal as JSON (or as text for [DONE]). */
  static void assertStream(String actual, Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    if (!Files.exists(file) && Boolean.getBoolean("translate.golden.write")) {
      Files.writeString(file, actual);
    }
    assertThat(actual).as("every event ends with a blank line").endsWith("\n\n");
    List<SseEvent> got = SseEvent.parseAll(actual);
    List<SseEvent> want = SseEvent.parseAll(text(dir, name));
    assertThat(got.stream().map(SseEvent::event).toList())
        .as(dir.getFileName() + "/" + name + " event names")
        .isEqualTo(want.stream().map(SseEvent::event).toList());
    List<Object> gotData = new ArrayList<>();
    List<Object> wantData = new ArrayList<>();
    got.forEach(e -> gotData.add(dataOf(e)));
    want.forEach(e -> wantData.add(dataOf(e)));
    assertThat(gotData).as(dir.getFileName() + "/" + name).isEqualTo(wantData);
  }

  private static Object dataOf(SseEvent e) {
    JsonNode parsed = JsonTrees.parseOrNull(e.data());
    return parsed != null ? parsed : e.data();
  }

  static JsonNode json(Path dir, String name) throws IOException {
    return JSON.readTree(Files.readString(dir.resolve(name), StandardCharsets.UTF_8));
  }

  static String text(Path dir, String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  static Path resource(String name) {
    try {
      return Path.of(TranslatorGoldenTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

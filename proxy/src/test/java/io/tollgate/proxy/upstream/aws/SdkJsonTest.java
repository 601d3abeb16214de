package io.tollgate.proxy.upstream.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.translate.TranslationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDelta;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** Converse JSON and the SDK's model objects, both ways, by the models' own field metadata. */
class SdkJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void aConverseRequestBecomesTheSdkObjectItsBuilderWouldMake() throws Exception {
    JsonNode body =
        json(
            """
            {"system": [{"text": "Be brief."}],
             "messages": [
               {"role": "user", "content": [
                 {"text": "What is this?"},
                 {"image": {"format": "png", "source": {"bytes": "iVBORw0KGgo="}}}]},
               {"role": "assistant", "content": [
                 {"toolUse": {"toolUseId": "t1", "name": "look", "input": {"zoom": 2, "at": [0.5, 1]}}}]}],
             "inferenceConfig": {"maxTokens": 100, "temperature": 0.5, "stopSequences": ["END"]},
             "toolConfig": {
               "tools": [{"toolSpec": {"name": "look", "inputSchema": {"json": {"type": "object"}}}}],
               "toolChoice": {"any": {}}},
             "requestMetadata": {"team": "search"}}
            """);

    ConverseRequest request = SdkJson.read(body, ConverseRequest.builder().modelId("m"), "");

    ConverseRequest expected =
        ConverseRequest.builder()
            .modelId("m")
            .system(s -> s.text("Be brief."))
            .messages(
                Message.builder()
                    .role(ConversationRole.USER)
                    .content(
                        ContentBlock.fromText("What is this?"),
                        ContentBlock.fromImage(
                            ImageBlock.builder()
                                .format(ImageFormat.PNG)
                                .source(
                                    ImageSource.fromBytes(
                                        SdkBytes.fromByteArray(
                                            java.util.Base64.getDecoder().decode("iVBORw0KGgo="))))
                                .build()))
                    .build(),
                Message.builder()
                    .role(ConversationRole.ASSISTANT)
                    .content(
                        ContentBlock.fromToolUse(
                            ToolUseBlock.builder()
                                .toolUseId("t1")
                                .name("look")
                                .input(
                                    Document.fromMap(
                                        Map.of(
                                            "zoom",
                                            Document.fromNumber("2"),
                                            "at",
                                            Document.fromList(
                                                List.of(
                                                    Document.fromNumber("0.5"),
                                                    Document.fromNumber("1"))))))
                                .build()))
                    .build())
            .inferenceConfig(
                InferenceConfiguration.builder()
                    .maxTokens(100)
                    .temperature(0.5f)
                    .stopSequences("END")
                    .build())
            .toolConfig(
                ToolConfiguration.builder()
                    .tools(
                        Tool.fromToolSpec(
                            ToolSpecification.builder()
                                .name("look")
                                .inputSchema(
                                    ToolInputSchema.fromJson(
                                        Document.fromMap(
                                            Map.of("type", Document.fromString("object")))))
                                .build()))
                    .toolChoice(ToolChoice.fromAny(a -> {}))
                    .build())
            .requestMetadata(Map.of("team", "search"))
            .build();
    assertThat(request).isEqualTo(expected);
  }

  @Test
  void streamRequestsReadTheSameJson() throws Exception {
    ConverseStreamRequest request =
        SdkJson.read(
            json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}"),
            ConverseStreamRequest.builder().modelId("m"),
            "");

    assertThat(request.messages().get(0).content().get(0).text()).isEqualTo("hi");
    assertThat(request.modelId()).isEqualTo("m");
  }

  @Test
  void unknownMembersAndWrongTypesNameTheirPath() throws Exception {
    assertThatThrownBy(
            () ->
                SdkJson.read(
                    json("{\"messages\":[{\"role\":\"user\",\"content\":[{\"txt\":\"hi\"}]}]}"),
                    ConverseRequest.builder(),
                    ""))
        .isInstanceOfSatisfying(
            TranslationException.class,
            e -> assertThat(e.param()).isEqualTo("messages.0.content.0.txt"));
    assertThatThrownBy(
            () ->
                SdkJson.read(
                    json("{\"inferenceConfig\":{\"maxTokens\":\"many\"}}"),
                    ConverseRequest.builder(),
                    ""))
        .isInstanceOfSatisfying(
            TranslationException.class,
            e -> {
              assertThat(e.param()).isEqualTo("inferenceConfig.maxTokens");
              assertThat(e.getMessage()).contains("must be an integer");
            });
    // The model id travels in the path: the body cannot set it.
    assertThatThrownBy(
            () -> SdkJson.read(json("{\"modelId\":\"x\"}"), ConverseRequest.builder(), ""))
        .isInstanceOfSatisfying(
            TranslationException.class, e -> assertThat(e.param()).isEqualTo("modelId"));
  }

  @Test
  void aConverseResponseBecomesBedrocksJson() throws Exception {
    ConverseResponse response =
        ConverseResponse.builder()
            .output(
                ConverseOutput.fromMessage(
                    Message.builder()
                        .role(ConversationRole.ASSISTANT)
                        .content(
                            ContentBlock.fromText("Calling."),
                            ContentBlock.fromToolUse(
                                ToolUseBlock.builder()
                                    .toolUseId("t2")
                                    .name("look")
                                    .input(
                                        Document.fromMap(
                                            Map.of(
                                                "zoom",
                                                Document.fromNumber(3),
                                                "why",
                                                Document.fromString("detail"))))
                                    .build()))
                        .build()))
            .stopReason(StopReason.TOOL_USE)
            .usage(
                TokenUsage.builder()
                    .inputTokens(10)
                    .outputTokens(5)
                    .totalTokens(45)
                    .cacheReadInputTokens(30)
                    .build())
            .metrics(m -> m.latencyMs(120L))
            .build();

    // Compared as text read back, so numbers compare by value, not by node class.
    assertThat(json(SdkJson.write(response).toString()))
        .isEqualTo(
            json(
                """
                {"output": {"message": {"role": "assistant", "content": [
                   {"text": "Calling."},
                   {"toolUse": {"toolUseId": "t2", "name": "look", "input": {"why": "detail", "zoom": 3}}}]}},
                 "stopReason": "tool_use",
                 "usage": {"inputTokens": 10, "outputTokens": 5, "totalTokens": 45, "cacheReadInputTokens": 30},
                 "metrics": {"latencyMs": 120}}
                """));
  }

  @Test
  void streamEventsBecomeTheirTextForm() throws Exception {
    ContentBlockDeltaEvent delta =
        ConverseStreamOutput.contentBlockDeltaBuilder()
            .contentBlockIndex(1)
            .delta(ContentBlockDelta.fromText("Hel"))
            .build();

    String text = BedrockCall.text(delta).toString();

    assertThat(text).startsWith("event: contentBlockDelta\ndata: ").endsWith("\n\n");
    assertThat(json(text.substring(text.indexOf("data: ") + 6).strip()))
        .isEqualTo(json("{\"contentBlockIndex\":1,\"delta\":{\"text\":\"Hel\"}}"));
  }
}

package io.tollgate.proxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.Map;

/**
 * The tool round trip every SDK suite runs, whatever the backend: the model calls {@code
 * get_weather} for Paris (the fake must be set to answer with {@code {"city":"Paris"}}), the client
 * returns the tool's result, and the model's final answer is returned.
 */
final class ToolRoundTrip {

  static final FunctionDefinition WEATHER =
      FunctionDefinition.builder()
          .name("get_weather")
          .parameters(
              FunctionParameters.builder()
                  .putAdditionalProperty("type", JsonValue.from("object"))
                  .putAdditionalProperty(
                      "properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                  .build())
          .build();

  private ToolRoundTrip() {}

  /** Runs the round trip against {@code model}; returns the final answer's text. */
  static String run(OpenAIClient client, String model) {
    ChatCompletionCreateParams.Builder first =
        ChatCompletionCreateParams.builder()
            .model(model)
            .addUserMessage("weather in Paris?")
            .addFunctionTool(WEATHER);
    ChatCompletion call = client.chat().completions().create(first.build());
    ChatCompletionMessageFunctionToolCall toolCall =
        call.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
    assertThat(toolCall.function().name()).isEqualTo("get_weather");
    assertThat(toolCall.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");

    ChatCompletion answer =
        client
            .chat()
            .completions()
            .create(
                first
                    .addMessage(call.choices().get(0).message())
                    .addMessage(
                        ChatCompletionToolMessageParam.builder()
                            .toolCallId(toolCall.id())
                            .content("sunny, 21C")
                            .build())
                    .build());
    return answer.choices().get(0).message().content().orElseThrow();
  }
}

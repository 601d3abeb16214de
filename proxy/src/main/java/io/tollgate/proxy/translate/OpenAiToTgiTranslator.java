package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tollgate.config.snapshot.PromptFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * OpenAI chat clients served by a Hugging Face TGI container through its native {@code {inputs,
 * parameters}} payload (SageMaker's classic TGI contract): the conversation is rendered into one
 * prompt by {@link TgiPrompts}, sampling maps onto TGI's parameters, and the generated text comes
 * back as a {@code chat.completion} (or, via {@link #stream}, chunks). TGI's native API has no
 * tools, no logprobs in OpenAI's shape, no response formats and no several choices: asking for them
 * is a 400 naming the parameter (docs/providers.md lists the policies). TGI reports the tokens it
 * generated but not the prompt's, so {@code prompt_tokens} is 0.
 */
public final class OpenAiToTgiTranslator {

  private final Clock clock;
  private final Supplier<String> ids;

  public OpenAiToTgiTranslator(Clock clock) {
    this(clock, () -> "chatcmpl-" + UUID.randomUUID().toString().replace("-", ""));
  }

  /** With the response ids {@code ids} hands out (tests). */
  public OpenAiToTgiTranslator(Clock clock, Supplier<String> ids) {
    this.clock = clock;
    this.ids = ids;
  }

  /** The TGI body for an OpenAI chat request. Throws {@link TranslationException}. */
  public ObjectNode request(JsonNode openAi, PromptFormat format, boolean stream) {
    if (openAi == null || !openAi.isObject()) {
      throw new TranslationException(null, "The request body must be a JSON object.");
    }
    checkParameters(openAi);
    ObjectNode out =
        JsonTrees.object().put("inputs", TgiPrompts.render(openAi.get("messages"), format));
    ObjectNode parameters = out.putObject("parameters");
    JsonNode max = openAi.get("max_completion_tokens");
    if (JsonTrees.absent(max)) {
      max = openAi.get("max_tokens");
    }
    // Without a limit TGI (2.0 and later) generates up to the context window, as OpenAI would.
    if (!JsonTrees.absent(max)) {
      parameters.put("max_new_tokens", max.asLong());
    }
    sampling(openAi, parameters);
    List<String> stops = stops(openAi);
    if (!stops.isEmpty()) {
      ArrayNode stop = parameters.putArray("stop");
      stops.forEach(stop::add);
    }
    JsonNode seed = openAi.get("seed");
    if (seed != null && seed.isIntegralNumber()) {
      parameters.put("seed", seed.asLong());
    }
    parameters.put("details", true).put("return_full_text", false);
    if (stream) {
      out.put("stream", true);
    }
    return out;
  }

  /**
   * OpenAI samples at temperature 1 unless told otherwise, TGI decodes greedily unless told to
   * sample: sampling is asked for explicitly, and temperature 0 (which TGI refuses) means greedy.
   * TGI takes {@code top_p} only strictly between 0 and 1; 1 is its default anyway.
   */
  private static void sampling(JsonNode in, ObjectNode parameters) {
    JsonNode temperature = in.get("temperature");
    boolean greedy = temperature != null && temperature.isNumber() && temperature.asDouble() <= 0;
    parameters.put("do_sample", !greedy);
    if (!greedy && temperature != null && temperature.isNumber()) {
      parameters.set("temperature", temperature);
    }
    JsonNode topP = in.get("top_p");
    if (topP != null && topP.isNumber() && topP.asDouble() < 1) {
      if (topP.asDouble() <= 0) {
        throw new TranslationException("top_p", "'top_p' must be greater than 0.");
      }
      parameters.set("top_p", topP);
    }
  }

  /** The request's stop sequences ({@code stop} as a string or an array). */
  public static List<String> stops(JsonNode openAi) {
    JsonNode stop = openAi == null ? null : openAi.get("stop");
    List<String> stops = new ArrayList<>();
    if (stop != null && stop.isTextual()) {
      stops.add(stop.asText());
    } else if (stop != null && stop.isArray()) {
      stop.forEach(s -> stops.add(s.asText()));
    }
    stops.removeIf(String::isEmpty);
    return stops;
  }

  /** TGI's native API has no tools: only their absence (or {@code tool_choice: none}) passes. */
  private static void checkParameters(JsonNode in) {
    OpenAiParameters.check(
        in,
        TgiPrompts.BACKEND,
        (name, v) ->
            switch (name) {
              case "parallel_tool_calls" -> true;
              case "tools" -> JsonTrees.absent(v) || v.isEmpty();
              case "tool_choice" -> JsonTrees.absent(v) || "none".equals(v.asText());
              default -> null;
            });
  }

  /**
   * The OpenAI {@code chat.completion} for a TGI answer: {@code [{"generated_text", "details"}]}
   * (SageMaker's shape) or the bare object. A matched stop sequence, which TGI leaves at the end of
   * the text, is cut as OpenAI does.
   */
  public ObjectNode response(JsonNode tgi, String clientModel, List<String> stops) {
    JsonNode item = tgi != null && tgi.isArray() ? tgi.get(0) : tgi;
    String text = item == null ? null : JsonTrees.text(item.get("generated_text"));
    if (text == null) {
      throw new IllegalStateException("the TGI answer has no generated_text");
    }
    JsonNode details = item.path("details");
    String finish = JsonTrees.text(details.get("finish_reason"));
    if ("stop_sequence".equals(finish)) {
      text = withoutStop(text, stops);
    }
    ObjectNode out =
        JsonTrees.object()
            .put("id", ids.get())
            .put("object", "chat.completion")
            .put("created", clock.instant().getEpochSecond())
            .put("model", clientModel);
    ObjectNode choice = out.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", text).putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", FinishReasons.openAiFromTgi(finish));
    out.set("usage", usage(details));
    return out;
  }

  static ObjectNode usage(JsonNode details) {
    return TokenUsage.openAi(0, 0, 0, details.path("generated_tokens").asLong());
  }

  /** The text without the stop sequence it ends with, if any. */
  static String withoutStop(String text, List<String> stops) {
    for (String stop : stops) {
      if (text.endsWith(stop)) {
        return text.substring(0, text.length() - stop.length());
      }
    }
    return text;
  }

  /** A fresh state machine for one streamed response. */
  public OpenAiToTgiStream stream(String clientModel, boolean includeUsage, List<String> stops) {
    return new OpenAiToTgiStream(
        new OpenAiChunks(ids.get(), clientModel, clock.instant().getEpochSecond(), includeUsage),
        stops);
  }
}

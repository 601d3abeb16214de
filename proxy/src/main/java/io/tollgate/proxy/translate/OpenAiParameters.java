package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Checks an OpenAI chat request's fields against what another schema can honour, for the
 * translators to Anthropic, Bedrock and TGI: each names the fields it treats its own way, the rest
 * follow the shared rules below. Unknown fields are refused (failing closed keeps a new OpenAI
 * parameter from being silently ignored); neutral values of unsupported knobs pass.
 */
final class OpenAiParameters {

  /** A translator's own verdict on a field: true or false, or null to use the shared rules. */
  interface Rule {
    Boolean accepts(String name, JsonNode value);
  }

  private OpenAiParameters() {}

  /** Throws a 400 naming the first field the backend cannot honour. */
  static void check(JsonNode in, String backend, Rule rule) {
    for (Iterator<Map.Entry<String, JsonNode>> it = in.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      Boolean own = rule.accepts(name, field.getValue());
      boolean ok = own != null ? own : shared(name, field.getValue());
      if (!ok) {
        throw TranslationException.unsupported(name, backend);
      }
    }
  }

  /**
   * Fields every translation reads or may drop without changing the answer (best-effort {@code
   * seed}, OpenAI-side bookkeeping), and the neutral values of knobs other schemas lack.
   */
  private static boolean shared(String name, JsonNode v) {
    return switch (name) {
      case "model",
          "messages",
          "max_tokens",
          "max_completion_tokens",
          "stop",
          "temperature",
          "top_p",
          "stream",
          "stream_options",
          "user",
          "seed",
          "metadata",
          "store",
          "service_tier" ->
          true;
      case "n" -> JsonTrees.absent(v) || v.asInt() == 1;
      case "logprobs" -> JsonTrees.absent(v) || !v.asBoolean();
      case "frequency_penalty", "presence_penalty" -> JsonTrees.absent(v) || v.asDouble() == 0;
      case "logit_bias" -> JsonTrees.absent(v) || v.isEmpty();
      case "response_format" -> JsonTrees.absent(v) || "text".equals(v.path("type").asText());
      case "modalities" ->
          JsonTrees.absent(v) || (v.size() == 1 && "text".equals(v.get(0).asText()));
      default -> JsonTrees.absent(v);
    };
  }
}

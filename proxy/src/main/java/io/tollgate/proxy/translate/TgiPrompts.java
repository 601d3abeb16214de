package io.tollgate.proxy.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.tollgate.config.snapshot.PromptFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an OpenAI conversation as the single prompt of a TGI-native payload, in the chat template
 * of the model family, ending where the assistant's answer begins. The container's tokenizer adds
 * the beginning-of-sequence token. Only text conversations render: tool calls, tool results and
 * images have no place in a plain prompt and are refused naming the message.
 */
final class TgiPrompts {

  static final String BACKEND = "a SageMaker endpoint with the tgi payload";

  private TgiPrompts() {}

  private record Turn(String role, String text) {}

  static String render(JsonNode messages, PromptFormat format) {
    List<Turn> turns = turns(messages);
    return switch (format) {
      case CHATML -> chatMl(turns);
      case LLAMA3 -> llama3(turns);
      case LLAMA2 -> instruct(turns, format, "[INST] <<SYS>>\n", "\n<</SYS>>\n\n", " ", " </s><s>");
      case MISTRAL -> instruct(turns, format, "[INST] ", "\n\n", "", "</s>");
      case PLAIN -> plain(turns);
    };
  }

  /** The messages as (role, text), system and developer alike; the last one must be the user's. */
  private static List<Turn> turns(JsonNode messages) {
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new TranslationException("messages", "'messages' must be a non-empty array.");
    }
    List<Turn> turns = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      JsonNode message = messages.get(i);
      String path = "messages[" + i + "]";
      String role = JsonTrees.text(message.get("role"));
      switch (role == null ? "" : role) {
        case "system", "developer" ->
            turns.add(new Turn("system", OpenAiContent.plainText(message.get("content"), path)));
        case "user" ->
            turns.add(new Turn("user", OpenAiContent.plainText(message.get("content"), path)));
        case "assistant" -> {
          if (!JsonTrees.absent(message.get("tool_calls"))) {
            throw TranslationException.unsupported(path + ".tool_calls", BACKEND);
          }
          JsonNode content = message.get("content");
          turns.add(
              new Turn(
                  "assistant",
                  JsonTrees.absent(content) ? "" : OpenAiContent.plainText(content, path)));
        }
        case "tool", "function" -> throw TranslationException.unsupported(path + ".role", BACKEND);
        default -> throw new TranslationException(path + ".role", "Unknown message role.");
      }
    }
    if (!"user".equals(turns.get(turns.size() - 1).role())) {
      throw new TranslationException(
          "messages[" + (turns.size() - 1) + "].role",
          "The last message must be the user's when the model is served by " + BACKEND + ".");
    }
    return turns;
  }

  private static String chatMl(List<Turn> turns) {
    StringBuilder out = new StringBuilder();
    for (Turn turn : turns) {
      out.append("<|im_start|>").append(turn.role()).append('\n').append(turn.text());
      out.append("<|im_end|>\n");
    }
    return out.append("<|im_start|>assistant\n").toString();
  }

  private static String llama3(List<Turn> turns) {
    StringBuilder out = new StringBuilder();
    for (Turn turn : turns) {
      out.append("<|start_header_id|>").append(turn.role()).append("<|end_header_id|>\n\n");
      out.append(turn.text().strip()).append("<|eot_id|>");
    }
    return out.append("<|start_header_id|>assistant<|end_header_id|>\n\n").toString();
  }

  /**
   * The {@code [INST]} templates of Llama 2 and Mistral: user and assistant turns alternate from
   * the user's, the system prompt (leading messages only) opens the first instruction, and each
   * answer ends with the end-of-sequence token before the next instruction.
   */
  private static String instruct(
      List<Turn> turns,
      PromptFormat format,
      String systemOpen,
      String systemClose,
      String answerOpen,
      String eos) {
    StringBuilder system = new StringBuilder();
    int first = 0;
    while (first < turns.size() && "system".equals(turns.get(first).role())) {
      system.append(system.isEmpty() ? "" : "\n\n").append(turns.get(first).text());
      first++;
    }
    StringBuilder out = new StringBuilder();
    for (int i = first; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      boolean userTurn = (i - first) % 2 == 0;
      if (!turn.role().equals(userTurn ? "user" : "assistant")) {
        throw new TranslationException(
            "messages[" + i + "].role",
            "The "
                + format.wireName()
                + " prompt format needs user and assistant messages in turn, starting with the"
                + " user's, after any system messages.");
      }
      if (!userTurn) {
        out.append(answerOpen).append(turn.text().strip()).append(eos);
        continue;
      }
      if (i == first && !system.isEmpty()) {
        out.append(systemOpen).append(system).append(systemClose);
      } else {
        out.append("[INST] ");
      }
      out.append(turn.text().strip()).append(" [/INST]");
    }
    return out.toString();
  }

  private static String plain(List<Turn> turns) {
    if (turns.size() != 1) {
      throw new TranslationException(
          "messages",
          "The plain prompt format takes exactly one user message; set promptFormat to the"
              + " model's chat template for conversations.");
    }
    return turns.get(0).text();
  }
}

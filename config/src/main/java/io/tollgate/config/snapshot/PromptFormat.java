package io.tollgate.config.snapshot;

/**
 * How a conversation becomes the single prompt string of a TGI-native payload: the chat template of
 * the model family the container serves. The container's tokenizer adds the beginning-of-sequence
 * token, so none of these writes it.
 */
public enum PromptFormat {
  /** {@code <|im_start|>role\n…<|im_end|>} turns (Qwen, Yi, many fine-tunes). */
  CHATML("chatml"),
  /** Llama 3 headers: {@code <|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>}. */
  LLAMA3("llama3"),
  /** Llama 2 chat: {@code [INST] <<SYS>>…<</SYS>> … [/INST]}. */
  LLAMA2("llama2"),
  /** Mistral instruct: {@code [INST] … [/INST]}, the system prompt folded into the first turn. */
  MISTRAL("mistral"),
  /**
   * No template: the text of a single user message is the prompt (base models, or containers that
   * template themselves); any other conversation is refused.
   */
  PLAIN("plain");

  private final String wireName;

  PromptFormat(String wireName) {
    this.wireName = wireName;
  }

  /** The value used in {@code sagemaker.promptFormat}. */
  public String wireName() {
    return wireName;
  }
}

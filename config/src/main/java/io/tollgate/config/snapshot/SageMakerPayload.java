package io.tollgate.config.snapshot;

/** What a SageMaker endpoint's container takes as a request body. */
public enum SageMakerPayload {
  /**
   * An OpenAI chat completions body and answer (TGI 1.4 and later, LMI/DJL, vLLM containers);
   * streams are OpenAI SSE chunks.
   */
  OPENAI_CHAT("openai-chat"),
  /**
   * Hugging Face TGI's native {@code {"inputs", "parameters"}} body: the conversation is rendered
   * into one prompt with a {@link PromptFormat}; the answer is {@code [{"generated_text"}]}.
   */
  TGI("tgi");

  private final String wireName;

  SageMakerPayload(String wireName) {
    this.wireName = wireName;
  }

  /** The value used in {@code ModelRoute.spec.backends[].sagemaker.payload}. */
  public String wireName() {
    return wireName;
  }
}

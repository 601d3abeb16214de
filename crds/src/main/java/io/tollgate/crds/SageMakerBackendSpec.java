package io.tollgate.crds;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What a sagemaker backend sends besides the endpoint name: payload and InvokeEndpoint headers. */
@ValidationRule(
    value = "(has(self.payload) && self.payload == 'tgi') == has(self.promptFormat)",
    message = "promptFormat is required for payload tgi and only for it, e.g. llama3")
@ValidationRule(
    value = "!(has(self.payload) && self.payload == 'tgi') || !has(self.containerModel)",
    message = "containerModel is only for payload openai-chat")
public class SageMakerBackendSpec {

  @JsonPropertyDescription(
      "The body the endpoint's container takes: openai-chat (an OpenAI chat completions body and"
          + " answer, as TGI 1.4 and later, LMI/DJL and vLLM containers take on /invocations) or"
          + " tgi (Hugging Face TGI's native {inputs, parameters}; the conversation is rendered"
          + " into one prompt with promptFormat). Defaults to openai-chat.")
  @Pattern(Tollgate.SAGEMAKER_PAYLOAD_PATTERN)
  private String payload;

  @JsonPropertyDescription(
      "Payload tgi only, and required there: the chat template of the model the container"
          + " serves, used to render the conversation into one prompt: chatml, llama3, llama2,"
          + " mistral, or plain (a single user message, sent as it is). Example: llama3")
  @Pattern(Tollgate.PROMPT_FORMAT_PATTERN)
  private String promptFormat;

  @JsonPropertyDescription(
      "Payload openai-chat only: the model field written into the body. vLLM checks it against"
          + " its served model name, TGI 1.4.x requires one (any value, e.g. tgi); LMI ignores it."
          + " Without it the body carries model: null. Example: meta-llama/Llama-3.1-8B-Instruct")
  @Size(min = 1, max = 256)
  private String containerModel;

  @JsonPropertyDescription(
      "The inference component to invoke on an endpoint that hosts several"
          + " (InferenceComponentName). Example: llama-3-1-8b-ic")
  @Pattern(Tollgate.SAGEMAKER_NAME_PATTERN)
  private String inferenceComponent;

  @JsonPropertyDescription(
      "The production variant to invoke (TargetVariant); without it SageMaker picks one by the"
          + " variants' weights. Example: blue")
  @Pattern(Tollgate.SAGEMAKER_NAME_PATTERN)
  private String targetVariant;

  @JsonPropertyDescription(
      "The model artifact to invoke on a multi-model endpoint (TargetModel), relative to its S3"
          + " prefix. Example: llama-7b.tar.gz")
  @Size(min = 1, max = 1024)
  private String targetModel;

  @JsonPropertyDescription(
      "The container to invoke on a multi-container endpoint with direct invocation"
          + " (TargetContainerHostname). Example: llm")
  @Pattern(Tollgate.SAGEMAKER_NAME_PATTERN)
  private String targetContainerHostname;

  @JsonPropertyDescription(
      "Passed to the container as X-Amzn-SageMaker-Custom-Attributes (at most 1024 visible ASCII"
          + " characters). Example: accept_eula=true")
  @Size(max = 1024)
  private String customAttributes;

  public String getPayload() {
    return payload;
  }

  public void setPayload(String payload) {
    this.payload = payload;
  }

  public String getPromptFormat() {
    return promptFormat;
  }

  public void setPromptFormat(String promptFormat) {
    this.promptFormat = promptFormat;
  }

  public String getContainerModel() {
    return containerModel;
  }

  public void setContainerModel(String containerModel) {
    this.containerModel = containerModel;
  }

  public String getInferenceComponent() {
    return inferenceComponent;
  }

  public void setInferenceComponent(String inferenceComponent) {
    this.inferenceComponent = inferenceComponent;
  }

  public String getTargetVariant() {
    return targetVariant;
  }

  public void setTargetVariant(String targetVariant) {
    this.targetVariant = targetVariant;
  }

  public String getTargetModel() {
    return targetModel;
  }

  public void setTargetModel(String targetModel) {
    this.targetModel = targetModel;
  }

  public String getTargetContainerHostname() {
    return targetContainerHostname;
  }

  public void setTargetContainerHostname(String targetContainerHostname) {
    this.targetContainerHostname = targetContainerHostname;
  }

  public String getCustomAttributes() {
    return customAttributes;
  }

  public void setCustomAttributes(String customAttributes) {
    this.customAttributes = customAttributes;
  }
}

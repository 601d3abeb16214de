package io.tollgate.config.snapshot;

import java.util.Objects;

/**
 * What a {@code sagemaker} backend sends besides the endpoint name (its {@link
 * Backend#upstreamModel()}): the payload its container takes and the routing headers of
 * InvokeEndpoint.
 *
 * @param payload the body the container takes
 * @param promptFormat how the conversation becomes a prompt; set exactly for {@link
 *     SageMakerPayload#TGI}
 * @param containerModel the {@code model} written into an OpenAI chat body (vLLM checks it against
 *     its served model name), or null to send {@code "model": null}
 * @param inferenceComponent the inference component to invoke on a multi-component endpoint, or
 *     null
 * @param targetVariant the production variant to invoke, or null to let SageMaker pick by weight
 * @param targetModel the model artifact of a multi-model endpoint, or null
 * @param targetContainerHostname the container of a multi-container endpoint (direct invocation),
 *     or null
 * @param customAttributes the {@code X-Amzn-SageMaker-Custom-Attributes} passed to the container,
 *     or null
 */
public record SageMakerOptions(
    SageMakerPayload payload,
    PromptFormat promptFormat,
    String containerModel,
    String inferenceComponent,
    String targetVariant,
    String targetModel,
    String targetContainerHostname,
    String customAttributes) {

  /** An OpenAI chat payload with no routing headers. */
  public static final SageMakerOptions OPENAI_CHAT =
      new SageMakerOptions(SageMakerPayload.OPENAI_CHAT, null, null, null, null, null, null, null);

  public SageMakerOptions {
    Objects.requireNonNull(payload, "payload");
    if ((payload == SageMakerPayload.TGI) != (promptFormat != null)) {
      throw new IllegalArgumentException("promptFormat is set exactly for the tgi payload");
    }
    if (payload == SageMakerPayload.TGI && containerModel != null) {
      throw new IllegalArgumentException("containerModel is only for the openai-chat payload");
    }
  }

  /** The schema the container speaks. */
  public BackendSchema schema() {
    return payload == SageMakerPayload.TGI ? BackendSchema.TGI : BackendSchema.OPENAI_CHAT;
  }
}

package io.tollgate.config.compile;

import io.tollgate.config.snapshot.PromptFormat;
import io.tollgate.config.snapshot.Provider;
import io.tollgate.config.snapshot.SageMakerOptions;
import io.tollgate.config.snapshot.SageMakerPayload;
import io.tollgate.crds.ModelRouteBackend;
import io.tollgate.crds.SageMakerBackendSpec;
import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Compiles a sagemaker backend's endpoint name and {@code sagemaker} options, or refuses them. */
final class SageMakerOptionsCompiler {

  /** Endpoint, variant, inference component and container host names, as SageMaker allows. */
  static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

  /** Custom attributes: visible ASCII, at most 1024 characters (SageMaker's limit). */
  private static final Pattern CUSTOM_ATTRIBUTES = Pattern.compile("\\p{ASCII}{0,1024}");

  private static final String PAYLOADS =
      Arrays.stream(SageMakerPayload.values())
          .map(SageMakerPayload::wireName)
          .collect(Collectors.joining(", "));
  private static final String FORMATS =
      Arrays.stream(PromptFormat.values())
          .map(PromptFormat::wireName)
          .collect(Collectors.joining(", "));

  private SageMakerOptionsCompiler() {}

  /** The options of a sagemaker backend; null for other providers, or after an error. */
  static SageMakerOptions compile(
      ModelRouteBackend declared, Provider provider, String at, RouteProblems problems) {
    SageMakerBackendSpec spec = declared.getSagemaker();
    if (provider != Provider.SAGEMAKER) {
      if (spec != null) {
        problems.add(at + ".sagemaker", "only for provider sagemaker");
      }
      return null;
    }
    int before = problems.count();
    String endpoint = declared.getModel();
    if (endpoint != null && !endpoint.isBlank() && !NAME.matcher(endpoint).matches()) {
      problems.add(
          at + ".model",
          "'"
              + endpoint
              + "' is not a SageMaker endpoint name; for provider sagemaker, model is the"
              + " endpoint's name (letters, digits and '-', at most 63), e.g."
              + " llama-3-1-8b-endpoint");
    }
    if (spec == null) {
      return problems.count() > before ? null : SageMakerOptions.OPENAI_CHAT;
    }
    String field = at + ".sagemaker";
    SageMakerPayload payload = payload(spec.getPayload(), field + ".payload", problems);
    PromptFormat format = null;
    if (payload == SageMakerPayload.TGI) {
      format = promptFormat(spec.getPromptFormat(), field + ".promptFormat", problems);
      if (spec.getContainerModel() != null) {
        problems.add(
            field + ".containerModel",
            "only for payload openai-chat: a TGI-native body has no model field");
      }
    } else if (spec.getPromptFormat() != null) {
      problems.add(
          field + ".promptFormat",
          "only for payload tgi: an openai-chat container applies its own chat template");
    }
    if (spec.getContainerModel() != null && spec.getContainerModel().isBlank()) {
      problems.add(field + ".containerModel", "must not be blank; omit it to send model: null");
    }
    name(spec.getInferenceComponent(), field + ".inferenceComponent", problems);
    name(spec.getTargetVariant(), field + ".targetVariant", problems);
    name(spec.getTargetContainerHostname(), field + ".targetContainerHostname", problems);
    String targetModel = spec.getTargetModel();
    if (targetModel != null && (targetModel.isBlank() || targetModel.length() > 1024)) {
      problems.add(
          field + ".targetModel",
          "must be a model artifact path of 1 to 1024 characters, e.g. llama-7b.tar.gz");
    }
    String attributes = spec.getCustomAttributes();
    if (attributes != null && !CUSTOM_ATTRIBUTES.matcher(attributes).matches()) {
      problems.add(
          field + ".customAttributes", "must be at most 1024 ASCII characters, e.g. trace=on");
    }
    if (problems.count() > before || payload == null) {
      return null;
    }
    return new SageMakerOptions(
        payload,
        format,
        spec.getContainerModel(),
        spec.getInferenceComponent(),
        spec.getTargetVariant(),
        targetModel,
        spec.getTargetContainerHostname(),
        attributes);
  }

  private static SageMakerPayload payload(String wire, String field, RouteProblems problems) {
    if (wire == null) {
      return SageMakerPayload.OPENAI_CHAT;
    }
    for (SageMakerPayload payload : SageMakerPayload.values()) {
      if (payload.wireName().equals(wire)) {
        return payload;
      }
    }
    problems.add(field, "unknown payload '" + wire + "'; expected one of " + PAYLOADS);
    return null;
  }

  private static PromptFormat promptFormat(String wire, String field, RouteProblems problems) {
    if (wire == null) {
      problems.add(
          field,
          "promptFormat is required for payload tgi: the chat template of the served model, one"
              + " of "
              + FORMATS);
      return null;
    }
    for (PromptFormat format : PromptFormat.values()) {
      if (format.wireName().equals(wire)) {
        return format;
      }
    }
    problems.add(field, "unknown promptFormat '" + wire + "'; expected one of " + FORMATS);
    return null;
  }

  private static void name(String value, String field, RouteProblems problems) {
    if (value != null && !NAME.matcher(value).matches()) {
      problems.add(
          field, "'" + value + "' is not a SageMaker name (letters, digits and '-', at most 63)");
    }
  }
}

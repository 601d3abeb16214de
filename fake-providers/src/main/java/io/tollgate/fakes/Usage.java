package io.tollgate.fakes;

/** Renders OpenAI's chat {@code usage} object, including the detail objects SDKs expect. */
final class Usage {

  private Usage() {}

  static StringBuilder append(StringBuilder sb, int prompt, int completion) {
    return sb.append("{\"prompt_tokens\":")
        .append(prompt)
        .append(",\"completion_tokens\":")
        .append(completion)
        .append(",\"total_tokens\":")
        .append(prompt + completion)
        .append(",\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0}")
        .append(",\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,")
        .append("\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}");
  }
}

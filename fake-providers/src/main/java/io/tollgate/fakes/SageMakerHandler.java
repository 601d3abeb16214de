package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Answers SageMaker Runtime's {@code POST /endpoints/{name}/invocations} and {@code
 * /invocations-response-stream} like an LLM container behind it: an OpenAI chat body (TGI ≥ 1.4,
 * LMI, vLLM) gets an OpenAI answer, a TGI {@code inputs/parameters} body a TGI answer.
 */
final class SageMakerHandler extends FakeHandler {

  private static final String PREFIX = "/endpoints/";
  private static final String INVOKE = "/invocations";
  private static final String INVOKE_STREAM = "/invocations-response-stream";

  private final ChatPlanner chatPlanner;
  private final ReplyPlanner tgiPlanner;

  SageMakerHandler(Vertx vertx, Knobs knobs, RequestRecorder recorder, BooleanSupplier closing) {
    super(vertx, knobs, recorder, closing);
    this.chatPlanner = new ChatPlanner(knobs);
    this.tgiPlanner = new ReplyPlanner(knobs, "unused");
  }

  @Override
  void answer(Exchange ex, Body body, String seq) {
    ex.header("x-amzn-RequestId", "fake-" + seq);
    String path = ex.req.path();
    boolean stream = path.endsWith(INVOKE_STREAM);
    String endpoint = endpointName(path);
    if (ex.req.method() != HttpMethod.POST || endpoint == null) {
      ex.error(AwsErrors.failure(404, "UnknownOperationException", "Unknown operation", null));
      return;
    }
    AwsAuth auth = AwsAuth.of(ex.req.getHeader("authorization"), ex.req.getHeader("x-amz-date"));
    if (!auth.accepted("sagemaker", knobs.requireSigV4, knobs.expectedApiKey)) {
      ex.error(
          AwsErrors.failure(
              403,
              auth.kind() == AwsAuth.Kind.NONE
                  ? "MissingAuthenticationTokenException"
                  : "UnrecognizedClientException",
              "The security token included in the request is invalid.",
              null));
      return;
    }
    String variant = ex.req.getHeader("X-Amzn-SageMaker-Target-Variant");
    ex.header("X-Amzn-Invoked-Production-Variant", variant != null ? variant : "AllTraffic");
    JsonNode json = body.json();
    if (json != null && json.has("messages") && json.get("messages").isArray()) {
      openAi(ex, json, endpoint, stream, seq);
    } else if (json != null && json.has("inputs")) {
      tgi(ex, json, stream);
    } else {
      modelError(ex, "Input payload must contain 'messages' or 'inputs'");
    }
  }

  private void openAi(Exchange ex, JsonNode json, String endpoint, boolean stream, String seq) {
    String model = Json.text(json.get("model"));
    ChatPlan plan = chatPlanner.plan(json, model != null ? model : endpoint);
    String id = "chatcmpl-fake" + seq;
    long created = System.currentTimeMillis() / 1000;
    if (stream && plan.stream()) {
      streamParts(ex, SseChunkWriter.events(plan, id, created), "text/event-stream");
    } else {
      String completion = ChatJsonWriter.completion(plan, id, created).toString();
      respond(ex, stream, completion);
    }
  }

  private void tgi(Exchange ex, JsonNode json, boolean stream) {
    JsonNode params = json.path("parameters");
    List<String> stops = new ArrayList<>();
    params.path("stop").forEach(s -> stops.add(s.asText()));
    JsonNode maxNew = params.get("max_new_tokens");
    String inputs = ChatPlanner.contentText(json.get("inputs"));
    Turn turn =
        new Turn(
            inputs,
            null,
            null,
            maxNew != null && maxNew.canConvertToInt() ? maxNew.asInt() : 20,
            stops,
            Words.count(inputs));
    Reply reply = tgiPlanner.plan(turn);
    if (stream && json.path("stream").asBoolean(false)) {
      streamParts(ex, TgiWriter.events(reply), "text/event-stream");
    } else {
      respond(ex, stream, TgiWriter.generated(reply, params.path("details").asBoolean(false)));
    }
  }

  /** A whole JSON answer: as the body, or in PayloadParts on the streaming operation. */
  private void respond(Exchange ex, boolean stream, String body) {
    if (stream) {
      streamParts(ex, List.of(body), "application/json");
    } else if (knobs.takeDropAfter() >= 0) {
      ex.dropNow();
    } else {
      ex.json(200, body);
    }
  }

  private void streamParts(Exchange ex, List<String> events, String containerType) {
    List<Buffer> frames = PayloadParts.frames(events, knobs.payloadPartSize);
    int failAfter = knobs.takeMidStreamFailure();
    if (failAfter >= 0 && failAfter < frames.size()) {
      frames = new ArrayList<>(frames.subList(0, failAfter));
      ObjectNode error =
          Json.MAPPER
              .createObjectNode()
              .put("Message", "Model stream error: the container stopped responding.")
              .put("ErrorCode", "ModelStreamError");
      String type =
          knobs.midStreamErrorType != null ? knobs.midStreamErrorType : "ModelStreamError";
      frames.add(EventStreamFrames.exception(type, BedrockWriter.write(error)));
    }
    ex.header("X-Amzn-SageMaker-Content-Type", containerType);
    ex.streamFrames(
        frames, BedrockHandler.EVENT_STREAM, knobs.chunkIntervalMs, knobs.takeDropAfter());
  }

  /** What SageMaker returns when the container answers 4xx: a 424 ModelError wrapping it. */
  private static void modelError(Exchange ex, String containerMessage) {
    ex.error(modelFailure(400, containerMessage));
  }

  /** SageMaker's 424 ModelError wrapping a container's own error answer. */
  static Knobs.Failure modelFailure(int containerStatus, String containerMessage) {
    ObjectNode body =
        Json.MAPPER
            .createObjectNode()
            .put(
                "ErrorCode",
                containerStatus < 500 ? "CLIENT_ERROR_FROM_MODEL" : "SERVER_ERROR_FROM_MODEL")
            .put(
                "LogStreamArn", "arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/fake")
            .put(
                "message",
                "Received "
                    + (containerStatus < 500 ? "client" : "server")
                    + " error ("
                    + containerStatus
                    + ") from primary with message \""
                    + containerMessage
                    + "\".")
            .put("OriginalMessage", containerMessage)
            .put("OriginalStatusCode", containerStatus);
    return new Knobs.Failure(
        424, BedrockWriter.write(body), null, java.util.Map.of(AwsErrors.ERROR_TYPE, "ModelError"));
  }

  /** The decoded endpoint name of a SageMaker invocation path, or null. */
  static String endpointName(String rawPath) {
    String suffix =
        rawPath.endsWith(INVOKE_STREAM) ? INVOKE_STREAM : rawPath.endsWith(INVOKE) ? INVOKE : null;
    if (suffix == null || !rawPath.startsWith(PREFIX)) {
      return null;
    }
    String name = rawPath.substring(PREFIX.length(), rawPath.length() - suffix.length());
    if (name.isEmpty() || name.contains("/")) {
      return null;
    }
    return URLDecoder.decode(name.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}

package io.tollgate.proxy.upstream.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tollgate.proxy.translate.BedrockEvent;
import io.tollgate.proxy.translate.TranslationException;
import io.tollgate.proxy.upstream.UpstreamRequest;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;

/**
 * One Converse or ConverseStream call through the SDK (see {@link AwsSdkCall}). A stream's events
 * are written out on the SDK's thread, off the event loop, in the gateway's text form. Exceptions
 * Bedrock sends after the first event are passed on in the stream, as Bedrock sent them; a broken
 * connection fails the stream.
 */
final class BedrockCall extends AwsSdkCall {

  private static final Logger LOG = Logger.getLogger(BedrockCall.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MultiMap JSON_HEADERS =
      HttpHeaders.headers().add("content-type", "application/json");
  private static final MultiMap STREAM_HEADERS =
      HttpHeaders.headers().add("content-type", "text/event-stream");

  private final BedrockClients clients;

  BedrockCall(
      Context context, BedrockClients clients, UpstreamTarget target, UpstreamRequest request) {
    super(context, target, request);
    this.clients = clients;
  }

  @Override
  String service() {
    return "Bedrock";
  }

  /** The lease ends with the call. */
  @Override
  CompletableFuture<?> send() {
    SdkPojo sdkRequest =
        sdkRequest(request.body(), target.backend().upstreamModel(), request.stream());
    AwsClientPool.Lease<BedrockRuntimeAsyncClient> lease = clients.lease(target.backend());
    CompletableFuture<?> call;
    try {
      if (sdkRequest instanceof ConverseStreamRequest streamRequest) {
        call = lease.client().converseStream(streamRequest, new StreamHandler());
      } else {
        // The SDK's own future is the one to cancel: cancelling one derived from it (by
        // whenComplete) would leave the HTTP request running until the model answered.
        CompletableFuture<ConverseResponse> answered =
            lease.client().converse((ConverseRequest) sdkRequest);
        answered.whenComplete(
            (answer, failure) -> context.runOnContext(v -> onConverse(answer, failure)));
        call = answered;
      }
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    call.whenComplete((result, failure) -> lease.release());
    return call;
  }

  static SdkPojo sdkRequest(Buffer body, String modelId, boolean stream) {
    JsonNode converse;
    try {
      converse = JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new TranslationException(null, "The request body is not valid JSON.");
    }
    if (converse == null) {
      throw new TranslationException(null, "The request body must be a JSON object.");
    }
    return stream
        ? SdkJson.read(converse, ConverseStreamRequest.builder().modelId(modelId), "")
        : SdkJson.read(converse, ConverseRequest.builder().modelId(modelId), "");
  }

  private void onConverse(ConverseResponse answer, Throwable failure) {
    if (cancelled()) {
      return;
    }
    if (failure != null) {
      onFailure(failure);
      return;
    }
    answer(200, JSON_HEADERS, Buffer.buffer(SdkJson.write(answer).toString()));
  }

  private final class StreamHandler extends EventRelay<ConverseStreamResponse, ConverseStreamOutput>
      implements ConverseStreamResponseHandler {
    @Override
    Buffer bytes(ConverseStreamOutput event) {
      return text(event);
    }
  }

  @Override
  MultiMap streamHeaders() {
    return STREAM_HEADERS;
  }

  /** An event in the gateway's text form; empty for events newer than this SDK. */
  static Buffer text(ConverseStreamOutput event) {
    if (event.sdkEventType() == ConverseStreamOutput.EventType.UNKNOWN_TO_SDK_VERSION) {
      return Buffer.buffer();
    }
    BedrockEvent converted =
        new BedrockEvent(event.sdkEventType().toString(), SdkJson.write(event), false);
    return Buffer.buffer(converted.toSse().render());
  }

  /** Bedrock's own exception event: the relay passes it on in the client's terms. */
  @Override
  void onServiceExceptionInStream(Throwable failure) {
    BedrockEvent exception =
        BedrockEvent.exception(
            BedrockFailures.streamExceptionType(failure), AwsFailures.message(failure));
    stream().push(Buffer.buffer(exception.toSse().render()));
    stream().end();
  }

  @Override
  void onFailure(Throwable failure) {
    if (settled()) {
      return;
    }
    if (failure instanceof TranslationException invalid) {
      // What Bedrock would refuse anyway, refused before it is sent.
      answerError(
          new AwsFailures.ErrorResponse(
              400, "ValidationException", invalid.getMessage(), null, invalid.param()));
      return;
    }
    AwsFailures.ErrorResponse error = BedrockFailures.response(failure);
    if (error != null) {
      if (error.status() == 401) {
        LOG.warnf(
            "Backend '%s': no AWS credentials for Bedrock: %s",
            target.backend().name(), error.message());
      }
      answerError(error);
    } else {
      failHead(AwsFailures.transport(failure));
    }
  }

  private void answerError(AwsFailures.ErrorResponse error) {
    answer(error.status(), error.headers(), error.body());
  }
}

package io.tollgate.proxy.upstream.aws;

import io.tollgate.config.snapshot.SageMakerOptions;
import io.tollgate.proxy.upstream.UpstreamRequest;
import io.tollgate.proxy.upstream.UpstreamTarget;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;
import software.amazon.awssdk.services.sagemakerruntime.model.ResponseStream;

/**
 * One InvokeEndpoint or InvokeEndpointWithResponseStream call (see {@link AwsSdkCall}). The body is
 * the container's payload as the dialect wrote it (an OpenAI chat body or TGI's {@code
 * inputs/parameters}); the answer is the container's body. A stream's PayloadParts carry the
 * container's bytes cut anywhere — inside an SSE event, inside a UTF-8 character — so they are
 * relayed as bytes and the dialect's event splitter reassembles events, as it does for bytes off a
 * socket. SageMaker's exceptions after the first part fail the stream, which the client sees as a
 * broken stream in its own schema.
 */
final class SageMakerCall extends AwsSdkCall {

  private static final Logger LOG = Logger.getLogger(SageMakerCall.class);
  private static final String JSON_TYPE = "application/json";
  private static final String SSE_TYPE = "text/event-stream";

  private final SageMakerClients clients;
  private MultiMap streamHeaders = headers(SSE_TYPE);

  SageMakerCall(
      Context context, SageMakerClients clients, UpstreamTarget target, UpstreamRequest request) {
    super(context, target, request);
    this.clients = clients;
  }

  @Override
  String service() {
    return "SageMaker";
  }

  @Override
  CompletableFuture<?> send() {
    SageMakerOptions options = target.backend().sagemaker();
    if (request.stream() && options.targetModel() != null) {
      throw new MultiModelStreamException();
    }
    SdkBytes body = SdkBytes.fromByteArrayUnsafe(request.body().getBytes());
    String endpoint = target.backend().upstreamModel();
    AwsClientPool.Lease<SageMakerRuntimeAsyncClient> lease = clients.lease(target.backend());
    CompletableFuture<?> call;
    try {
      if (request.stream()) {
        call =
            lease
                .client()
                .invokeEndpointWithResponseStream(
                    InvokeEndpointWithResponseStreamRequest.builder()
                        .endpointName(endpoint)
                        .body(body)
                        .contentType(JSON_TYPE)
                        .accept(SSE_TYPE)
                        .customAttributes(options.customAttributes())
                        .targetVariant(options.targetVariant())
                        .targetContainerHostname(options.targetContainerHostname())
                        .inferenceComponentName(options.inferenceComponent())
                        .build(),
                    new StreamHandler());
      } else {
        // The SDK's own future is the one to cancel (see BedrockCall).
        CompletableFuture<InvokeEndpointResponse> answered =
            lease
                .client()
                .invokeEndpoint(
                    InvokeEndpointRequest.builder()
                        .endpointName(endpoint)
                        .body(body)
                        .contentType(JSON_TYPE)
                        .accept(JSON_TYPE)
                        .customAttributes(options.customAttributes())
                        .targetModel(options.targetModel())
                        .targetVariant(options.targetVariant())
                        .targetContainerHostname(options.targetContainerHostname())
                        .inferenceComponentName(options.inferenceComponent())
                        .build());
        answered.whenComplete(
            (answer, failure) -> context.runOnContext(v -> onInvoke(answer, failure)));
        call = answered;
      }
    } catch (RuntimeException e) {
      lease.release();
      throw e;
    }
    call.whenComplete((result, failure) -> lease.release());
    return call;
  }

  private void onInvoke(InvokeEndpointResponse answer, Throwable failure) {
    if (cancelled()) {
      return;
    }
    if (failure != null) {
      onFailure(failure);
      return;
    }
    String type = answer.contentType() != null ? answer.contentType() : JSON_TYPE;
    answer(200, headers(type), Buffer.buffer(answer.body().asByteArrayUnsafe()));
  }

  private static MultiMap headers(String contentType) {
    return HttpHeaders.headers().add("content-type", contentType);
  }

  /** Relays each PayloadPart's bytes; the container's content type comes with the response. */
  private final class StreamHandler
      extends EventRelay<InvokeEndpointWithResponseStreamResponse, ResponseStream>
      implements InvokeEndpointWithResponseStreamResponseHandler {
    @Override
    void received(InvokeEndpointWithResponseStreamResponse response) {
      String type = response.contentType();
      if (type != null) {
        context.runOnContext(v -> streamHeaders = headers(type));
      }
    }

    @Override
    Buffer bytes(ResponseStream event) {
      return event instanceof PayloadPart part && part.bytes() != null
          ? Buffer.buffer(part.bytes().asByteArrayUnsafe())
          : Buffer.buffer();
    }
  }

  @Override
  MultiMap streamHeaders() {
    return streamHeaders;
  }

  @Override
  void onServiceExceptionInStream(Throwable failure) {
    String message = AwsFailures.message(failure);
    LOG.warnf(
        "Backend '%s': SageMaker stream failed: %s",
        target.backend().name(), String.valueOf(message));
    stream().fail(new IOException("SageMaker stream failed: " + message));
  }

  @Override
  void onFailure(Throwable failure) {
    if (settled()) {
      return;
    }
    AwsFailures.ErrorResponse error;
    if (failure instanceof MultiModelStreamException) {
      error =
          new AwsFailures.ErrorResponse(
              400,
              "ValidationError",
              "SageMaker does not stream from multi-model endpoints (backend '"
                  + target.backend().name()
                  + "' sets sagemaker.targetModel): send the request without streaming.",
              null,
              "stream");
    } else {
      error = SageMakerFailures.response(failure);
    }
    if (error == null) {
      failHead(AwsFailures.transport(failure));
      return;
    }
    if (error.status() == 401) {
      LOG.warnf(
          "Backend '%s': no AWS credentials for SageMaker: %s",
          target.backend().name(), error.message());
    }
    answer(error.status(), error.headers(), error.body());
  }

  /** A stream asked of a multi-model endpoint, which InvokeEndpointWithResponseStream lacks. */
  private static final class MultiModelStreamException extends RuntimeException {
    MultiModelStreamException() {
      super(null, null, false, false);
    }
  }
}

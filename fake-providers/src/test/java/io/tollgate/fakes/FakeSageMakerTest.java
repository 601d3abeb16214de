package io.tollgate.fakes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeAsyncClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.PayloadPart;

/** Proves FakeSageMaker's wire format with the AWS SDK's SageMaker Runtime clients. */
class FakeSageMakerTest {

  static final String CHAT =
      "{\"model\":\"tgi\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"héllo"
          + " wörld\"}]}";

  static FakeSageMaker fake;
  static SageMakerRuntimeClient sync;
  static SageMakerRuntimeAsyncClient async;

  @BeforeAll
  static void start() {
    fake = FakeSageMaker.start();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDFAKE", "secret"));
    sync =
        SageMakerRuntimeClient.builder()
            .endpointOverride(URI.create(fake.endpoint()))
            .region(Region.EU_WEST_1)
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    async =
        SageMakerRuntimeAsyncClient.builder()
            .endpointOverride(URI.create(fake.endpoint()))
            .region(Region.EU_WEST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterAll
  static void stop() {
    sync.close();
    async.close();
    fake.close();
  }

  @BeforeEach
  void reset() {
    fake.reset();
  }

  @Test
  void openAiBodyGetsAChatCompletionAndHeadersAreRecorded() {
    fake.setRequireSigV4(true);
    InvokeEndpointResponse resp =
        sync.invokeEndpoint(
            InvokeEndpointRequest.builder()
                .endpointName("llama-endpoint")
                .contentType("application/json")
                .targetVariant("variant-b")
                .inferenceComponentName("llama-ic")
                .body(SdkBytes.fromUtf8String(CHAT.formatted(false)))
                .build());
    JsonNode completion = FakeClient.json(resp.body().asUtf8String());
    assertThat(completion.at("/choices/0/message/content").asText())
        .isEqualTo("Hello! You said: héllo wörld");
    assertThat(resp.invokedProductionVariant()).isEqualTo("variant-b");
    RecordedRequest req = fake.lastRequest();
    assertThat(FakeSageMaker.endpointName(req)).isEqualTo("llama-endpoint");
    assertThat(req.header("X-Amzn-SageMaker-Target-Variant")).isEqualTo("variant-b");
    assertThat(req.header("X-Amzn-SageMaker-Inference-Component")).isEqualTo("llama-ic");
    assertThat(fake.lastAuth().service()).isEqualTo("sagemaker");
  }

  @Test
  void tgiBodyGetsGeneratedText() {
    InvokeEndpointResponse resp =
        sync.invokeEndpoint(
            InvokeEndpointRequest.builder()
                .endpointName("tgi-endpoint")
                .contentType("application/json")
                .body(
                    SdkBytes.fromUtf8String(
                        "{\"inputs\":\"one two three\",\"parameters\":{\"max_new_tokens\":3}}"))
                .build());
    JsonNode body = FakeClient.json(resp.body().asUtf8String());
    assertThat(body.get(0).get("generated_text").asText()).isEqualTo("Hello! You said:");
  }

  @Test
  void streamedSseIsSplitAcrossPayloadPartsAndReassembles() throws Exception {
    List<byte[]> parts = stream(CHAT.formatted(true));

    assertThat(parts).hasSizeGreaterThan(3);
    long straddling =
        parts.stream()
            .map(p -> new String(p, StandardCharsets.ISO_8859_1))
            .filter(p -> !p.endsWith("\n\n"))
            .count();
    assertThat(straddling).isGreaterThan(0);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    parts.forEach(all::writeBytes);
    List<JsonNode> chunks = FakeClient.sseChunks(all.toString(StandardCharsets.UTF_8));
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(c.at("/choices/0/delta/content").asText("")));
    assertThat(text.toString()).isEqualTo("Hello! You said: héllo wörld");
  }

  @Test
  void tgiStreamEndsWithGeneratedText() throws Exception {
    List<byte[]> parts =
        stream("{\"inputs\":\"a b\",\"parameters\":{\"max_new_tokens\":50},\"stream\":true}");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    parts.forEach(all::writeBytes);
    String[] events = all.toString(StandardCharsets.UTF_8).split("\n\n");
    JsonNode last = FakeClient.json(events[events.length - 1].substring("data:".length()));
    assertThat(last.get("generated_text").asText()).isEqualTo("Hello! You said: a b");
    assertThat(last.at("/details/finish_reason").asText()).isEqualTo("eos_token");
  }

  @Test
  void errorsAndStreamErrors() {
    assertThatThrownBy(
            () ->
                sync.invokeEndpoint(
                    InvokeEndpointRequest.builder()
                        .endpointName("e")
                        .body(SdkBytes.fromUtf8String("{\"prompt\":\"x\"}"))
                        .build()))
        .isInstanceOfSatisfying(
            ModelErrorException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(424);
              assertThat(e.originalStatusCode()).isEqualTo(400);
            });

    fake.failMidStreamNext(1, 2);
    assertThatThrownBy(() -> stream(CHAT.formatted(true)))
        .hasCauseInstanceOf(ModelStreamErrorException.class);
  }

  private static List<byte[]> stream(String body) throws Exception {
    List<byte[]> parts = new ArrayList<>();
    try {
      async
          .invokeEndpointWithResponseStream(
              InvokeEndpointWithResponseStreamRequest.builder()
                  .endpointName("stream-endpoint")
                  .contentType("application/json")
                  .body(SdkBytes.fromUtf8String(body))
                  .build(),
              InvokeEndpointWithResponseStreamResponseHandler.builder()
                  .subscriber(
                      InvokeEndpointWithResponseStreamResponseHandler.Visitor.builder()
                          .onPayloadPart((PayloadPart p) -> parts.add(p.bytes().asByteArray()))
                          .build())
                  .build())
          .get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    return parts;
  }
}

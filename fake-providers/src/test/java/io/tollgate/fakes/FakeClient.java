package io.tollgate.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test helper: a plain HTTP/1.1 client for the fake plus SSE parsing and raw-socket tricks. */
final class FakeClient {

  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final FakeOpenAi fake;

  FakeClient(FakeOpenAi fake) {
    this.fake = fake;
  }

  HttpResponse<String> post(String path, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(URI.create(fake.baseUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .GET()
            .build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** The JSON objects of an SSE body, checking OpenAI's framing and the final [DONE]. */
  static List<JsonNode> sseChunks(String body) {
    assertThat(body).endsWith("data: [DONE]\n\n");
    String[] events = body.split("\n\n");
    List<JsonNode> chunks = new ArrayList<>();
    for (int i = 0; i < events.length - 1; i++) {
      assertThat(events[i]).startsWith("data: {").doesNotContain("\n");
      chunks.add(json(events[i].substring("data: ".length())));
    }
    assertThat(events[events.length - 1]).isEqualTo("data: [DONE]");
    return chunks;
  }

  static String chatBody(boolean stream, String userText) {
    return "{\"model\":\"gpt-4o-mini\",\"stream\":"
        + stream
        + ",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
        + "{\"role\":\"user\",\"content\":\""
        + userText
        + "\"}]}";
  }

  /** Opens a raw connection and sends a chat request, for tests that hang up or read to EOF. */
  Socket rawChat(String body) throws IOException {
    Socket socket = new Socket("127.0.0.1", fake.port());
    socket.setSoTimeout(5000);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + bytes.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
    return socket;
  }

  /** Everything the server sends until it closes the connection. */
  static String readToEof(Socket socket) throws IOException {
    return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /** Reads until {@code marker} has arrived (the server is mid-response at that point). */
  static String readUntil(Socket socket, String marker) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder sb = new StringBuilder();
    byte[] buf = new byte[4096];
    while (!sb.toString().contains(marker)) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }
}

package io.tollgate.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Keeps the requests the fake received and counts exchanges whose client went away early. */
final class RequestRecorder {

  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger count = new AtomicInteger();
  private final Object abandonLock = new Object();
  private int abandoned;

  /** Counts the request and, when {@code keep}, stores a copy of it. */
  void record(HttpServerRequest req, byte[] body, JsonNode json, boolean keep) {
    count.incrementAndGet();
    if (!keep) {
      return;
    }
    // Case-insensitive lookups with lower-case keys, whatever spelling the client used.
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    req.headers()
        .forEach(
            e ->
                headers
                    .computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(e.getValue()));
    headers.replaceAll((k, v) -> List.copyOf(v));
    requests.add(
        new RecordedRequest(
            req.method().name(),
            req.path(),
            req.query(),
            Collections.unmodifiableMap(headers),
            body,
            json,
            switch (req.version()) {
              case HTTP_2 -> "HTTP/2";
              case HTTP_1_0 -> "HTTP/1.0";
              default -> "HTTP/1.1";
            }));
  }

  List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  int count() {
    return count.get();
  }

  void abandoned() {
    synchronized (abandonLock) {
      abandoned++;
      abandonLock.notifyAll();
    }
  }

  int abandonedCount() {
    synchronized (abandonLock) {
      return abandoned;
    }
  }

  boolean awaitAbandoned(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (abandonLock) {
      while (abandoned < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        abandonLock.wait(Math.max(1, left / 1_000_000));
      }
      return true;
    }
  }

  void clear() {
    requests.clear();
    count.set(0);
    synchronized (abandonLock) {
      abandoned = 0;
    }
  }
}

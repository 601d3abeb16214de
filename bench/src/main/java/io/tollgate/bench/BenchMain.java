package io.tollgate.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command line of the benchmark jar; {@code bench/run.sh} is the documented way to use it.
 *
 * <pre>
 * java -jar tollgate-bench.jar rate    --url URL --rate 1000 [--warmup 5] [--duration 20] [--connections 32]
 * java -jar tollgate-bench.jar stream  --url URL --rate 100 ...
 * java -jar tollgate-bench.jar streams --url URL --count 1000 --rate 200 [--timeout 60]
 * java -jar tollgate-bench.jar report  --dir RESULTS_DIR [--out report.md]
 * java -jar tollgate-bench.jar own-time --log tollgate.out --results rate-tollgate-1000.properties
 * java -jar tollgate-bench.jar floor   --port 8090 --upstream-port 9090
 * java -jar tollgate-bench.jar ports   N
 * </pre>
 */
public final class BenchMain {

  static final String USAGE =
      """
      usage: tollgate-bench rate|stream|streams --url URL [options]
             tollgate-bench report --dir DIR [--out FILE]
             tollgate-bench own-time --log ACCESS_LOG --results FILE
             tollgate-bench floor --port P --upstream-port U
             tollgate-bench ports N
        --rate R          requests (or streams) per second, constant (default 1000)
        --warmup S        seconds of warm-up at the same rate, not recorded (default 5)
        --duration S      seconds measured (default 20)
        --connections N   keep-alive connections (default 32; streams: at least --count)
        --count N         streams mode: how many streams to open (default 1000)
        --header 'K: V'   extra request header (repeatable)
        --model M         model in the request body (default demo)
        --max-tokens N    max_tokens in the request body (default 256)
        --timeout S       per-request idle timeout (default 30)
        --drain S         wait this long for in-flight requests after the last send (default 10)
        --out FILE        also write the results (key=value lines) to FILE
      """;

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.print(USAGE);
      return;
    }
    try {
      switch (args[0]) {
        case "rate" -> load(LoadGenerator.Mode.RATE, args);
        case "stream" -> load(LoadGenerator.Mode.STREAM, args);
        case "streams" -> load(LoadGenerator.Mode.STREAMS, args);
        case "report" -> report(args);
        case "own-time" -> ownTime(args);
        case "floor" -> floor(args);
        case "ports" -> ports(args);
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      }
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    }
  }

  private static void load(LoadGenerator.Mode mode, String[] args) throws Exception {
    String url = null;
    double rate = 1000;
    double warmup = 5;
    double duration = 20;
    int connections = 32;
    int count = 1000;
    String model = "demo";
    int maxTokens = 256;
    double timeout = 30;
    double drain = 10;
    Path out = null;
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value for " + flag);
      }
      String v = args[++i];
      switch (flag) {
        case "--url" -> url = v;
        case "--rate" -> rate = Double.parseDouble(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--duration" -> duration = Double.parseDouble(v);
        case "--connections" -> connections = Integer.parseInt(v);
        case "--count" -> count = Integer.parseInt(v);
        case "--model" -> model = v;
        case "--max-tokens" -> maxTokens = Integer.parseInt(v);
        case "--timeout" -> timeout = Double.parseDouble(v);
        case "--drain" -> drain = Double.parseDouble(v);
        case "--out" -> out = Path.of(v);
        case "--header" -> {
          int colon = v.indexOf(':');
          if (colon <= 0) {
            throw new IllegalArgumentException("--header wants 'Name: value', got " + v);
          }
          headers.put(v.substring(0, colon).trim(), v.substring(colon + 1).trim());
        }
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    if (url == null) {
      throw new IllegalArgumentException("--url is required");
    }
    if (connections < 1 || count < 1 || duration <= 0 || warmup < 0) {
      throw new IllegalArgumentException("--connections, --count and --duration must be positive");
    }
    String body = requestBody(model, maxTokens, mode != LoadGenerator.Mode.RATE);
    LoadGenerator.Options options =
        new LoadGenerator.Options(
            mode, url, headers, body, rate, warmup, duration, connections, count, timeout, drain);
    Map<String, String> results;
    try (LoadGenerator generator = new LoadGenerator(options)) {
      results = generator.run();
    }
    String text = Results.format(results);
    System.out.print(text);
    if (out != null) {
      Results.write(out, results);
    }
  }

  /** The chat request every target receives; the fake upstream's reply does not depend on it. */
  static String requestBody(String model, int maxTokens, boolean stream) {
    return "{\"model\":\""
        + model
        + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Benchmark request: answer with the"
        + " usual reply.\"}],\"max_tokens\":"
        + maxTokens
        + (stream ? ",\"stream\":true" : "")
        + "}";
  }

  private static void report(String[] args) throws IOException {
    Path dir = null;
    Path out = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (dir == null) {
      throw new IllegalArgumentException("--dir is required");
    }
    String md = Report.render(dir);
    System.out.print(md);
    if (out != null) {
      Files.writeString(out, md, StandardCharsets.UTF_8);
    }
  }

  /**
   * Adds Tollgate's own time per request ({@link OwnTime}) in the window of a generator's results
   * file to that file.
   */
  private static void ownTime(String[] args) throws IOException {
    Path log = null;
    Path results = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--log" -> log = Path.of(args[i + 1]);
        case "--results" -> results = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (log == null || results == null) {
      throw new IllegalArgumentException("--log and --results are required");
    }
    Map<String, String> values = Results.read(results);
    long from = Long.parseLong(values.getOrDefault("window_start_epoch_ms", "0"));
    long to = Long.parseLong(values.getOrDefault("window_end_epoch_ms", "0"));
    if (to <= from) {
      throw new IllegalArgumentException(results + " has no measured window");
    }
    values.putAll(OwnTime.read(log, from, to));
    Results.write(results, values);
  }

  /** Runs the bare Vert.x proxy ({@link VertxFloor}) until killed. */
  private static void floor(String[] args) {
    int port = -1;
    int upstreamPort = -1;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--upstream-port" -> upstreamPort = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (port < 0 || upstreamPort < 0) {
      throw new IllegalArgumentException("--port and --upstream-port are required");
    }
    VertxFloor.run(port, "127.0.0.1", upstreamPort);
  }

  /** Prints N distinct loopback ports that were free a moment ago. */
  private static void ports(String[] args) throws IOException {
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    List<ServerSocket> held = new ArrayList<>();
    try {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(s);
        sb.append(s.getLocalPort()).append(i + 1 < n ? " " : "\n");
      }
      System.out.print(sb);
    } finally {
      for (ServerSocket s : held) {
        s.close();
      }
    }
  }
}

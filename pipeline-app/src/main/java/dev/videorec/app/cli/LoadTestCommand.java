package dev.videorec.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videorec.app.serving.Latencies;
import dev.videorec.app.evaluation.Reports;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code videorec load-test}: closed-loop (or paced) HTTP clients against a running {@code videorec serve}, with
 * end-to-end latency percentiles as the clients see them and the server's own per-stage figures from
 * {@code /metrics.json}.
 */
@Command(name = "load-test", sortOptions = false, description = {"concurrent HTTP clients against 'serve': "
    + "end-to-end latency percentiles and errors", "",
    "Users are drawn uniformly from the server's known id range (from /health). Any answer other than 200 with a "
        + "JSON list, and any connection failure, is an error.", ""})
public final class LoadTestCommand extends BaseCommand {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = dev.videorec.core.json.Json.mapper();

  @Option(names = "--url", paramLabel = "URL", description = "the server (default ${DEFAULT-VALUE})")
  String url = "http://127.0.0.1:8080";

  @Option(names = "--clients", paramLabel = "N",
      description = "concurrent clients, each with its own keep-alive connection (default ${DEFAULT-VALUE})")
  int clients = 8;

  @Option(names = "--seconds", paramLabel = "S", description = "measured duration (default ${DEFAULT-VALUE})")
  int seconds = 60;

  @Option(names = "--warmup-seconds", paramLabel = "W",
      description = "load before measuring, not counted (default ${DEFAULT-VALUE})")
  int warmup = 10;

  @Option(names = "--k", paramLabel = "K", description = "videos per request (default ${DEFAULT-VALUE})")
  int k = 10;

  @Option(names = "--rate", paramLabel = "R", description = "total requests per second, paced evenly over the "
      + "clients; latency then counts from each request's scheduled time, so a slow server cannot hide its queue "
      + "(default 0: each client sends its next request as soon as the last one is answered)")
  double rate;

  @Option(names = "--unknown-share", paramLabel = "F",
      description = "share of requests for unknown users, i.e. cold starts (default 0)")
  double unknownShare;

  @Option(names = "--slow-clients", paramLabel = "N", description = "also run N slow-loris clients that send a "
      + "request one byte a second, reconnecting when closed (default 0)")
  int slowClients;

  @Option(names = "--idle-connections", paramLabel = "N", description = "also hold N connections that send a "
      + "request line and then nothing, reopened when closed (default 0)")
  int idleConnections;

  @Option(names = "--seed", paramLabel = "S", description = "seed of the user draws (default ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", paramLabel = "FILE", description = "also write the report as JSON")
  java.nio.file.Path report;

  @Override
  int execute() {
    String base = url.replaceAll("/+$", "");
    if (!base.matches("(?i)https?://[^/?#\\s]+(/[^?#\\s]*)?")) {
      throw usage("--url must be the server's http:// or https:// address, got '" + url + "'");
    }
    writable("--out", report);
    inRange("--clients", clients, 1, 1024);
    inRange("--seconds", seconds, 1, 86_400);
    inRange("--warmup-seconds", warmup, 0, 3600);
    inRange("--k", k, 1, 1000);
    inRange("--rate", rate, 0, 1e6);
    inRange("--unknown-share", unknownShare, 0, 1);
    inRange("--slow-clients", slowClients, 0, 10_000);
    inRange("--idle-connections", idleConnections, 0, 10_000);

    JsonNode health = get(base + "/health", "the server's /health (is 'videorec serve' running?)");
    int minUser = health.path("userIdMin").asInt(-1);
    int maxUser = health.path("userIdMax").asInt(-1);
    if (minUser < 0 || maxUser < minUser) {
      throw usage(base + "/health does not give the known user id range");
    }
    err.printf(Locale.ROOT, "load test: %d clients against %s (%s videos, %s mode), users %d-%d, %d s warm-up "
        + "+ %d s measured%s%n", clients, base, health.path("videos").asText("?"), health.path("mode").asText("?"),
        minUser, maxUser, warmup, seconds, rate > 0 ? String.format(Locale.ROOT, ", paced at %.0f req/s", rate) : "");

    org.HdrHistogram.Histogram latency = Latencies.concurrent();
    LongAdder ok = new LongAdder();
    LongAdder errors = new LongAdder();
    AtomicLong maxNanos = new AtomicLong();
    List<String> firstErrors = java.util.Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    long measureFrom = start + warmup * 1_000_000_000L;
    long end = measureFrom + seconds * 1_000_000_000L;
    URI target = URI.create(base);
    dev.videorec.app.serving.AbusiveClients abusers = slowClients + idleConnections == 0 ? null
        : new dev.videorec.app.serving.AbusiveClients(target.getHost(),
            target.getPort() < 0 ? 80 : target.getPort(), slowClients, idleConnections, 1000);
    if (abusers != null) {
      err.printf(Locale.ROOT, "  beside %d slow-loris clients and %d idle connections%n", slowClients,
          idleConnections);
    }
    List<Map<String, Object>> memory = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + c);
      long interval = rate > 0 ? (long) (1e9 * clients / rate) : 0;
      long firstAt = start + (interval * c) / clients;
      Thread t = new Thread(() -> {
        long next = firstAt;
        while (true) {
          long scheduled;
          if (interval > 0) {
            long now = System.nanoTime();
            if (next > now) {
              java.util.concurrent.locks.LockSupport.parkNanos(next - now);
            }
            scheduled = next;
            next += interval;
          } else {
            scheduled = System.nanoTime();
          }
          if (scheduled >= end) {
            return;
          }
          int user = random.nextDouble() < unknownShare ? maxUser + 1 + random.nextInt(1_000_000)
              : minUser + random.nextInt(maxUser - minUser + 1);
          String problem = request(base + "/recommend?user=" + user + "&k=" + k);
          long took = System.nanoTime() - scheduled;
          if (scheduled >= measureFrom) {
            if (problem == null) {
              ok.increment();
              Latencies.recordNanos(latency, took);
              maxNanos.accumulateAndGet(took, Math::max);
            } else {
              errors.increment();
              if (firstErrors.size() < 5) {
                firstErrors.add("user " + user + ": " + problem);
              }
            }
          }
        }
      }, "load-client-" + c);
      threads.add(t);
      t.start();
    }
    long lastReport = System.nanoTime();
    for (Thread t : threads) {
      while (t.isAlive()) {
        try {
          t.join(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return 1;
        }
        long now = System.nanoTime();
        if (now - lastReport > 10_000_000_000L) {
          Map<String, Object> sample = new LinkedHashMap<>();
          sample.put("second", Math.round((now - start) / 1e9));
          JsonNode process = get(base + "/metrics.json", "the server's /metrics.json").path("process");
          sample.put("heapUsedBytes", process.path("heapUsedBytes").asLong());
          sample.put("rssBytes", process.path("rssBytes").asLong());
          memory.add(sample);
          err.printf(Locale.ROOT, "  %.0f s: %,d answered, %,d errors; server heap %,d MB, resident %,d MB%s%n",
              (now - start) / 1e9, ok.sum(), errors.sum(), process.path("heapUsedBytes").asLong() >> 20,
              process.path("rssBytes").asLong() >> 20, abusers == null ? "" : "; abusive connections ended: "
                  + abusers.endings());
          lastReport = now;
        }
      }
    }
    if (abusers != null) {
      abusers.close();
    }
    JsonNode metrics = get(base + "/metrics.json", "the server's /metrics.json");

    Map<String, Object> report = new LinkedHashMap<>();
    report.put("url", base);
    report.put("clients", clients);
    report.put("seconds", seconds);
    report.put("ratePerSecond", rate);
    report.put("videos", health.path("videos").asLong());
    report.put("index", health.path("index").asText());
    report.put("mode", health.path("mode").asText());
    report.put("requests", ok.sum());
    report.put("errors", errors.sum());
    report.put("throughputPerSecond", ok.sum() / (double) seconds);
    report.put("p50Micros", Latencies.percentileMicros(latency, 0.50));
    report.put("p95Micros", Latencies.percentileMicros(latency, 0.95));
    report.put("p99Micros", Latencies.percentileMicros(latency, 0.99));
    report.put("maxMicros", maxNanos.get() / 1_000);
    report.put("slowClients", slowClients);
    report.put("idleConnections", idleConnections);
    if (abusers != null) {
      report.put("abusiveConnectionsEnded", abusers.endings());
    }
    report.put("serverMemory", memory);
    report.put("server", JSON.convertValue(metrics, Map.class));
    out.printf(Locale.ROOT, "%,d requests in %d s (%.0f/s) from %d clients, %,d errors%n", ok.sum(), seconds,
        ok.sum() / (double) seconds, clients, errors.sum());
    out.printf(Locale.ROOT, "end to end (client side): p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        Latencies.percentileMicros(latency, 0.5) / 1e3, Latencies.percentileMicros(latency, 0.95) / 1e3,
        Latencies.percentileMicros(latency, 0.99) / 1e3, maxNanos.get() / 1e6);
    out.println("server side, since it started (/metrics.json):");
    metrics.path("latency").fields().forEachRemaining(e -> out.printf(Locale.ROOT,
        "  %-14s p50 %7.2f ms  p95 %7.2f ms  p99 %7.2f ms  (%,d)%n", e.getKey(),
        e.getValue().path("p50Micros").asLong() / 1e3, e.getValue().path("p95Micros").asLong() / 1e3,
        e.getValue().path("p99Micros").asLong() / 1e3, e.getValue().path("count").asLong()));
    out.println("  fallbacks: " + metrics.path("fallbacks") + ", errors: " + metrics.path("errors").asLong());
    out.println("  connections: " + metrics.path("connections"));
    if (!memory.isEmpty()) {
      LongSummaryStatistics rss = memory.stream().mapToLong(m -> (Long) m.get("rssBytes")).summaryStatistics();
      out.printf(Locale.ROOT, "  server resident memory: %,d MB at %d s, %,d MB at %d s (min %,d, max %,d MB)%n",
          (Long) memory.get(0).get("rssBytes") >> 20, (Long) memory.get(0).get("second"),
          (Long) memory.get(memory.size() - 1).get("rssBytes") >> 20,
          (Long) memory.get(memory.size() - 1).get("second"), rss.getMin() >> 20, rss.getMax() >> 20);
    }
    if (abusers != null) {
      out.println("  abusive connections ended: " + abusers.endings());
    }
    firstErrors.forEach(e -> out.println("  error: " + e));
    if (this.report != null) {
      Reports.json(this.report, report);
      out.println("wrote " + this.report);
    }
    return errors.sum() == 0 ? 0 : 1;
  }

  /** One request; null when it succeeded, else what went wrong. */
  private static String request(String url) {
    HttpURLConnection c = null;
    try {
      c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(5_000);
      c.setReadTimeout(10_000);
      int status = c.getResponseCode();
      InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream();
      byte[] body = in == null ? new byte[0] : in.readAllBytes();
      if (in != null) {
        in.close();
      }
      if (status != 200) {
        return "HTTP " + status + " " + new String(body, java.nio.charset.StandardCharsets.UTF_8);
      }
      if (body.length == 0 || body[0] != '{') {
        return "not a JSON object";
      }
      return null;
    } catch (IOException e) {
      if (c != null) {
        c.disconnect();
      }
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  private static JsonNode get(String url, String what) {
    try {
      URL u = URI.create(url).toURL();
      HttpURLConnection c = (HttpURLConnection) u.openConnection();
      c.setConnectTimeout(5_000);
      c.setReadTimeout(30_000);
      if (c.getResponseCode() != 200) {
        throw new UsageException("load-test: " + what + " answered HTTP " + c.getResponseCode());
      }
      try (InputStream in = c.getInputStream()) {
        return JSON.readTree(in);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("load-test: cannot read " + what + " at " + url + ": " + e.getMessage());
    }
  }
}

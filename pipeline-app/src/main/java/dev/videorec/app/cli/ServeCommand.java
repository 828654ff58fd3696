package dev.videorec.app.cli;

import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.RecommendServer;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.app.serving.ServingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/** {@code videorec serve}: the HTTP JSON API over a model directory, until stopped. */
@Command(name = "serve", sortOptions = false, description = {"the HTTP JSON API over a model directory: "
    + "/v1/recommend, /v1/health, /v1/metrics", "",
    "Endpoints (each also without /v1; the contract is /v1/openapi.json):",
    "  GET /                                                  a web page to explore the funnel",
    "  GET /v1/recommend?user=ID&k=N&explain=true&region=R   recommendations (region: for unknown users;",
    "                                              &mode=static|dynamic overrides --mode)",
    "  GET /v1/history?user=ID&n=N, /v1/users?n=N             a user's latest videos; known users",
    "  GET /v1/health                                         status, model, videos, users",
    "  GET /v1/health/live, /v1/health/ready                  probes: ready once the model is loaded and warm",
    "  GET /v1/metrics                                        Prometheus text format",
    "  GET /v1/metrics.json                                   latency p50/p95/p99 per stage; requests, errors, "
        + "fallbacks",
    "Errors are application/problem+json; every response carries an X-Request-Id.",
    "Stop it with Ctrl-C (SIGINT) or SIGTERM; requests in flight are finished.", ""})
public final class ServeCommand extends BaseCommand {
  @Mixin
  ServingSetup setup;

  @Option(names = "--lists", paramLabel = "PATH", description = "static mode: serve these top-k lists (a CSV file "
      + "of 'recommend --all-users', or the --csv directory of 'batch recommend') instead of computing them")
  java.nio.file.Path lists;

  @Option(names = "--port", paramLabel = "P", description = "port to listen on (default ${DEFAULT-VALUE}; 0 picks "
      + "a free one)")
  int port = 8080;

  @Option(names = "--host", paramLabel = "H", description = "address to bind (default 127.0.0.1: only this "
      + "machine can connect; 0.0.0.0 for every interface)")
  String host;

  @Option(names = "--http-threads", paramLabel = "N", description = "worker threads that run requests (default "
      + "${DEFAULT-VALUE}); reading and writing take none while a client is slow")
  int httpThreads = 16;

  @Option(names = "--source-threads", paramLabel = "N", description = "threads that run the candidate sources of "
      + "all requests side by side (default: 8 per processor, at least 16)")
  Integer sourceThreads;

  @Option(names = "--max-connections", paramLabel = "N", description = "open connections in all (default "
      + "${DEFAULT-VALUE}); more wait to be accepted")
  int maxConnections = 1024;

  @Option(names = "--max-connections-per-client", paramLabel = "N", description = "open connections from one "
      + "address (default ${DEFAULT-VALUE}); more are closed at once")
  int maxPerClient = 256;

  @Option(names = "--request-timeout-ms", paramLabel = "M", description = "time a request may take to arrive once "
      + "begun (default ${DEFAULT-VALUE}); then 408 and the connection is closed")
  int requestTimeoutMs = 10_000;

  @Option(names = "--idle-timeout-ms", paramLabel = "M", description = "time a connection may stay silent "
      + "(default ${DEFAULT-VALUE}); then it is closed")
  int idleTimeoutMs = 30_000;

  @Option(names = "--candidates-ms", paramLabel = "M",
      description = "latency budget of candidate generation (default 60)")
  Integer candidatesMs;

  @Option(names = "--ranking-ms", paramLabel = "M", description = "latency budget of ranking (default 20)")
  Integer rankingMs;

  @Option(names = "--reranking-ms", paramLabel = "M", description = "latency budget of re-ranking (default 20)")
  Integer rerankingMs;

  @Option(names = "--max-k", paramLabel = "K", description = "largest k a request may ask for (default 100)")
  Integer maxK;

  @Override
  int execute() {
    inRange("--port", port, 0, 65535);
    if (lists != null && setup.mode() != ServingConfig.Mode.STATIC) {
      throw usage("--lists needs --mode static");
    }
    if (lists != null && !java.nio.file.Files.exists(lists)) {
      throw usage("--lists " + lists + " does not exist");
    }
    inRange("--http-threads", httpThreads, 1, 1024);
    inRange("--source-threads", sourceThreads == null ? 1 : sourceThreads, 1, 1024);
    inRange("--max-connections", maxConnections, 1, 100_000);
    inRange("--max-connections-per-client", maxPerClient, 1, maxConnections);
    inRange("--request-timeout-ms", requestTimeoutMs, 100, 3_600_000);
    inRange("--idle-timeout-ms", idleTimeoutMs, 100, 3_600_000);
    RecommendServer.Limits http = new RecommendServer.Limits(httpThreads, maxConnections, maxPerClient,
        Duration.ofMillis(requestTimeoutMs), Duration.ofMillis(idleTimeoutMs));
    java.util.Map<String, Integer> limits = new java.util.LinkedHashMap<>();
    limits.put("--candidates-ms", candidatesMs);
    limits.put("--ranking-ms", rankingMs);
    limits.put("--reranking-ms", rerankingMs);
    limits.forEach((option, v) -> inRange(option, v == null ? 1 : v, 1, 60_000));
    inRange("--max-k", maxK == null ? 1 : maxK, 1, 1000);
    ServingConfig config = setup.config(candidatesMs, rankingMs, rerankingMs, maxK);
    Serving.AsOf asOf = setup.asOf();
    ExecutorService sources = Serving.sourcePool(sourceThreads != null ? sourceThreads
        : 8 * Math.max(2, Runtime.getRuntime().availableProcessors()));
    CountDownLatch stopped = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<RecommendationService> serving = new java.util.concurrent.atomic
        .AtomicReference<>();
    // In dynamic mode the server's own warm-up (through the request path clients use) is the only one; static
    // mode precomputes every list at start-up and keeps the funnel's warm-up before it.
    boolean dynamic = config.mode() == ServingConfig.Mode.DYNAMIC;
    // The model loads while the HTTP server starts (a second of class loading that need not wait for it): probes
    // see /v1/health/live as soon as the server listens, and /v1/health/ready once the model serves.
    // Its progress lines wait until the server says it listens, and are dropped if it cannot.
    HeldLines progress = new HeldLines(err);
    java.util.concurrent.FutureTask<ModelDirectory.Loaded> loading = new java.util.concurrent.FutureTask<>(
        () -> ModelDirectory.load(setup.model, setup.data, false, false, !dynamic, sources, progress));
    Thread loader = new Thread(loading, "model-load");
    loader.setDaemon(true);
    loader.start();
    try (RecommendServer server = new RecommendServer(host, port, http)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        RecommendationService s = serving.get();
        if (s != null) {
          s.close();
        }
        sources.shutdownNow();
        stopped.countDown();
      }, "shutdown"));
      String address = "http://" + (host == null ? "127.0.0.1" : host) + ":" + server.port();
      err.println("  listening on " + address + "; ready once the model is loaded (" + address
          + "/v1/health/ready)");
      progress.release();
      ModelDirectory.Loaded loaded = loaded(loading);
      RecommendationService service = Serving.service(loaded, config, asOf, lists,
          line -> err.println("  " + line));
      serving.set(service);
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("model", setup.model.toAbsolutePath().toString());
      info.put("videos", loaded.dataset().catalog().size());
      info.put("index", loaded.trained().videoIndex().getClass().getSimpleName());
      info.put("requestTime", service.requestTime());
      info.put("userIdMin", service.users().stream().mapToInt(u -> u.value()).min().orElse(0));
      info.put("userIdMax", service.users().stream().mapToInt(u -> u.value()).max().orElse(-1));
      err.println("  warming up (until " + RecommendServer.WARM_UP_STREAK + " requests in a row meet their budgets, "
          + "at most " + RecommendServer.WARM_UP_REQUESTS + "; not counted)");
      int warmUp = server.serve(service, loaded.externalIds(), info);
      err.println("  warmed up in " + warmUp + " requests");
      // Ready: the time from the JVM's start to the first request it answers as a warm server.
      double ready = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
      out.printf(Locale.ROOT, "serving %s (%s mode, %,d videos, %,d users) on %s/v1/recommend?user=%d; ready %.1f s "
              + "after the JVM started%n", setup.model, config.mode().name().toLowerCase(Locale.ROOT),
          loaded.dataset().catalog().size(), service.users().size(), address,
          service.users().stream().sorted().findFirst().orElseThrow().value(), ready);
      out.flush();
      // Ready: the similarity table the start left to the requests is made whole now, beside them.
      loaded.trained().completeSimilarityInBackground();
      stopped.await();
    } catch (IOException e) {
      loading.cancel(true);
      throw new UncheckedIOException("cannot listen on port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** Progress lines held back until {@link #release}, then printed as they come. */
  private static final class HeldLines implements java.util.function.Consumer<String> {
    private final java.io.PrintWriter err;
    private final List<String> held = new ArrayList<>();
    private boolean released;

    HeldLines(java.io.PrintWriter err) {
      this.err = err;
    }

    @Override
    public synchronized void accept(String line) {
      if (released) {
        err.println("  " + line);
      } else {
        held.add(line);
      }
    }

    synchronized void release() {
      held.forEach(line -> err.println("  " + line));
      held.clear();
      released = true;
    }
  }

  /**
   * The loaded model, or the load's own exception (a {@link dev.videorec.app.model.ModelDirectoryException} names
   * what is wrong).
   */
  private static ModelDirectory.Loaded loaded(java.util.concurrent.FutureTask<ModelDirectory.Loaded> loading)
      throws InterruptedException {
    try {
      return loading.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}

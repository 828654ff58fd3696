package dev.videorec.app.cli;

import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.RecommendServer;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.app.serving.ServingConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;

/** {@code videorec serve}: the HTTP JSON API over a model directory, until stopped. */
public final class ServeCommand extends Command {
  static final String HELP = String.join("\n",
      "usage: videorec serve --model DIR [--port P] [--host H] [--mode dynamic|static] [--as-of train-end|test-start]",
      "                      [--http-threads N] [--candidates-ms M] [--ranking-ms M] [--reranking-ms M]",
      "                      [--max-k K] [--data DIR]",
      "",
      "  --model DIR          the model directory written by 'videorec train'",
      "  --port P             port to listen on (default 8080; 0 picks a free one)",
      "  --host H             address to bind (default: loopback only)",
      "  --mode M             dynamic: the funnel runs per request (default); static: top-K lists precomputed",
      "                       in batch at start-up, as of the end of training",
      "  --as-of A            the platform's 'now': test-start (default; histories include the validation",
      "                       window, which the models never saw) or train-end",
      "  --http-threads N     HTTP worker threads (default 16)",
      "  --candidates-ms M    latency budget of candidate generation (default 60)",
      "  --ranking-ms M       latency budget of ranking (default 20)",
      "  --reranking-ms M     latency budget of re-ranking (default 20)",
      "  --max-k K            largest k a request may ask for (default 100)",
      "  --data DIR           where the training dataset is now, if it moved since training",
      "",
      "Endpoints:",
      "  GET /recommend?user=ID&k=N&explain=true&region=R   recommendations (region: for unknown users)",
      "  GET /health                                         status",
      "  GET /metrics                                        latency p50/p95/p99 per stage; requests, errors,",
      "                                                      fallbacks",
      "Stop it with Ctrl-C (SIGINT) or SIGTERM; requests in flight are finished.");

  ServeCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String help() {
    return HELP;
  }

  @Override
  int execute(List<String> args) {
    Options o = new Options("serve", args, Set.of("model", "port", "host", "mode", "as-of", "http-threads",
        "candidates-ms", "ranking-ms", "reranking-ms", "max-k", "data"), Set.of());
    ServingSetup s = ServingSetup.parse(o);
    int port = o.integer("port", 8080, 0, 65535);
    int httpThreads = o.integer("http-threads", 16, 1, 1024);
    ExecutorService sources = Serving.sourcePool(8 * Math.max(2, Runtime.getRuntime().availableProcessors()));
    ModelDirectory.Loaded loaded = ModelDirectory.load(s.model(), o.path("data", null), false, false, sources,
        line -> err.println("  " + line));
    RecommendationService service = Serving.service(loaded, s.config(), s.asOf(), line -> err.println("  " + line));
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("model", s.model().toAbsolutePath().toString());
    info.put("videos", loaded.dataset().catalog().size());
    info.put("index", loaded.trained().videoIndex().getClass().getSimpleName());
    info.put("requestTime", service.requestTime());
    info.put("userIdMin", service.users().stream().mapToInt(u -> u.value()).min().orElse(0));
    info.put("userIdMax", service.users().stream().mapToInt(u -> u.value()).max().orElse(-1));
    CountDownLatch stopped = new CountDownLatch(1);
    try (RecommendServer server = new RecommendServer(service, loaded.externalIds(), o.string("host", null), port,
        httpThreads, info)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        service.close();
        sources.shutdownNow();
        stopped.countDown();
      }, "shutdown"));
      out.printf(Locale.ROOT, "serving %s (%s mode, %,d videos, %,d users) on http://%s:%d/recommend?user=%d%n",
          s.model(), s.config().mode().name().toLowerCase(Locale.ROOT), loaded.dataset().catalog().size(),
          service.users().size(), o.string("host", "127.0.0.1"), server.port(),
          service.users().stream().sorted().findFirst().orElseThrow().value());
      out.flush();
      stopped.await();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }
}

package dev.videorec.app.cli;

import dev.videorec.app.evaluation.BatchRecommendations;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.core.Video;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code videorec recommend}: one user's recommendations from a model directory, as the API would serve them. */
public final class RecommendCommand extends Command {
  static final String HELP = String.join("\n",
      "usage: videorec recommend --model DIR --user ID [--k N] [--explain] [--region R] [--mode dynamic|static]",
      "                          [--as-of train-end|test-start] [--data DIR]",
      "       videorec recommend --model DIR (--all-users | --users FILE) --out recs.csv [--k N]",
      "                          [--source funnel|two-tower|als|ease|item-knn|popular] [--data DIR]",
      "",
      "  --model DIR     the model directory written by 'videorec train'",
      "  --user ID       the user (an unknown id gets the cold-start list of --region, else of the platform)",
      "  --k N           how many videos (default 10)",
      "  --explain       say why each video is there, and show the request's trace",
      "  --region R      the request's region, used for unknown users",
      "  --mode, --as-of, --data: as for 'videorec serve'",
      "",
      "Batch mode writes top-k lists as CSV with the header userId,movieId,rank (rank 1 best) for every user",
      "with training interactions (--all-users) or those listed in FILE (one id per line), as of the end of",
      "training; every video a user interacted with in training is left out of their list. A list the source",
      "leaves short is topped up from ease, item-knn, then popular (those the model has), and the fill is",
      "reported, so every user gets k videos while the catalogue has them.",
      "  --out FILE      where to write the lists (atomically)",
      "  --source S      funnel (default: retrieval, ranking, re-ranking), or one retrieval source alone:",
      "                  two-tower, als (implicit ALS, trained on load; also 'mf'), ease and item-knn (models",
      "                  trained on ratings data, with the hyper-parameters chosen on validation), popular");

  RecommendCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String help() {
    return HELP;
  }

  @Override
  int execute(List<String> args) {
    Options o = new Options("recommend", args, Set.of("model", "user", "k", "region", "mode", "as-of", "data",
        "users", "out", "source"), Set.of("explain", "all-users"));
    if (o.flag("all-users") || o.has("users") || o.has("out")) {
      return batch(o);
    }
    ServingSetup s = ServingSetup.parse(o);
    if (!o.has("user")) {
      throw new UsageException("recommend: option --user is required");
    }
    String userArg = o.string("user", "");
    boolean logIds = ModelDirectory.DataSource.LOG.equals(ModelDirectory.metadata(s.model()).data().kind());
    if (!logIds) {
      o.integer("user", 0, 0, Integer.MAX_VALUE);
    }
    int k = o.integer("k", 10, 1, s.config().maxK());
    boolean explain = o.flag("explain");
    ModelDirectory.Loaded loaded = ModelDirectory.load(s.model(), o.path("data", null), false, false,
        Serving.sourcePool(16), line -> err.println("  " + line));
    // A log's id the model does not know is a cold start, as any unknown user is.
    dev.videorec.core.UserId user = loaded.externalIds().user(userArg);
    try (RecommendationService service = Serving.service(loaded, s.config(), s.asOf(),
        line -> err.println("  " + line))) {
      RecommendationService.Response r = service.recommend(user, k, o.string("region", null));
      out.printf(Locale.ROOT, "user %s, %s, %d videos in %.2f ms%n", userArg, r.mode(), r.items().size(),
          r.totalNanos() / 1e6);
      for (String d : r.degraded()) {
        out.println("  degraded: " + d);
      }
      for (RecommendationService.Item i : r.items()) {
        Video v = loaded.dataset().catalog().find(i.video()).orElse(null);
        out.printf(Locale.ROOT, "%3d. %-8s %-34s score %.4f%n", i.rank(), logIds ? loaded.videoId(i.video())
            : i.video().toString(), describe(v), i.score());
        if (explain) {
          out.println("       " + i.explanation());
        }
      }
      if (explain) {
        r.stages().forEach(st -> out.printf(Locale.ROOT, "  stage %-14s %4d -> %4d in %.2f ms%n", st.stage(),
            st.inputSize(), st.outputSize(), st.nanos() / 1e6));
        java.util.Map<String, Integer> byRule = new java.util.TreeMap<>();
        int shown = 0;
        for (dev.videorec.core.Decision d : r.removed()) {
          byRule.merge(d.rule(), 1, Integer::sum);
          if (!d.rule().equals(RecommendationService.TRUNCATE_RULE)
              && shown++ < RecommendationService.MAX_REMOVED_SHOWN) {
            out.println("  removed: " + d);
          }
        }
        out.println("  removed by rule: " + byRule);
      }
    }
    return 0;
  }

  private int batch(Options o) {
    if (o.flag("all-users") == o.has("users")) {
      throw new UsageException("recommend: give --all-users or --users FILE (one of them) with --out");
    }
    for (String single : List.of("user", "region", "mode", "as-of")) {
      if (o.has(single)) {
        throw new UsageException("recommend: --" + single + " applies to one user, not to --all-users/--users");
      }
    }
    if (o.flag("explain")) {
      throw new UsageException("recommend: --explain applies to one user, not to --all-users/--users");
    }
    java.nio.file.Path outFile = o.requiredPath("out");
    java.nio.file.Path model = o.requiredPath("model");
    int k = o.integer("k", 10, 1, dev.videorec.core.RecommendationRequest.MAX_K);
    String source = o.string("source", "funnel");
    if (!BatchRecommendations.SOURCES.contains(source)) {
      throw new UsageException("recommend: --source must be one of " + BatchRecommendations.SOURCES + ", got '"
          + source + "'");
    }
    if (o.has("users") && !java.nio.file.Files.isRegularFile(o.requiredPath("users"))) {
      throw new UsageException("recommend: the users file " + o.requiredPath("users") + " does not exist");
    }
    long start = System.nanoTime();
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, o.path("data", null),
        BatchRecommendations.sourceName(source).equals(FunnelBuilder.MF_SOURCE), true, Serving.sourcePool(16),
        line -> err.println("  " + line));
    if (!source.equals("funnel")
        && !loaded.trained().sources().containsKey(BatchRecommendations.sourceName(source))) {
      throw new UsageException("recommend: the model in " + model + " has no " + source + " model (EASE and "
          + "item-kNN are trained on ratings data, 'train --movielens')");
    }
    java.util.Set<dev.videorec.core.UserId> known = BatchRecommendations.knownUsers(loaded);
    List<dev.videorec.core.UserId> users = o.has("users")
        ? BatchRecommendations.readUsers(o.requiredPath("users"), loaded, known) : new java.util.ArrayList<>(known);
    err.printf(Locale.ROOT, "recommending %d videos to each of %,d users (%s)%n", k, users.size(), source);
    long t0 = System.nanoTime();
    BatchRecommendations.Outcome outcome = BatchRecommendations.write(loaded, users, k, source, outFile,
        Runtime.getRuntime().availableProcessors(), line -> err.println("  " + line));
    int shortLists = outcome.shortLists();
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "wrote %s: %,d users x top %d (%s) in %.1f s, %.0f users/s (%.1f s with loading)%n",
        outFile, users.size(), k, source, seconds, users.size() / seconds, (System.nanoTime() - start) / 1e9);
    if (outcome.topped() > 0) {
      out.printf(Locale.ROOT, "%,d users' lists were topped up from the fallbacks (videos added: %s)%n",
          outcome.topped(), outcome.filled());
    }
    if (shortLists > 0) {
      out.printf(Locale.ROOT, "%,d users have fewer than %d videos: nothing else eligible was retrieved for them%n",
          shortLists, k);
    }
    return 0;
  }

  private static String describe(Video v) {
    if (v == null) {
      return "(not in the catalogue)";
    }
    return String.format(Locale.ROOT, "creator %s, topic %d, %.1f min", v.creator(), v.topic(),
        v.durationSeconds() / 60.0);
  }
}

package dev.videorec.app.cli;

import dev.videorec.app.evaluation.BatchRecommendations;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.core.Video;
import dev.videorec.app.serving.ServingConfig;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videorec recommend}: one user's recommendations from a model directory, as the API would serve them. */
@Command(name = "recommend", sortOptions = false,
    customSynopsis = {"videorec recommend --model=DIR --user=ID [--k=N] [--explain] [--region=R] [--mode=M] "
        + "[--as-of=A] [--data=DIR]",
        "       videorec recommend --model=DIR (--all-users | --users=FILE) --out=recs.csv [--k=N] [--source=S] "
            + "[--data=DIR]"},
    description = {"one user's recommendations from a model directory, with explanations", "",
        "Batch mode writes top-k lists as CSV with the header userId,movieId,rank (rank 1 best) for every user with "
            + "training interactions (--all-users) or those listed in FILE (one id per line), as of the end of "
            + "training; every video a user interacted with in training is left out of their list. A list the "
            + "source leaves short is topped up from ease, item-knn, then popular (those the model has), and the "
            + "fill is reported, so every user gets k videos while the catalogue has them.", ""})
public final class RecommendCommand extends BaseCommand {
  @Mixin
  ServingSetup setup;

  @Option(names = "--user", paramLabel = "ID", description = "the user (an unknown id gets the cold-start list of "
      + "--region, else of the platform)")
  String user;

  @Option(names = "--k", paramLabel = "N", description = "how many videos (default ${DEFAULT-VALUE})")
  int k = 10;

  @Option(names = "--explain", description = "say why each video is there, and show the request's trace")
  boolean explain;

  @Option(names = "--region", paramLabel = "R", description = "the request's region, used for unknown users")
  String region;

  @Option(names = "--all-users", description = "batch: every user with training interactions")
  boolean allUsers;

  @Option(names = "--users", paramLabel = "FILE", description = "batch: the users listed in FILE, one id per line")
  java.nio.file.Path usersFile;

  @Option(names = "--out", paramLabel = "FILE", description = "batch: where to write the lists (atomically)")
  java.nio.file.Path outFile;

  @Option(names = "--source", paramLabel = "S", description = "batch: funnel (default: retrieval, ranking, "
      + "re-ranking), or one retrieval source alone: two-tower, als (implicit ALS, trained on load; also 'mf'), "
      + "ease and item-knn (models trained on ratings data, with the hyper-parameters chosen on validation), "
      + "popular")
  String source;

  @Override
  int execute() {
    if (allUsers || usersFile != null || outFile != null) {
      return batch();
    }
    if (source != null) {
      throw usage("--source applies to --all-users/--users");
    }
    if (user == null) {
      throw usage("option --user is required");
    }
    String userArg = user;
    ServingConfig config = setup.config(null, null, null, null);
    boolean logIds = ModelDirectory.DataSource.LOG.equals(ModelDirectory.metadata(setup.model).data().kind());
    if (!logIds && !userArg.matches("[0-9]+")) {
      throw usage("--user must be a whole number, got '" + userArg + "'");
    }
    if (!logIds && (userArg.length() > 10 || Long.parseLong(userArg) > Integer.MAX_VALUE)) {
      throw usage("--user must be in [0, " + Integer.MAX_VALUE + "], got " + userArg);
    }
    inRange("--k", k, 1, config.maxK());
    ModelDirectory.Loaded loaded = ModelDirectory.load(setup.model, setup.data, false, false,
        Serving.sourcePool(16), line -> err.println("  " + line));
    // A log's id the model does not know is a cold start, as any unknown user is.
    dev.videorec.core.UserId id = loaded.externalIds().user(userArg);
    try (RecommendationService service = Serving.service(loaded, config, setup.asOf(),
        line -> err.println("  " + line))) {
      RecommendationService.Response r = service.recommend(id, k, region);
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

  private int batch() {
    if (allUsers == (usersFile != null)) {
      throw usage("give --all-users or --users FILE (one of them) with --out");
    }
    for (String single : List.of("--user", "--region", "--mode", "--as-of", "--explain")) {
      if (given(single)) {
        throw usage(single + " applies to one user, not to --all-users/--users");
      }
    }
    if (outFile == null) {
      throw usage("option --out is required with --all-users/--users");
    }
    java.nio.file.Path model = setup.model;
    inRange("--k", k, 1, dev.videorec.core.RecommendationRequest.MAX_K);
    String source = this.source == null ? "funnel" : this.source;
    if (!BatchRecommendations.SOURCES.contains(source)) {
      throw usage("--source must be one of " + BatchRecommendations.SOURCES + ", got '" + source + "'");
    }
    writable("--out", outFile);
    if (usersFile != null && !java.nio.file.Files.isRegularFile(usersFile)) {
      throw usage("the users file " + usersFile + " does not exist");
    }
    long start = System.nanoTime();
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, setup.data,
        BatchRecommendations.sourceName(source).equals(FunnelBuilder.MF_SOURCE), true, Serving.sourcePool(16),
        line -> err.println("  " + line));
    if (!source.equals("funnel")
        && !loaded.trained().sources().containsKey(BatchRecommendations.sourceName(source))) {
      throw usage("the model in " + model + " has no " + source + " model (EASE and "
          + "item-kNN are trained on ratings data, 'train --movielens')");
    }
    java.util.Set<dev.videorec.core.UserId> known = BatchRecommendations.knownUsers(loaded);
    List<dev.videorec.core.UserId> users = usersFile != null
        ? BatchRecommendations.readUsers(usersFile, loaded, known) : new java.util.ArrayList<>(known);
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

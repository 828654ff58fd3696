package dev.videorec.app.cli;

import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.simulation.AbSimulation;
import dev.videorec.app.simulation.Arms;
import dev.videorec.app.simulation.ExplorationLog;
import dev.videorec.app.simulation.OffPolicyEstimators;
import dev.videorec.app.simulation.OffPolicyEvaluation;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.io.MarkdownTable;
import dev.videorec.data.UserHistories;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.reranking.config.RerankConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code videorec ope}: off-policy evaluation. Estimates what other policies would have achieved on the requests
 * of an exploration log, and, on a synthetic world, checks the estimates against the truth.
 */
@Command(name = "ope", sortOptions = false, description = {"off-policy evaluation of policies from an exploration log",
    "",
    "Reads an exploration log (one row per shown slot with the serving policy's propensity; --collect writes one "
        + "by simulating a day of the model's funnel under a re-ranking chain with an exploration policy) and "
        + "estimates each --policy's clicks and watch minutes per request with IPS, clipped IPS, SNIPS and doubly "
        + "robust estimators, with 95%% bootstrap intervals. On a synthetic dataset it also computes the truth: "
        + "the policy's expected clicks and minutes on the same requests under the ground truth, and its "
        + "on-policy outcome when it serves the same simulated day itself."})
final class OpeCommand extends BaseCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "the model directory whose funnel "
      + "the policies are built on")
  Path model;

  @Option(names = "--log", required = true, paramLabel = "FILE", description = "the exploration log (CSV: "
      + ExplorationLog.HEADER + "); written first with --collect")
  Path logFile;

  @Option(names = "--collect", paramLabel = "CHAIN.json", description = "simulate one day of the funnel under this "
      + "re-ranking chain, which must end in an exploration policy (epsilon-slots, softmax or exploration), and "
      + "write its log to --log")
  Path collect;

  @Option(names = "--policy", paramLabel = "NAME|CHAIN.json", description = "a policy to evaluate: funnel, "
      + "click-only, two-tower, popular, or the funnel under a re-ranking chain file (repeatable; default popular, "
      + "click-only, funnel)")
  List<String> policies = new ArrayList<>();

  @Option(names = "--users", paramLabel = "N", description = "with --collect: simulate N users drawn at random "
      + "(default: every user)")
  Integer userCount;

  @Option(names = "--k", paramLabel = "K", description = "videos per request (default ${DEFAULT-VALUE})")
  int k = 10;

  @Option(names = "--clip", paramLabel = "W", description = "the weight cap of clipped IPS (default "
      + "${DEFAULT-VALUE})")
  double clip = 10;

  @Option(names = "--reward-model", paramLabel = "BASE", description = "the base of the doubly robust estimator's "
      + "reward model: ranker (the funnel's ranker's position-free P(click) and watch time, calibrated per slot on "
      + "the log: it generalises to videos the log never showed) or log (each slot's click-through rate) "
      + "(default ${DEFAULT-VALUE})")
  String rewardModel = "ranker";

  @Option(names = "--click-model", paramLabel = "MODEL", description = "what a slot's outcome depends on: "
      + "item-position (the user, the video and its slot: a logged slot counts where the policy shows the same "
      + "video at the same slot) or position-based (the slot's examination times the video's appeal: a logged "
      + "video counts wherever the policy shows it, weighted by the examination of both slots; needs the log's "
      + "slot_propensities, and estimates the examination curve from the log) (default ${DEFAULT-VALUE})")
  String clickModel = "item-position";

  @Option(names = "--seed", paramLabel = "S", description = "seed of the simulated day and the bootstrap "
      + "(default ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--data", paramLabel = "DIR", description = "where the training dataset is now, if it moved")
  Path data;

  @Option(names = "--out", paramLabel = "FILE.md", description = "also write the report as Markdown, and as JSON "
      + "beside it (FILE.json)")
  Path outFile;

  @Override
  int execute() {
    inRange("--k", k, 1, 100);
    inRange("--clip", clip, 1, 1e9);
    if (!rewardModel.equals("ranker") && !rewardModel.equals("log")) {
      throw usage("--reward-model must be ranker or log, got '" + rewardModel + "'");
    }
    OffPolicyEvaluation.ClickModel byModel;
    try {
      byModel = OffPolicyEvaluation.ClickModel.of(clickModel);
    } catch (IllegalArgumentException e) {
      throw usage("--click-model: " + e.getMessage());
    }
    if (policies.isEmpty()) {
      policies = List.of("popular", "click-only", "funnel");
    }
    for (String p : policies) {
      if (!Arms.NAMES.contains(p) && !p.endsWith(".json")) {
        throw usage("--policy must be one of " + Arms.NAMES + " or a re-ranking chain .json file, got '" + p + "'");
      }
      if (p.endsWith(".json")) {
        RerankConfig.load(Path.of(p));
      }
    }
    RerankConfig logging = null;
    if (collect != null) {
      logging = RerankConfig.load(collect);
      if (!endsInExploration(logging)) {
        throw usage("--collect " + collect + ": the chain has no exploration policy (epsilon-slots, softmax or "
            + "exploration) as its last selector, so its log could not evaluate any other policy");
      }
      writable("--log", logFile);
    } else if (!Files.isRegularFile(logFile)) {
      throw usage("--log " + logFile + ": no such file (give --collect CHAIN.json to simulate one)");
    }
    writable("--out", outFile);
    ModelDirectory.Metadata meta = ModelDirectory.metadata(model);
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, data, false, true, Serving.sourcePool(16),
        line -> err.println("  " + line));
    FunnelBuilder.Trained trained = loaded.trained();
    AbSimulation.Truth truth = null;
    if (meta.data().kind().equals(ModelDirectory.DataSource.VIDEOREC)
        && loaded.dataset().manifest().generator() != null) {
      truth = Arms.truth(SyntheticWorld.create(loaded.dataset().manifest().generator()).groundTruth(),
          trained.catalog());
    } else if (collect != null) {
      throw usage("--collect simulates users, which needs a synthetic dataset's ground truth; " + meta.data().path()
          + " has none");
    }
    Serving.AsOf asOf = Serving.AsOf.TEST_START;
    UserHistories start = UserHistories.of(asOf.log(loaded.split()));
    long dayStart = asOf.time(loaded.split());
    List<UserId> users = users(trained);
    int threads = Runtime.getRuntime().availableProcessors();

    if (collect != null) {
      var chain = trained.funnel().withReranker(trained.reranker(logging));
      err.printf(Locale.ROOT, "collecting: one simulated day of %,d users under %s%n", users.size(), collect);
      List<ExplorationLog.Request> collected = ExplorationLog.collect(ctx -> chain.recommend(ctx)
          .recommendations(), users, trained.profiles(), start::of, dayStart, truth, k, seed, threads);
      try {
        ExplorationLog.write(collected, logFile);
      } catch (IOException e) {
        throw usage("cannot write --log " + logFile + ": " + e.getMessage());
      }
      out.printf(Locale.ROOT, "wrote %s: %,d requests%n", logFile, collected.size());
    }
    List<ExplorationLog.Request> log = ExplorationLog.read(logFile);
    for (ExplorationLog.Request r : log) {
      if (r.shown().size() > k) {
        throw usage("--log " + logFile + ": request " + r.id() + " shows " + r.shown().size() + " videos; give --k "
            + r.shown().size() + " or more");
      }
    }
    List<RequestContext> contexts = ExplorationLog.contexts(log, trained.profiles(), start::of, k);
    OffPolicyEvaluation ope = new OffPolicyEvaluation(log, contexts, rewardModel.equals("ranker")
        ? predictor(trained) : null);
    double[] curve = ope.examinationCurve();
    if (byModel == OffPolicyEvaluation.ClickModel.POSITION_BASED && curve == null) {
      throw usage("--click-model position-based: --log " + logFile + ": " + ope.examinationProblem()
          + " (a log written by --collect has the slot propensities)");
    }
    double minPropensity = 1;
    for (ExplorationLog.Request r : log) {
      for (double p : r.propensity()) {
        minPropensity = Math.min(minPropensity, p);
      }
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "Off-policy evaluation from %s: %,d logged "
        + "requests, smallest propensity %.2g; clipped IPS caps weights at %s; 95%% bootstrap intervals over "
        + "requests (%d resamples).%n", logFile, log.size(), minPropensity, clip, OffPolicyEstimators.BOOTSTRAP));
    md.append("Click model: ").append(byModel.label);
    if (byModel == OffPolicyEvaluation.ClickModel.POSITION_BASED) {
      StringBuilder c = new StringBuilder();
      for (double x : curve) {
        c.append(c.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", x));
      }
      md.append("; the examination curve estimated from the log, slot 1 on: ").append(c);
    }
    md.append(".\n");
    if (truth != null) {
      md.append("Truth: the policy's expected outcome on the same logged requests under the ground truth; "
          + "on-policy: the policy serving the same simulated day itself (mean per request, 95% interval).\n");
    }
    Map<String, Object> json = new LinkedHashMap<>();
    for (String name : policies) {
      err.println("estimating " + name);
      Function<RequestContext, List<VideoId>> policy = policy(name, trained);
      OffPolicyEvaluation.Result r = ope.evaluate(policy, truth, clip, seed, byModel);
      md.append(String.format(Locale.ROOT, "%n## %s%n%nThe policy shows the logged video %s at %.1f%% of the "
          + "logged slots.%n%n", name, byModel == OffPolicyEvaluation.ClickModel.POSITION_BASED ? "(at any slot)"
          : "at the same slot", 100 * r.matched()));
      MarkdownTable table = new MarkdownTable("estimator", "clicks per request", "error vs truth", "covers",
          "minutes per request", "error vs truth", "covers", "largest weight");
      Map<String, Object> rows = new LinkedHashMap<>();
      for (OffPolicyEstimators.Kind kind : OffPolicyEstimators.Kind.values()) {
        OffPolicyEstimators.Estimate c = r.clicks().get(kind);
        OffPolicyEstimators.Estimate m = r.minutes().get(kind);
        table.row(kind.label, interval(c), error(c, r.truthClicks()), covers(c, r.truthClicks()), interval(m),
            error(m, r.truthMinutes()), covers(m, r.truthMinutes()), String.format(Locale.ROOT, "%.1f",
                c.maxWeight()));
        rows.put(kind.label, Map.of("clicks", c, "minutes", m));
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("clickModel", byModel.label);
      entry.put("matched", r.matched());
      entry.put("estimates", rows);
      if (truth != null) {
        table.row("truth on the logged requests", String.format(Locale.ROOT, "%.4f", r.truthClicks()), "", "",
            String.format(Locale.ROOT, "%.3f", r.truthMinutes()), "", "", "");
        List<ExplorationLog.Request> onPolicy = ExplorationLog.collect(ctx -> asRecommendations(policy.apply(ctx)),
            users, trained.profiles(), start::of, dayStart, truth, k, seed, threads);
        double[] clicks = onPolicy.stream().mapToDouble(ExplorationLog.Request::clicks).toArray();
        double[] minutes = onPolicy.stream().mapToDouble(ExplorationLog.Request::minutes).toArray();
        table.row("on-policy simulation", meanInterval(clicks, "%.4f"), "", "", meanInterval(minutes, "%.3f"), "",
            "", "");
        entry.put("truthClicks", r.truthClicks());
        entry.put("truthMinutes", r.truthMinutes());
        entry.put("onPolicyClicks", mean(clicks));
        entry.put("onPolicyMinutes", mean(minutes));
      }
      md.append(table);
      json.put(name, entry);
    }
    return report(md, outFile, json);
  }

  private static boolean endsInExploration(RerankConfig config) {
    List<String> names = new ArrayList<>();
    config.selectors().forEach(s -> names.add(s.getClass().getSimpleName()));
    while (!names.isEmpty() && names.get(names.size() - 1).equals("Truncate")) {
      names.remove(names.size() - 1);
    }
    return !names.isEmpty() && List.of("EpsilonSlots", "Softmax", "Exploration").contains(
        names.get(names.size() - 1));
  }

  private List<UserId> users(FunnelBuilder.Trained trained) {
    int all = trained.profiles().size();
    return Arms.sample(trained.profiles().keySet(), inRange("--users", userCount == null ? all : userCount, 2, all),
        seed);
  }

  private static Function<RequestContext, List<VideoId>> policy(String name, FunnelBuilder.Trained trained) {
    if (name.endsWith(".json")) {
      var funnel = trained.funnel().withReranker(trained.reranker(RerankConfig.load(Path.of(name))));
      return ctx -> funnel.recommend(ctx).recommendations().stream().map(Recommendation::video).toList();
    }
    AbSimulation.Arm arm = Arms.arm(name, trained);
    return arm::recommend;
  }

  private static List<Recommendation> asRecommendations(List<VideoId> videos) {
    List<Recommendation> out = new ArrayList<>(videos.size());
    for (int i = 0; i < videos.size(); i++) {
      out.add(new Recommendation(i + 1, videos.get(i), 1, List.of(), List.of()));
    }
    return out;
  }

  private static String interval(OffPolicyEstimators.Estimate e) {
    return String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", e.mean(), e.low(), e.high());
  }

  private static String error(OffPolicyEstimators.Estimate e, double truth) {
    return Double.isNaN(truth) ? "" : String.format(Locale.ROOT, "%+.1f%%", 100 * (e.mean() - truth) / truth);
  }

  private static String covers(OffPolicyEstimators.Estimate e, double truth) {
    return Double.isNaN(truth) ? "" : e.covers(truth) ? "yes" : "no";
  }

  private static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return x.length == 0 ? 0 : s / x.length;
  }

  private static String meanInterval(double[] x, String format) {
    double m = mean(x);
    double v = 0;
    for (double d : x) {
      v += (d - m) * (d - m);
    }
    double half = x.length < 2 ? 0 : 1.96 * Math.sqrt(v / (x.length - 1) / x.length);
    return String.format(Locale.ROOT, format + " [" + format + ", " + format + "]", m, m - half, m + half);
  }

  /** The funnel's ranker as the reward model's base: P(click) and minutes after a click, position-free. */
  private static OffPolicyEvaluation.Predictor predictor(FunnelBuilder.Trained trained) {
    return (context, videos) -> {
      List<dev.videorec.core.Candidate> candidates = new ArrayList<>(videos.size());
      for (int i = 0; i < videos.size(); i++) {
        candidates.add(dev.videorec.core.Candidate.of(videos.get(i), "ope", i, 0));
      }
      List<dev.videorec.core.ScoredCandidate> scored = trained.ranker().score(context, candidates);
      double[][] out = new double[videos.size()][];
      for (int i = 0; i < videos.size(); i++) {
        dev.videorec.core.ScoredCandidate c = scored.get(i);
        out[i] = new double[] {c.clickProbability(),
            c.expectedWatchFraction() * trained.catalog().get(videos.get(i)).durationSeconds() / 60.0};
      }
      return out;
    };
  }
}

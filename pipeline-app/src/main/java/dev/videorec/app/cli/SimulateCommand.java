package dev.videorec.app.cli;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.simulation.AbSimulation;
import dev.videorec.app.simulation.Arms;
import dev.videorec.app.evaluation.Charts;
import dev.videorec.app.simulation.AbStatistics;
import dev.videorec.app.simulation.PositionBiasCurve;
import dev.videorec.reranking.config.RerankConfig;
import dev.videorec.reranking.config.RuleSpec;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.data.UserHistories;
import dev.videorec.data.synthetic.GroundTruth;
import dev.videorec.data.synthetic.SyntheticWorld;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videorec simulate}: a simulated online A/B test (or interleaving) of two recommenders. */
@Command(name = "simulate", sortOptions = false, description = {"a simulated online A/B test (or interleaving) of "
    + "two recommenders, users following the synthetic world's ground truth", "",
    "Users are randomised 50/50 by a hash of the seed and their id. Each simulated day a user opens a Poisson number "
        + "of sessions (the ground truth's mean for that user), is shown the arm's k videos given their history so "
        + "far, clicks with the ground truth's probability (position bias included) and watches the ground truth's "
        + "expected fraction. Per user: CTR, watch minutes per day and the diversity of the lists shown; each with "
        + "a 95%% confidence interval, Welch's t-test and Cohen's d.", "",
    "Arms: funnel (the whole funnel, deep multi-task ranker with the value model), click-only (the same funnel "
        + "ranking by the click head alone), two-tower (retrieval only), popular (most clicked in training).", ""})
public final class SimulateCommand extends BaseCommand {
  static final List<String> ARMS = Arms.NAMES;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "the model directory written by "
      + "'videorec train' (on a synthetic dataset: the simulated users follow its ground truth)")
  Path model;

  @Option(names = "--arm-a", paramLabel = "NAME", description = "control (default ${DEFAULT-VALUE})")
  String armA = "popular";

  @Option(names = "--arm-b", paramLabel = "NAME", description = "treatment (default ${DEFAULT-VALUE})")
  String armB = "funnel";

  @Option(names = "--days", paramLabel = "D",
      description = "simulated days, from the start of the test window (default ${DEFAULT-VALUE})")
  int days = 7;

  @Option(names = "--k", paramLabel = "K", description = "videos per session (default ${DEFAULT-VALUE})")
  int k = 10;

  @Option(names = "--users", paramLabel = "N",
      description = "simulate only N users, drawn at random (default: every user)")
  Integer userCount;

  @Option(names = "--interleaving",
      description = "team-draft interleaving of both arms for every user, instead of an A/B split")
  boolean interleaving;

  @Option(names = "--feedback", description = "the feedback loop: after each simulated day, each arm is rebuilt "
      + "on its own log so far (the ranker retrained, popularity, trending and histories recounted; the two-tower "
      + "model stays as trained)")
  boolean feedback;

  @Option(names = "--feedback-control", description = "a control for --feedback: each arm is rebuilt as --feedback "
      + "rebuilds it, on the log up to the start of the simulation but without any of its own impressions, so that "
      + "the effect of learning from its own traffic is told apart from that of rebuilding on a later window")
  boolean feedbackControl;

  @Option(names = "--correct", paramLabel = "LIST", split = ",", description = "corrections of arm B (a funnel "
      + "arm), comma-separated: explore (an epsilon-slots exploration policy ends its re-ranking chain, every day; "
      + "the log records its propensities), ips (with --feedback: the ranker is retrained with inverse-propensity "
      + "weights, clipped at --ips-clip and self-normalised), position (with --feedback: the ranker is retrained "
      + "with a position tower and scores every candidate as if at one position), two-tower (with --feedback: the "
      + "two-tower model is retrained on the log too, with the logQ correction, and its index rebuilt), "
      + "warm-start (with --feedback: each day the ranker continues training yesterday's network on the day's "
      + "impressions instead of training a new one on the whole log), explored-only (with --feedback and "
      + "explore: the ranker, its examples and its features, learns from the log the models started from and of "
      + "the arm's own impressions from the explored slots only; the sources still count every impression), "
      + "explored-sources (with --feedback and explore: popularity and trending, the sources that count "
      + "impressions, count of the arm's own impressions the explored ones only), gate "
      + "(with --feedback and explore: each day's retrained ranker waits a day and serves only if it beats the "
      + "serving ranker on that day's log by --gate-judge, in at least --gate-confidence of paired bootstrap "
      + "resamples; the sources are recounted every day). With "
      + "--correct, both arms may name the same recommender")
  List<String> corrections = new ArrayList<>();

  @Option(names = "--epsilon", paramLabel = "E",
      description = "with --correct explore: each slot's probability of showing a video from below the top k "
          + "(default ${DEFAULT-VALUE})")
  double epsilon = 0.1;

  @Option(names = "--ips-clip", paramLabel = "C",
      description = "with --correct ips: the largest inverse-propensity weight (default ${DEFAULT-VALUE})")
  double ipsClip = 10;

  @Option(names = "--gate-confidence", paramLabel = "Q",
      description = "with --correct gate: the share of paired bootstrap resamples in which a retrained ranker must "
          + "beat the serving one, in [0.5, 1) (default ${DEFAULT-VALUE})")
  double gateConfidence = dev.videorec.app.simulation.ChampionGate.DEFAULT_CONFIDENCE;

  @Option(names = "--gate-judge", paramLabel = "JUDGE",
      description = "with --correct gate: how a retrained ranker is judged against the serving one on the day's log: "
          + "off-policy (each ranker's funnel replayed on the day's requests, its watch minutes estimated with SNIPS "
          + "under the position-based click model from the exploring log; the examination curve from the log "
          + "itself) or concordance (each ranker's score against the watch seconds of the explored impressions) "
          + "(default off-policy)")
  String gateJudge;

  @Option(names = "--seed", paramLabel = "S",
      description = "seed of assignment and behaviour (default ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--out", paramLabel = "FILE.md",
      description = "also write the report as Markdown, and as JSON beside it (FILE.json)")
  Path outFile;

  @Option(names = "--data", paramLabel = "DIR",
      description = "where the training dataset is now, if it moved since training")
  Path data;

  @Override
  int execute() {
    String nameA = arm("--arm-a", armA);
    String nameB = arm("--arm-b", armB);
    Corrections fix = corrections();
    if (nameA.equals(nameB) && fix.none()) {
      throw usage("--arm-a and --arm-b are both '" + nameA + "'; an A/A test needs no model");
    }
    if (!fix.none() && !FUNNEL_ARMS.contains(nameB)) {
      throw usage("--correct applies to a funnel arm B (" + FUNNEL_ARMS + "), got '" + nameB + "'");
    }
    if (feedbackControl && !feedback) {
      throw usage("--feedback-control changes what --feedback retrains on: give --feedback too");
    }
    if ((fix.ips() || fix.position() || fix.twoTower() || fix.warmStart() || fix.exploredOnly()
        || fix.exploredSources() || fix.gate()) && !feedback) {
      throw usage("--correct ips, position, two-tower, warm-start, explored-only, explored-sources and gate change "
          + "how the models are rebuilt: they need --feedback");
    }
    if (fix.exploredOnly() && !(fix.explore() && epsilon < 0.5)) {
      throw usage("--correct explored-only learns from the explored slots: it needs explore too, with --epsilon "
          + "below 0.5 (so that an explored slot's propensity, at most epsilon, tells it from a chosen one's)");
    }
    if (fix.exploredSources() && !(fix.explore() && epsilon < 0.5)) {
      throw usage("--correct explored-sources counts the explored slots: it needs explore too, with --epsilon "
          + "below 0.5 (so that an explored slot's propensity, at most epsilon, tells it from a chosen one's)");
    }
    if (fix.gate() && !(fix.explore() && epsilon < 0.5)) {
      throw usage("--correct gate judges rankers on the explored slots: it needs explore too, with --epsilon "
          + "below 0.5 (so that an explored slot's propensity, at most epsilon, tells it from a chosen one's)");
    }
    if (fix.gate() && feedbackControl) {
      throw usage("--correct gate decides between daily retrains; --feedback-control rebuilds once: give one");
    }
    if (gateJudge != null && !gateJudge.equals("concordance") && !gateJudge.equals("off-policy")) {
      throw usage("--gate-judge must be concordance or off-policy, got '" + gateJudge + "'");
    }
    if (gateJudge != null && !fix.gate()) {
      throw usage("--gate-judge chooses how --correct gate judges a retrain: give --correct explore,gate too");
    }
    String judge = gateJudge == null ? "off-policy" : gateJudge;
    if (!(gateConfidence >= 0.5 && gateConfidence < 1)) {
      throw usage("--gate-confidence must be in [0.5, 1), got " + gateConfidence);
    }
    if (interleaving && !fix.none()) {
      throw usage("--correct needs an A/B split, not --interleaving");
    }
    if (!(epsilon > 0 && epsilon < 1)) {
      throw usage("--epsilon must be in (0, 1), got " + epsilon);
    }
    if (!(ipsClip >= 1) || Double.isInfinite(ipsClip)) {
      throw usage("--ips-clip must be a number >= 1, got " + ipsClip);
    }
    inRange("--days", days, 1, 365);
    inRange("--k", k, 1, 100);
    if (interleaving && feedback) {
      throw usage("--feedback needs an A/B split; with --interleaving both arms would learn "
          + "from the same log");
    }
    if (outFile != null && !outFile.toString().endsWith(".md")) {
      throw usage("--out must name a .md file (the JSON goes beside it)");
    }
    writable("--out", outFile);
    ModelDirectory.Metadata meta = ModelDirectory.metadata(model);
    if (!meta.data().kind().equals(ModelDirectory.DataSource.VIDEOREC)) {
      throw usage("the model was trained on " + meta.data().kind() + " data, which has no "
          + "ground truth to simulate users with; train on a synthetic dataset ('videorec generate')");
    }
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, data, false, true,
        Serving.sourcePool(16), line -> err.println("  " + line));
    if (loaded.dataset().manifest().generator() == null) {
      throw usage("the dataset " + meta.data().path() + " has no generator settings in its "
          + "manifest, so its ground truth is unknown");
    }
    FunnelBuilder.Trained trained = loaded.trained();
    GroundTruth truth = SyntheticWorld.create(loaded.dataset().manifest().generator()).groundTruth();
    AbSimulation.Truth simulated = Arms.truth(truth, trained.catalog());

    int all = trained.profiles().size();
    List<UserId> users = Arms.sample(trained.profiles().keySet(), inRange("--users", userCount == null ? all
        : userCount, 2, all), seed);
    Serving.AsOf asOf = Serving.AsOf.TEST_START;
    UserHistories start = UserHistories.of(asOf.log(loaded.split()));
    AbSimulation.Config config = new AbSimulation.Config(days, k, seed, interleaving,
        Runtime.getRuntime().availableProcessors(), trained.catalog().size());
    err.printf(Locale.ROOT, "simulating %,d users for %d days from the start of the test window: %s%s%n",
        users.size(), days, nameA + " vs " + nameB, config.interleaving() ? " (team-draft interleaving)" : "");
    String labelB = fix.none() ? nameB : nameB + ", " + fix.label();
    RerankConfig exploring = fix.explore() ? withEpsilonSlots(loaded.builder().rerank(), epsilon, seed) : null;
    double[] truthCurve = PositionBiasCurve.truth(simulated, users.get(0),
        trained.catalog().videos().iterator().next().id(), asOf.time(loaded.split()));
    List<GateDay> gateDays = java.util.Collections.synchronizedList(new ArrayList<>());
    AbSimulation.Retrainer retrainer = feedback ? retrainer(loaded, asOf, seed, labelB, fix, ipsClip, exploring,
        epsilon, truthCurve, feedbackControl, gateConfidence, judge, k, gateDays, err) : null;
    AbSimulation.Arm b = fix.none() ? arm(nameB, trained) : correctedArm(nameB, labelB, trained, exploring);
    AbSimulation.Result r = AbSimulation.run(config, arm(nameA, trained), b, users,
        trained.profiles(), start::of, asOf.time(loaded.split()), simulated, trained.similarity(), retrainer,
        done -> err.printf(Locale.ROOT, "  day %d of %d simulated%n", done, days));

    String md = markdown(r) + gateMarkdown(gateDays);
    Map<String, Object> json = json(r);
    if (!gateDays.isEmpty()) {
      json.put("gate", List.copyOf(gateDays));
    }
    return report(md, outFile, json, charts(r));
  }

  /**
   * One decision of the deployment gate.
   *
   * @param judgedDay the simulated day (from 1) whose explored impressions judged the retrain made after the day
   *                  before
   * @param decision  what the gate measured and decided
   */
  record GateDay(int judgedDay, String judge, dev.videorec.app.simulation.ChampionGate.Decision decision) {}

  static String gateMarkdown(List<GateDay> days) {
    if (days.isEmpty()) {
      return "";
    }
    boolean offPolicy = days.get(0).judge().equals("off-policy");
    MarkdownTable t = offPolicy
        ? new MarkdownTable("judged on day", "retrained after day", "logged requests",
            "retrain's minutes per request (SNIPS)", "serving ranker's", "retrain higher in", "decision")
        : new MarkdownTable("judged on day", "retrained after day", "explored impressions",
            "retrain's concordance", "serving ranker's", "retrain higher in", "decision");
    for (GateDay d : days) {
      dev.videorec.app.simulation.ChampionGate.Decision g = d.decision();
      t.row(Integer.toString(d.judgedDay()), Integer.toString(d.judgedDay() - 1),
          String.format(Locale.ROOT, "%,d", g.impressions()), String.format(Locale.ROOT, "%.4f", g.challenger()),
          String.format(Locale.ROOT, "%.4f", g.champion()), String.format(Locale.ROOT, "%.0f%%", 100 * g.wins()),
          g.deploy() ? "deployed" : "the serving ranker stays");
    }
    return String.format(Locale.ROOT, offPolicy
        ? "%nDeployment gate of arm B (each ranker's funnel replayed on the day's logged requests, its watch minutes "
            + "per request estimated off-policy with SNIPS under the position-based click model; a retrain serves "
            + "from the day after it is deployed):%n%n"
        : "%nDeployment gate of arm B (concordance of each ranker's score with watch "
        + "seconds on the day's explored impressions; a retrain serves from the day after it is deployed):%n%n")
        + t;
  }

  /** Per simulated day, each arm's mean watch minutes per user with its 95% interval (A/B splits only). */
  static List<Charts.Named> charts(AbSimulation.Result r) {
    if (r.a() == null) {
      return List.of();
    }
    Map<String, Charts.Curve> curves = Charts.ordered();
    for (AbSimulation.ArmOutcome arm : List.of(r.a(), r.b())) {
      double[] day = new double[arm.dailyMinutes().length];
      for (int d = 0; d < day.length; d++) {
        day[d] = d + 1;
      }
      curves.put(arm.name() + (arm == r.a() ? " (A)" : " (B)"), new Charts.Curve(day, arm.dailyMinutes(),
          arm.dailyMargin()));
    }
    String title = "Watch minutes per user per day" + (r.retrains() > 0 ? " (feedback loop)" : "");
    Map<String, Charts.Curve> gini = Charts.ordered();
    for (AbSimulation.ArmOutcome arm : List.of(r.a(), r.b())) {
      double[] day = new double[arm.dailyGini().length];
      for (int d = 0; d < day.length; d++) {
        day[d] = d + 1;
      }
      gini.put(arm.name() + (arm == r.a() ? " (A)" : " (B)"), new Charts.Curve(day, arm.dailyGini(), null));
    }
    return List.of(new Charts.Named("daily-minutes", title + ", with 95% intervals",
        Charts.lines(title, "simulated day", "minutes per user", curves, false)),
        new Charts.Named("daily-gini", "Exposure Gini over the catalogue per day",
            Charts.lines("Exposure Gini per day", "simulated day", "Gini of impressions", gini, false)));
  }

  /** Arms that run the funnel, which --correct can change. */
  static final List<String> FUNNEL_ARMS = List.of("funnel", "click-only");

  /** The corrections of arm B. */
  record Corrections(boolean explore, boolean ips, boolean position, boolean twoTower, boolean warmStart,
                     boolean exploredOnly, boolean exploredSources, boolean gate) {
    boolean none() {
      return !explore && !ips && !position && !twoTower && !warmStart && !exploredOnly && !exploredSources && !gate;
    }

    String label() {
      List<String> parts = new ArrayList<>();
      if (explore) {
        parts.add("explore");
      }
      if (ips) {
        parts.add("ips");
      }
      if (position) {
        parts.add("position");
      }
      if (twoTower) {
        parts.add("two-tower");
      }
      if (warmStart) {
        parts.add("warm-start");
      }
      if (exploredOnly) {
        parts.add("explored-only");
      }
      if (exploredSources) {
        parts.add("explored-sources");
      }
      if (gate) {
        parts.add("gate");
      }
      return String.join("+", parts);
    }
  }

  private Corrections corrections() {
    List<String> known = List.of("explore", "ips", "position", "two-tower", "warm-start", "explored-only",
        "explored-sources", "gate");
    for (String c : corrections) {
      if (!known.contains(c)) {
        throw usage("--correct: unknown correction '" + c + "'; corrections: " + String.join(", ", known));
      }
    }
    return new Corrections(corrections.contains("explore"), corrections.contains("ips"),
        corrections.contains("position"), corrections.contains("two-tower"), corrections.contains("warm-start"),
        corrections.contains("explored-only"), corrections.contains("explored-sources"), corrections.contains("gate"));
  }

  /**
   * The chain with an epsilon-slots exploration policy after its last selector (before a closing truncate), so
   * that it explores the list the chain would otherwise show.
   */
  static RerankConfig withEpsilonSlots(RerankConfig chain, double epsilon, long seed) {
    List<RuleSpec.SelectorSpec> selectors = new ArrayList<>(chain.selectors());
    int at = selectors.size();
    if (at > 0 && selectors.get(at - 1) instanceof RuleSpec.Truncate) {
      at--;
    }
    selectors.add(at, new RuleSpec.EpsilonSlots(epsilon, seed));
    return new RerankConfig(chain.filters(), chain.rescorers(), selectors);
  }

  /** Arm B under its corrections: the named funnel arm, exploring if {@code exploring} is not null. */
  private static AbSimulation.Arm correctedArm(String name, String label, FunnelBuilder.Trained t,
                                               RerankConfig exploring) {
    dev.videorec.app.funnel.Funnel funnel = name.equals("click-only")
        ? t.funnel().withRanker(t.ranker().withValueModel(dev.videorec.ranking.ValueModel.CLICK_ONLY)) : t.funnel();
    if (exploring != null) {
      funnel = funnel.withReranker(t.reranker(exploring));
    }
    return Arms.funnelArm(label, funnel);
  }

  /**
   * The feedback loop's rebuild: the arm's log so far is appended to the log the models started from; funnel arms
   * get a ranker retrained on it, and every arm's sources (popularity, trending) are recounted. The arm labelled
   * {@code corrected} is retrained and served under {@code fix}.
   */
  private static AbSimulation.Retrainer retrainer(ModelDirectory.Loaded loaded, Serving.AsOf asOf, long seed,
                                                  String corrected, Corrections fix, double ipsClip,
                                                  RerankConfig exploring, double epsilon, double[] truthCurve,
                                                  boolean control, double gateConfidence, String gateJudge,
                                                  int k, List<GateDay> gateDays, java.io.PrintWriter err) {
    FunnelBuilder.Trained t = loaded.trained();
    List<dev.videorec.core.Interaction> before = asOf.log(loaded.split());
    java.util.concurrent.ExecutorService pool = Serving.sourcePool(16);
    long start = asOf.time(loaded.split());
    // The models' own seed, not the simulation's: a rebuild on the training log alone reproduces the trained funnel,
    // so what changes is only what the arm learns from.
    long modelSeed = loaded.metadata().seed();
    Map<String, AbSimulation.Arm> controls = new java.util.HashMap<>();
    // With warm-start: each arm's ranker of the day before, and the time its training data reach.
    Map<String, dev.videorec.ranking.model.NeuralRanker> yesterday = new java.util.HashMap<>();
    Map<String, Long> trainedTo = new java.util.HashMap<>();
    // With gate: each arm's serving ranker, the ranker retrained the day before (shadow-scored today), and when
    // today began.
    Map<String, dev.videorec.ranking.model.NeuralRanker> champions = new java.util.HashMap<>();
    Map<String, dev.videorec.ranking.model.NeuralRanker> challengers = new java.util.HashMap<>();
    Map<String, Long> dayStarts = new java.util.HashMap<>();
    // With the off-policy judge: the funnel each arm served today with, to replay both rankers in.
    Map<String, dev.videorec.app.funnel.Funnel> servingFunnels = new java.util.HashMap<>();
    dev.videorec.app.simulation.ChampionGate gate = new dev.videorec.app.simulation.ChampionGate(
        new dev.videorec.app.simulation.ChampionGate.Config(gateConfidence,
            dev.videorec.app.simulation.ChampionGate.DEFAULT_RESAMPLES, seed));
    return (current, loggedSoFar, end) -> {
      if (control && controls.containsKey(current.name())) {
        // The control's rebuild does not depend on the day: once is enough.
        return controls.get(current.name());
      }
      List<dev.videorec.core.Interaction> logged = control ? List.of() : loggedSoFar;
      long now = control ? start : end;
      List<dev.videorec.core.Interaction> log = new ArrayList<>(before.size() + logged.size());
      log.addAll(before);
      log.addAll(logged);
      boolean b = current.name().equals(corrected) && !fix.none();
      String base = b ? current.name().substring(0, current.name().indexOf(',')) : current.name();
      boolean funnel = FUNNEL_ARMS.contains(base);
      long t0 = System.nanoTime();
      dev.videorec.ranking.model.MultiTaskConfig rankerConfig = dev.videorec.ranking.model.MultiTaskConfig
          .defaults(modelSeed).withPositionTower(b && fix.position());
      dev.videorec.ranking.model.MultiTaskTrainer trainer = new dev.videorec.ranking.model.MultiTaskTrainer(
          rankerConfig, b && fix.ips()
              ? new dev.videorec.ranking.model.MultiTaskTrainer.InversePropensity(ipsClip, true) : null);
      // With explored-only, the ranker (its examples and its feature store) sees of the arm's own impressions only
      // the explored ones: an explored slot's propensity is at most epsilon (epsilon over the videos below the top
      // k), a chosen slot's 1 - epsilon or 1. The sources still count everything.
      List<dev.videorec.core.Interaction> explored = b && (fix.exploredOnly() || fix.exploredSources())
          ? log.stream().filter(i -> i.timestamp() < start || i.propensity() <= epsilon).toList() : log;
      List<dev.videorec.core.Interaction> rankerLog = b && fix.exploredOnly() ? explored : log;
      // With explored-sources, popularity and trending (and the re-ranking's popularity) count the same: what the
      // funnel chose to show earns it no further exposure through the sources. Users' histories live in the
      // simulation, not in this log.
      List<dev.videorec.core.Interaction> sourceLog = b && fix.exploredSources() ? explored : log;
      boolean warm = funnel && b && fix.warmStart();
      dev.videorec.ranking.model.NeuralRanker ranker = !funnel ? t.ranker()
          : warm ? trainer.continueTraining(yesterday.getOrDefault(current.name(), t.ranker()), rankerLog,
              trainedTo.getOrDefault(current.name(), loaded.split().trainEnd()), t.catalog(),
              loaded.dataset().users(), line -> { })
          : trainer.train(rankerLog, t.catalog(), loaded.dataset().users(), line -> { });
      if (warm) {
        yesterday.put(current.name(), ranker);
        trainedTo.put(current.name(), now);
      }
      dev.videorec.ranking.model.NeuralRanker served = ranker;
      if (funnel && b && fix.gate()) {
        Judge judge = gateJudge.equals("off-policy")
            ? offPolicyJudge(servingFunnels.getOrDefault(current.name(), t.funnel()), before, loggedSoFar, end,
                t.profiles(), k, epsilon, gateConfidence, seed)
            : null;
        served = gated(current.name(), ranker, t.ranker(), champions, challengers, dayStarts, start, end,
            loggedSoFar, epsilon, gate, judge, gateDays, err);
      }
      boolean retower = funnel && b && fix.twoTower();
      dev.videorec.candidates.twotower.TwoTowerModel tower = retower
          ? new dev.videorec.candidates.twotower.TwoTowerTrainer(dev.videorec.candidates.twotower.TwoTowerConfig
              .defaults(modelSeed)).train(log, t.catalog(), loaded.dataset().users(), line -> { })
          : t.twoTower();
      FunnelBuilder.Trained rebuilt = loaded.builder().assemble(new FunnelBuilder.Models(null, tower,
          retower ? null : t.videoIndex(), served, 0, 0, 0), retower ? null : t.videoVectors(), sourceLog, now,
          t.catalog(), loaded.dataset().users(), loaded.dataset().subscriptions(), pool, line -> { });
      if (funnel && b && fix.gate()) {
        servingFunnels.put(current.name(), rebuilt.funnel());
      }
      err.printf(Locale.ROOT, "  feedback: %s rebuilt on %,d logged impressions%s (%.1f s)%n", current.name(),
          logged.size(), !funnel ? "" : warm ? ", ranker continued from the day before's"
              + (retower ? ", two-tower retrained" : "") : ", ranker" + (retower ? " and two-tower" : "") + " retrained",
          (System.nanoTime() - t0) / 1e9);
      if (funnel && b && fix.exploredOnly()) {
        err.printf(Locale.ROOT, "  feedback: its ranker learned from %,d of them, those it explored%n",
            rankerLog.size() - before.size());
      }
      if (b && fix.exploredSources()) {
        err.printf(Locale.ROOT, "  feedback: its popularity and trending counted %,d of them, those it explored%n",
            sourceLog.size() - before.size());
      }
      if (b && fix.explore() && epsilon < 0.5) {
        err.println("  feedback: " + PositionBiasCurve.describe(PositionBiasCurve.fromExploration(loggedSoFar, epsilon),
            truthCurve));
      }
      AbSimulation.Arm next = b ? correctedArm(base, current.name(), rebuilt, exploring)
          : arm(current.name(), rebuilt);
      if (control) {
        controls.put(current.name(), next);
      }
      return next;
    };
  }

  /**
   * The gate's day: yesterday's challenger, trained before today began, is judged against the champion on today's
   * explored impressions and replaces it if the gate says so; today's retrain becomes tomorrow's challenger.
   * Returns the ranker to serve tomorrow.
   */
  private static dev.videorec.ranking.model.NeuralRanker gated(
      String arm, dev.videorec.ranking.model.NeuralRanker retrained, dev.videorec.ranking.model.NeuralRanker first,
      Map<String, dev.videorec.ranking.model.NeuralRanker> champions,
      Map<String, dev.videorec.ranking.model.NeuralRanker> challengers, Map<String, Long> dayStarts, long start,
      long end, List<dev.videorec.core.Interaction> logged, double epsilon,
      dev.videorec.app.simulation.ChampionGate gate, Judge judge, List<GateDay> gateDays, java.io.PrintWriter err) {
    dev.videorec.ranking.model.NeuralRanker champion = champions.getOrDefault(arm, first);
    dev.videorec.ranking.model.NeuralRanker challenger = challengers.get(arm);
    long today = dayStarts.getOrDefault(arm, start);
    if (challenger != null) {
      dev.videorec.app.simulation.ChampionGate.Decision d;
      String how;
      if (judge != null) {
        d = judge.decide(champion, challenger, today);
        how = String.format(Locale.ROOT, "%.2f minutes per request against the serving ranker's %.2f (SNIPS, "
            + "position-based, on %,d logged requests)", d.challenger(), d.champion(), d.impressions());
      } else {
        List<dev.videorec.core.Interaction> explored = logged.stream()
            .filter(i -> i.timestamp() >= today && i.timestamp() < end && i.propensity() <= epsilon).toList();
        double[] watched = explored.stream().mapToDouble(dev.videorec.core.Interaction::watchSeconds).toArray();
        d = gate.decide(servingScores(champion, explored), servingScores(challenger, explored), watched);
        how = String.format(Locale.ROOT, "%.4f against the serving ranker's %.4f (concordance with watch time on "
            + "%,d explored impressions)", d.challenger(), d.champion(), d.impressions());
      }
      err.printf(Locale.ROOT, "  feedback: gate: yesterday's retrain %s, higher in %.0f%% of resamples: %s%n", how,
          100 * d.wins(), d.deploy() ? "deployed" : "the serving ranker stays");
      // The first retrain is made after day 1 and judged on day 2.
      gateDays.add(new GateDay(gateDays.size() + 2, judge != null ? "off-policy" : "concordance", d));
      if (d.deploy()) {
        champion = challenger;
        champions.put(arm, champion);
      }
    }
    challengers.put(arm, retrained);
    dayStarts.put(arm, end);
    return champion;
  }

  /** The off-policy judge of one day: decides between two rankers on the day's log. */
  @FunctionalInterface
  interface Judge {
    dev.videorec.app.simulation.ChampionGate.Decision decide(dev.videorec.ranking.model.NeuralRanker champion,
                                                             dev.videorec.ranking.model.NeuralRanker challenger,
                                                             long today);
  }

  /**
   * The off-policy judge: the day's requests of the arm (from {@code today} to {@code end}) become an exploration
   * log (an epsilon-slots list's probabilities at every slot follow from each propensity: an explored video's is
   * the same at every slot, a chosen one's only at its own), each ranker's funnel (the one that served the day, its
   * ranker swapped) is replayed on the same requests, and their watch minutes per request are compared by SNIPS
   * under the position-based click model with a paired bootstrap. The challenger is deployed if it is higher in at
   * least {@code confidence} of the resamples.
   */
  private static Judge offPolicyJudge(dev.videorec.app.funnel.Funnel funnel,
                                      List<dev.videorec.core.Interaction> before,
                                      List<dev.videorec.core.Interaction> logged, long end,
                                      Map<dev.videorec.core.UserId, dev.videorec.core.User> profiles, int k,
                                      double epsilon, double confidence, long seed) {
    return (champion, challenger, today) -> {
      List<dev.videorec.core.Interaction> day = new ArrayList<>();
      List<dev.videorec.core.Interaction> history = new ArrayList<>(before);
      for (dev.videorec.core.Interaction i : logged) {
        if (i.timestamp() < today) {
          history.add(i);
        } else if (i.timestamp() < end) {
          day.add(i);
        }
      }
      List<dev.videorec.app.simulation.ExplorationLog.Request> requests = requests(day, epsilon);
      dev.videorec.data.UserHistories histories = dev.videorec.data.UserHistories.of(history);
      List<dev.videorec.core.RequestContext> contexts = dev.videorec.app.simulation.ExplorationLog.contexts(
          requests, profiles, histories::of, k);
      dev.videorec.app.simulation.OffPolicyEvaluation ope = new dev.videorec.app.simulation.OffPolicyEvaluation(
          requests, contexts, null);
      dev.videorec.app.funnel.Funnel a = funnel.withRanker(champion);
      dev.videorec.app.funnel.Funnel b = funnel.withRanker(challenger);
      dev.videorec.app.simulation.OffPolicyEvaluation.Comparison c = ope.compareMinutes(
          ctx -> videos(a, ctx), ctx -> videos(b, ctx), dev.videorec.app.simulation.OffPolicyEstimators.Kind.SNIPS,
          dev.videorec.app.simulation.OffPolicyEvaluation.ClickModel.POSITION_BASED, Double.MAX_VALUE,
          dev.videorec.app.simulation.ChampionGate.DEFAULT_RESAMPLES, seed ^ today);
      return new dev.videorec.app.simulation.ChampionGate.Decision(requests.size(), c.a(), c.b(), c.wins(),
          c.b() > c.a() && c.wins() >= confidence);
    };
  }

  private static List<VideoId> videos(dev.videorec.app.funnel.Funnel funnel, dev.videorec.core.RequestContext ctx) {
    return funnel.recommend(ctx).recommendations().stream().map(dev.videorec.core.Recommendation::video).toList();
  }

  /** The day's impressions as served lists, in time order, with each video's probability at every slot. */
  static List<dev.videorec.app.simulation.ExplorationLog.Request> requests(List<dev.videorec.core.Interaction> day,
                                                                           double epsilon) {
    Map<String, List<dev.videorec.core.Interaction>> byRequest = new java.util.LinkedHashMap<>();
    List<dev.videorec.core.Interaction> sorted = new ArrayList<>(day);
    sorted.sort(java.util.Comparator.comparingLong(dev.videorec.core.Interaction::timestamp)
        .thenComparingInt(i -> i.user().value()).thenComparingInt(dev.videorec.core.Interaction::position));
    for (dev.videorec.core.Interaction i : sorted) {
      byRequest.computeIfAbsent(i.user().value() + "@" + i.timestamp(), x -> new ArrayList<>()).add(i);
    }
    List<dev.videorec.app.simulation.ExplorationLog.Request> out = new ArrayList<>(byRequest.size());
    for (List<dev.videorec.core.Interaction> slots : byRequest.values()) {
      int n = slots.size();
      List<VideoId> shown = new ArrayList<>(n);
      double[] propensity = new double[n];
      boolean[] clicked = new boolean[n];
      double[] seconds = new double[n];
      double[][] everySlot = new double[n][n];
      for (int s = 0; s < n; s++) {
        dev.videorec.core.Interaction i = slots.get(s);
        if (i.position() != s) {
          throw new IllegalStateException("a served list's impressions are not slots 0.." + (n - 1));
        }
        shown.add(i.video());
        propensity[s] = i.propensity();
        clicked[s] = i.clicked();
        seconds[s] = i.watchSeconds();
        if (i.propensity() <= epsilon) {
          java.util.Arrays.fill(everySlot[s], i.propensity());
        } else {
          everySlot[s][s] = i.propensity();
        }
      }
      out.add(new dev.videorec.app.simulation.ExplorationLog.Request(out.size(), slots.get(0).user(),
          slots.get(0).timestamp(), shown, propensity, clicked, seconds, everySlot));
    }
    return out;
  }

  /** The ranker's serving score (its value model over both heads) of each logged impression. */
  private static double[] servingScores(dev.videorec.ranking.model.NeuralRanker ranker,
                                        List<dev.videorec.core.Interaction> impressions) {
    double[] click = ranker.predictClicks(impressions);
    double[] watch = ranker.predictWatchFractions(impressions);
    double[] out = new double[click.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = ranker.valueModel().score(click[i], watch[i]);
    }
    return out;
  }

  private String arm(String option, String v) {
    if (!ARMS.contains(v)) {
      throw usage(option + " must be one of " + ARMS + ", got '" + v + "'");
    }
    return v;
  }

  /** The named recommender over the trained funnel. */
  static AbSimulation.Arm arm(String name, FunnelBuilder.Trained t) {
    return Arms.arm(name, t);
  }

  static String markdown(AbSimulation.Result r) {
    StringBuilder sb = new StringBuilder();
    AbSimulation.Config c = r.config();
    if (r.preference() != null) {
      AbStatistics.Preference p = r.preference();
      sb.append(String.format(Locale.ROOT, "Team-draft interleaving of %s (A) and %s (B), %d days, k %d, seed %d "
          + "(%.0f s)%n%n", r.nameA(), r.nameB(), c.days(), c.k(), c.seed(), r.seconds()));
      sb.append(new MarkdownTable("users preferring A", "users preferring B", "ties", "Δ (B − A) / users",
          "sign test p").row(String.format(Locale.ROOT, "%,d", p.winsA()), String.format(Locale.ROOT, "%,d",
          p.winsB()), String.format(Locale.ROOT, "%,d", p.ties()), String.format(Locale.ROOT, "%+.3f", p.delta()),
          pValue(p.pValue())));
      return sb.toString();
    }
    sb.append(String.format(Locale.ROOT, "A/B test: %s (A, %,d users) vs %s (B, %,d users), %d days, k %d, seed %d "
        + "(%.0f s)%n", r.nameA(), r.a().users(), r.nameB(), r.b().users(), c.days(), c.k(), c.seed(),
        r.seconds()));
    sb.append(String.format(Locale.ROOT, "sessions %,d vs %,d; impressions %,d vs %,d; clicks %,d vs %,d%n%n",
        r.a().sessions(), r.b().sessions(), r.a().impressions(), r.b().impressions(), r.a().clicks(),
        r.b().clicks()));
    if (r.retrains() > 0) {
      sb.append(String.format(Locale.ROOT, "Feedback loop: %d rebuilds between days.%n%n", r.retrains()));
    }
    MarkdownTable metrics = new MarkdownTable("metric (per user)", "A: " + r.nameA(), "B: " + r.nameB(),
        "B − A (95% CI)", "lift", "p (Welch)", "Cohen's d");
    for (Map.Entry<String, AbStatistics.Comparison> e : comparisons(r).entrySet()) {
      AbStatistics.Comparison m = e.getValue();
      metrics.row(e.getKey(), String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", m.meanA(), m.lowA(), m.highA()),
          String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", m.meanB(), m.lowB(), m.highB()),
          String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", m.diff(), m.diffLow(), m.diffHigh()),
          String.format(Locale.ROOT, "%+.1f%%", 100 * m.lift()), pValue(m.pValue()),
          String.format(Locale.ROOT, "%+.3f", m.cohensD()));
    }
    sb.append(metrics);
    List<String> days = new ArrayList<>(List.of("arm"));
    for (int d = 1; d <= c.days(); d++) {
      days.add("day " + d);
    }
    MarkdownTable daily = new MarkdownTable(days);
    for (AbSimulation.ArmOutcome a : List.of(r.a(), r.b())) {
      List<String> cells = new ArrayList<>(List.of(a.name()));
      for (double v : a.dailyMinutes()) {
        cells.add(MarkdownTable.number(v, 2));
      }
      daily.row(cells);
    }
    sb.append("\nWatch minutes per user, by day:\n\n").append(daily);
    MarkdownTable exposure = new MarkdownTable(days);
    for (AbSimulation.ArmOutcome a : List.of(r.a(), r.b())) {
      addRow(exposure, a.name() + ": CTR", a.dailyCtr(), 3);
      addRow(exposure, a.name() + ": catalogue shown", a.dailyCoverage(), 3);
      addRow(exposure, a.name() + ": exposure Gini", a.dailyGini(), 3);
    }
    sb.append("\nCTR, share of the catalogue shown and the Gini coefficient of impressions over the catalogue, by day:"
        + "\n\n").append(exposure);
    if (c.days() >= 3) {
      sb.append(String.format(Locale.ROOT, "%nExposure Gini trend (least-squares slope per day): A %+.4f, B %+.4f; "
          + "B − A %+.4f a day (above 0: B's exposure concentrates on fewer videos faster than A's)%n", trend(r.a().dailyGini()), trend(r.b().dailyGini()),
          trend(r.b().dailyGini()) - trend(r.a().dailyGini())));
    }
    return sb.toString();
  }

  /** The least-squares slope of {@code values} against their day (1, 2, ...); 0 for fewer than two days. */
  static double trend(double[] values) {
    int n = values.length;
    if (n < 2) {
      return 0;
    }
    double meanDay = (n + 1) / 2.0;
    double mean = java.util.Arrays.stream(values).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int d = 0; d < n; d++) {
      double x = d + 1 - meanDay;
      num += x * (values[d] - mean);
      den += x * x;
    }
    return num / den;
  }

  private static void addRow(MarkdownTable table, String label, double[] values, int digits) {
    List<String> cells = new ArrayList<>(List.of(label));
    for (double v : values) {
      cells.add(MarkdownTable.number(v, digits));
    }
    table.row(cells);
  }

  private static String pValue(double p) {
    if (p < 1e-300) {
      return "< 1e-300";
    }
    return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
  }

  static Map<String, AbStatistics.Comparison> comparisons(AbSimulation.Result r) {
    Map<String, AbStatistics.Comparison> m = new LinkedHashMap<>();
    m.put("watch minutes per day", AbStatistics.compare(r.a().watchMinutes(), r.b().watchMinutes()));
    m.put("CTR", AbStatistics.compare(r.a().ctr(), r.b().ctr()));
    m.put("diversity of lists", AbStatistics.compare(r.a().diversity(), r.b().diversity()));
    return m;
  }

  static Map<String, Object> json(AbSimulation.Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", r.config());
    m.put("armA", r.nameA());
    m.put("armB", r.nameB());
    m.put("seconds", r.seconds());
    m.put("retrains", r.retrains());
    if (r.preference() != null) {
      m.put("interleaving", r.preference());
    } else {
      for (AbSimulation.ArmOutcome a : List.of(r.a(), r.b())) {
        Map<String, Object> arm = new LinkedHashMap<>();
        arm.put("users", a.users());
        arm.put("sessions", a.sessions());
        arm.put("impressions", a.impressions());
        arm.put("clicks", a.clicks());
        arm.put("dailyMinutes", a.dailyMinutes());
        arm.put("dailyMargin95", a.dailyMargin());
        arm.put("dailyCtr", a.dailyCtr());
        arm.put("dailyCoverage", a.dailyCoverage());
        arm.put("dailyGini", a.dailyGini());
        arm.put("giniTrendPerDay", trend(a.dailyGini()));
        m.put(a == r.a() ? "outcomeA" : "outcomeB", arm);
      }
      m.put("metrics", comparisons(r));
    }
    return m;
  }
}

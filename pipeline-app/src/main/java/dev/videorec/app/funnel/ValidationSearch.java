package dev.videorec.app.funnel;

import dev.videorec.candidates.cf.EaseConfig;
import dev.videorec.candidates.cf.EaseTrainer;
import dev.videorec.candidates.cf.ItemItemModel;
import dev.videorec.candidates.cf.ItemKnnConfig;
import dev.videorec.candidates.cf.ItemKnnTrainer;
import dev.videorec.candidates.cf.Positives;
import dev.videorec.candidates.source.CandidateMixerConfig;
import dev.videorec.core.Candidate;
import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.Subscription;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.io.Progress;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.core.trace.Trace;
import dev.videorec.ranking.BoostedTreeRanker;
import dev.videorec.ranking.SourceOrderRanker;
import dev.videorec.ranking.features.CandidateFeatures;
import dev.videorec.ranking.trees.BoostedTrees;
import dev.videorec.ranking.trees.BoostedTreesTrainer;
import dev.videorec.ranking.trees.BoostingConfig;
import dev.videorec.reranking.RuleChainReranker;
import dev.videorec.reranking.config.RerankConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Chooses the funnel for an interaction log on validation data carved from its training part, never on a test
 * split: the only place where hyper-parameters are picked.
 *
 * <p>The search, in order:
 * <ol>
 *   <li><b>Carve</b> ({@link Protocol}): {@code user-last} holds out each user's latest {@code holdout} share of
 *       interactions (by time; at least one for a user with two or more), {@code global} everything after the
 *       point {@code 1 - holdout} of the log's time span; the rest is the fit part. Validation requests are made
 *       at the end of the log ({@code user-last}) or at the cut ({@code global}), with the fit part as history.
 *       The validation users are those with a history and a click in their validation part on a video they had
 *       not interacted with. A seeded hash of the id deals them into {@value #FOLDS} folds for cross-fitting the
 *       stacked ranker (fewer, down to {@value #MIN_FOLDS}, when there are fewer than 50 validation users).</li>
 *   <li><b>Retrieval models</b>, each fitted on the fit part and scored alone by NDCG@10 over every validation
 *       user (each list leaves out everything the user interacted with in the fit part): EASE's λ over
 *       {@link #EASE_LAMBDAS}, item-kNN's k over {@link #KNN_NEIGHBOURS}. λ's grid grows past whichever end holds
 *       its best value ({@link #grownGrid}), a half-decade at a time, while the score improves: a best value at an
 *       edge says only that the optimum is there or beyond, and λ's optimum moves with the log's size (1000, the
 *       top of the grid, at a million ratings). k's grid stays as it is: item-kNN's NDCG@10 is nearly flat in k,
 *       and growing it by NDCG@10 alone picked extremes that hurt the funnel's recall.</li>
 *   <li><b>Sources and quotas</b>: every source that proposes at least {@value #MIN_SHARE_OF_HITS} of the
 *       validation hits of the union stays in the mixer with its quota in {@link #QUOTAS}.</li>
 *   <li><b>Ranker</b>, cross-fitted: gradient-boosted trees on the candidates the mixer returns (label: clicked
 *       in validation), boosted from EASE's rank ({@link #OFFSET_FEATURE}), with the logistic loss and with
 *       LambdaRank. Fold f's trees fit on every fold but f and f + 1, stop early on fold f + 1 and score fold f, so
 *       every validation user is scored by trees that neither fitted nor stopped on them; the logistic trees'
 *       depth and leaf size are picked by fold 0's stopping loss. EASE's own order ({@link SourceOrderRanker}) is
 *       the third candidate ranker. The trees served are the trees validated: the mean of the fold models
 *       ({@link BoostedTrees#average}), not a refit on all users, which would be another model, on whose scores
 *       the chain was not chosen.</li>
 *   <li><b>Ranker and re-ranking chain</b>, together: every pair of a candidate ranker and a chain of
 *       {@link #chains} runs on every validation user, each with its out-of-fold scores. The pair with the highest
 *       NDCG@10 wins among those whose catalogue coverage@10 is at least that of implicit ALS alone on the same
 *       users (a floor on how much of the catalogue the funnel shows: a ranker trained on clicks narrows towards
 *       the head); when none reaches the floor, the highest NDCG@10 wins.</li>
 *   <li><b>Served coverage</b>, after the final models are trained on the whole training log
 *       ({@link #servedCoverageChain}): coverage needs no labels, so the lists every known user would be served
 *       are checked against ALS's; if the chosen chain falls short there, the next chain of the chosen ranker by
 *       validation NDCG@10 that reaches it is served instead.</li>
 * </ol>
 * Everything chosen, and every figure it was chosen on, goes into the model directory's {@code model.json}.
 */
public final class ValidationSearch {
  /** EASE's λ grid to start from; it grows by half-decades (1, 3, 10, 30, ...) within [1, 10⁶]. */
  public static final double[] EASE_LAMBDAS = {100, 300, 1000};
  static final double MIN_EASE_LAMBDA = 1;
  static final double MAX_EASE_LAMBDA = 1e6;
  /** Item-kNN's k grid, which does not grow (see the class comment). */
  static final int[] KNN_NEIGHBOURS = {25, 100, 400};
  /** The most settings a grid adds past either end. */
  static final int MAX_GRID_STEPS = 3;
  public static final double DEFAULT_HOLDOUT = 0.2;
  /** The popularity-head demotions the chain search tries. */
  static final double[] HEAD_FACTORS = {0.9, 0.8, 0.7, 0.6, 0.5};
  /** The popularity-penalty exponents the chain search tries. */
  static final double[] PENALTY_EXPONENTS = {0.05, 0.1, 0.15, 0.2, 0.3};
  static final double MIN_SHARE_OF_HITS = 0.01;
  /**
   * The trees boost from EASE's rank: every margin starts on a line in it (fitted on the folds the trees fit on),
   * so the trees learn corrections to the strongest single source's order rather than an order of their own from a
   * few thousand labels, and with no tree the ranker is EASE's order.
   */
  static final String OFFSET_FEATURE = FunnelBuilder.EASE_SOURCE + ".log-rank";
  /** The shapes of the logistic trees the search tries. */
  static final int[] TREE_DEPTHS = {3, 5, 7};
  static final int[] TREE_MIN_LEAF_ROWS = {20, 100};
  static final int K = 10;
  /** The validation users' folds for cross-fitting the stacked ranker, when there are users enough. */
  static final int FOLDS = 5;
  /** The fewest folds: one fits, one stops, one is scored. */
  static final int MIN_FOLDS = 3;
  /** The fewest validation users a fold may hold. */
  static final int MIN_FOLD_USERS = 5;
  static final String LAMBDA_RANK = "boosted trees (lambdarank)";
  static final String LOGISTIC = "boosted trees (logistic)";
  static final int RECALL_K = 100;
  /** Each candidate source's quota in the mixer, before the search drops the ones that add nothing. */
  static final Map<String, Integer> QUOTAS = quotas();

  private static Map<String, Integer> quotas() {
    Map<String, Integer> q = new LinkedHashMap<>();
    q.put(FunnelBuilder.EASE_SOURCE, 250);
    q.put(FunnelBuilder.EASE_RECENT_SOURCE, 100);
    q.put(FunnelBuilder.ITEM_KNN_SOURCE, 150);
    q.put(FunnelBuilder.RECENT_SOURCE, 100);
    q.put(FunnelBuilder.MF_SOURCE, 150);
    q.put(FunnelBuilder.TWO_TOWER_SOURCE, 100);
    q.put(FunnelBuilder.POPULAR_SOURCE, 100);
    return q;
  }

  /**
   * What the search chose, and the figures it chose on.
   *
   * @param ease   EASE's configuration
   * @param knn    item-kNN's configuration
   * @param mixer  the candidate mixer
   * @param rerank the re-ranking chain's JSON
   * @param cf     the collaborative models and, if it won, the stacked ranker
   * @param report every figure of the search, for {@code model.json}
   */
  public record Result(EaseConfig ease, ItemKnnConfig knn, String mixer, String rerank, FunnelBuilder.Collaborative cf,
                Map<String, Object> report, List<String> chainOrder) {}

  private ValidationSearch() {}

  /** The re-ranking chains the search chooses among, by name. */
  public static Map<String, String> chains() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("no re-ranking", "{\"filters\": [{\"type\": \"already-watched\"}, {\"type\": \"unavailable\"}], "
        + "\"selectors\": [{\"type\": \"truncate\"}]}");
    for (double f : HEAD_FACTORS) {
      c.put(String.format(Locale.ROOT, "popular head x%.1f", f), "{\"filters\": [{\"type\": \"already-watched\"}, "
          + "{\"type\": \"unavailable\"}], \"rescorers\": [{\"type\": \"popular-head\", \"source\": \""
          + FunnelBuilder.POPULAR_SOURCE + "\", \"headSize\": 100, \"factor\": " + f + "}], "
          + "\"selectors\": [{\"type\": \"truncate\"}]}");
    }
    for (double beta : PENALTY_EXPONENTS) {
      c.put(String.format(Locale.ROOT, "popularity penalty β=%.2f", beta), "{\"filters\": [{\"type\": "
          + "\"already-watched\"}, {\"type\": \"unavailable\"}], \"rescorers\": [{\"type\": "
          + "\"popularity-penalty\", \"exponent\": " + beta + "}], \"selectors\": [{\"type\": \"truncate\"}]}");
    }
    c.put("DPP (θ=0.9)", "{\"filters\": [{\"type\": \"already-watched\"}, {\"type\": \"unavailable\"}], "
        + "\"selectors\": [{\"type\": \"window\", \"size\": 100}, {\"type\": \"dpp\", \"theta\": 0.9}, "
        + "{\"type\": \"truncate\"}]}");
    c.put("the default chain", FunnelBuilder.defaultRerankJson());
    return c;
  }

  /** How the validation part is carved: as {@code split --protocol} carves the test part. */
  public enum Protocol {
    USER_LAST("user-last"), GLOBAL("global");

    public final String label;

    Protocol(String label) {
      this.label = label;
    }

    public static java.util.Optional<Protocol> parse(String label) {
      for (Protocol p : values()) {
        if (p.label.equals(label)) {
          return java.util.Optional.of(p);
        }
      }
      return java.util.Optional.empty();
    }
  }

  public static Result search(List<Interaction> train, long logEnd, Catalog catalog, List<User> users,
                       List<Subscription> subscriptions, long seed, Protocol protocol, double holdout,
                       Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("protocol", protocol.label);
    report.put("holdout", holdout);

    // 1. Carve the validation part.
    List<Interaction> fit = new ArrayList<>();
    List<Interaction> valid = new ArrayList<>();
    long trainEnd = protocol == Protocol.USER_LAST ? logEnd : carveGlobal(train, holdout, fit, valid);
    if (protocol == Protocol.USER_LAST) {
      carve(train, holdout, fit, valid);
    }
    Map<UserId, Set<VideoId>> seen = new HashMap<>();
    for (Interaction i : fit) {
      seen.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
    }
    Map<UserId, Set<VideoId>> relevant = new TreeMap<>();
    for (Interaction i : valid) {
      if (i.clicked() && !seen.getOrDefault(i.user(), Set.of()).contains(i.video())) {
        relevant.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
      }
    }
    relevant.keySet().retainAll(seen.keySet());
    List<UserId> all = new ArrayList<>(relevant.keySet());
    // Fewer folds on small logs, so that each keeps about twice the fewest users a fold may hold.
    int foldCount = Math.min(FOLDS, Math.max(MIN_FOLDS, all.size() / (2 * MIN_FOLD_USERS)));
    List<List<UserId>> folds = new ArrayList<>();
    for (int f = 0; f < foldCount; f++) {
      folds.add(new ArrayList<>());
    }
    for (UserId u : all) {
      folds.get((int) Long.remainderUnsigned(mix(seed ^ u.value()), foldCount)).add(u);
    }
    for (List<UserId> f : folds) {
      if (f.size() < MIN_FOLD_USERS) {
        throw new IllegalArgumentException("the validation part has only " + all.size() + " users with a new click; "
            + "too few to choose hyper-parameters on (more users, or a larger holdout share, are needed)");
      }
    }
    progress.accept(String.format(Locale.ROOT, "validation: %,d fit and %,d held-out interactions; %,d users in %d "
        + "folds of %s (each fold's trees fit on %d folds and stop on the next; every user's list is scored by the "
        + "trees that never saw them)", fit.size(), valid.size(), all.size(), foldCount,
        folds.stream().map(f -> String.valueOf(f.size())).collect(java.util.stream.Collectors.joining("/")),
        foldCount - 2));
    report.put("fitInteractions", fit.size());
    report.put("validationInteractions", valid.size());
    report.put("validationUsers", all.size());

    // 2. The standard models on the fit part: ALS, two-tower, the deep ranker, popularity.
    FunnelBuilder base = new FunnelBuilder(FunnelBuilder.defaultMixerConfig(), FunnelBuilder.defaultRerankConfig(),
        seed);
    FunnelBuilder.Trained standard = base.train(fit, trainEnd, catalog, users, subscriptions,
        line -> progress.accept("  " + line));
    Map<String, Object> single = new LinkedHashMap<>();
    for (String name : List.of(FunnelBuilder.POPULAR_SOURCE, FunnelBuilder.MF_SOURCE,
        FunnelBuilder.TWO_TOWER_SOURCE)) {
      double[] m = evaluate(all, relevant, u -> ids(standard.source(name).candidates(standard.context(u, trainEnd,
          K), RECALL_K + seen.getOrDefault(u, Set.of()).size())), seen);
      single.put(name, figures(m));
      progress.accept(String.format(Locale.ROOT, "  %-14s NDCG@10 %.4f, recall@100 %.4f", name, m[0], m[1]));
    }

    // 3. EASE's λ and item-kNN's k.
    Positives x = Positives.of(fit, 1);
    java.util.function.Function<ItemItemModel, double[]> score = m -> evaluate(all, relevant, u -> top(m,
        standard.context(u, trainEnd, K).history().watched(), seen.getOrDefault(u, Set.of())), seen);
    Map<String, Object> easeGrid = new LinkedHashMap<>();
    Fitted<Double, ItemItemModel> ease = grownGrid(java.util.Arrays.stream(EASE_LAMBDAS).boxed().toList(),
        l -> halfDecade(l, false) >= MIN_EASE_LAMBDA ? halfDecade(l, false) : null,
        l -> halfDecade(l, true) <= MAX_EASE_LAMBDA ? halfDecade(l, true) : null,
        lambda -> "EASE lambda=" + Math.round(lambda), lambda -> new EaseTrainer(EaseConfig.defaults()
            .withLambda(lambda)).train(x), score, easeGrid, progress);
    Map<String, Object> knnGrid = new LinkedHashMap<>();
    // k's grid does not grow: item-kNN's NDCG@10 is nearly flat in k on ratings logs, so growth chases noise, and
    // its extremes hurt the source the funnel needs (k 6 cannot fill a list of 100; k of the whole catalogue cost
    // the funnel recall@100 on ml-latest-small: pipeline-app README).
    Fitted<Integer, ItemItemModel> knn = grownGrid(java.util.Arrays.stream(KNN_NEIGHBOURS).boxed().toList(),
        k -> null, k -> null, k -> "item-kNN k=" + k,
        k -> new ItemKnnTrainer(ItemKnnConfig.defaults().withNeighbours(k)).train(x), score, knnGrid, progress);
    report.put("single", single);
    report.put("ease", easeGrid);
    report.put("itemKnn", knnGrid);
    EaseConfig easeConfig = EaseConfig.defaults().withLambda(ease.setting());
    ItemKnnConfig knnConfig = ItemKnnConfig.defaults().withNeighbours(knn.setting());

    // 4. Sources: keep those that propose a real share of the union's hits.
    List<String> sourceNames = new ArrayList<>(QUOTAS.keySet());
    // Offline: no time budget, so that what is chosen does not depend on how busy the machine is.
    String fullMixer = mixerJson(sourceNames, CandidateMixerConfig.SourceSpec.MAX_BUDGET_MILLIS);
    FunnelBuilder.Models models = new FunnelBuilder.Models(standard.models().mf(), standard.twoTower(),
        standard.videoIndex(), standard.ranker(), 0, 0, 0, ease.model(), knn.model());
    FunnelBuilder.Collaborative cfModels = new FunnelBuilder.Collaborative(easeConfig, knnConfig, null, List.of(),
        null);
    FunnelBuilder withAll = new FunnelBuilder(CandidateMixerConfig.parse(fullMixer),
        FunnelBuilder.defaultRerankConfig(), seed, cfModels);
    FunnelBuilder.Trained assembled = withAll.assemble(models, standard.videoVectors(), fit, trainEnd, catalog,
        users, subscriptions, dev.videorec.candidates.source.CandidateMixer.defaultExecutor(), line -> {});
    Map<UserId, List<Candidate>> candidates = new HashMap<>();
    Map<String, Integer> hitsBySource = new LinkedHashMap<>();
    sourceNames.forEach(s -> hitsBySource.put(s, 0));
    int unionHits = 0;
    for (UserId u : all) {
      RequestContext ctx = assembled.context(u, trainEnd, K);
      List<Candidate> c = new ArrayList<>();
      Set<VideoId> s = seen.getOrDefault(u, Set.of());
      for (Candidate cand : assembled.funnel().retrieve(ctx, new Trace(u))) {
        if (!s.contains(cand.video())) {
          c.add(cand);
          if (relevant.get(u).contains(cand.video())) {
            unionHits++;
            cand.sources().forEach(a -> hitsBySource.merge(a.source(), 1, Integer::sum));
          }
        }
      }
      candidates.put(u, c);
    }
    List<String> kept = new ArrayList<>();
    for (String s : sourceNames) {
      if (hitsBySource.get(s) >= MIN_SHARE_OF_HITS * unionHits) {
        kept.add(s);
      }
    }
    progress.accept("  validation hits among the candidates by source: " + hitsBySource + " of " + unionHits
        + "; kept " + kept);
    report.put("hitsBySource", hitsBySource);
    report.put("unionHits", unionHits);
    report.put("sources", kept);

    // 5. The stacked ranker, cross-fitted: fold f's trees fit on every fold but f and f + 1, stop on f + 1, and
    //    score fold f, so that every validation user's list comes from trees that neither fitted nor stopped on
    //    that user.
    CandidateFeatures features = new CandidateFeatures(sourceNames, catalog, fit);
    Map<UserId, float[][]> rowsOf = new HashMap<>();
    for (UserId u : all) {
      rowsOf.put(u, features.rows(assembled.context(u, trainEnd, K), candidates.get(u)));
    }
    Labelled[] fitPart = new Labelled[foldCount];
    Labelled[] stopPart = new Labelled[foldCount];
    for (int f = 0; f < foldCount; f++) {
      List<UserId> fitUsers = new ArrayList<>();
      for (int g = 0; g < foldCount; g++) {
        if (g != f && g != (f + 1) % foldCount) {
          fitUsers.addAll(folds.get(g));
        }
      }
      fitPart[f] = labelled(fitUsers, candidates, rowsOf, relevant);
      stopPart[f] = labelled(folds.get((f + 1) % foldCount), candidates, rowsOf, relevant);
    }
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    long t = System.nanoTime();
    // The logistic trees' depth and leaf size, by fold 0's stopping loss.
    List<int[]> shapes = new ArrayList<>();
    for (int depth : TREE_DEPTHS) {
      for (int leaf : TREE_MIN_LEAF_ROWS) {
        shapes.add(new int[] {depth, leaf});
      }
    }
    BoostedTrees[] grid = new BoostedTrees[shapes.size()];
    // On a million ratings these fits take minutes: a bar on a terminal, lines in a log once they have run 30 s.
    Progress shapeFits = Progress.bar("  logistic tree shapes on fold 0 (" + String.format(Locale.ROOT, "%,d",
        fitPart[0].x.length) + " rows)", shapes.size(), progress);
    Parallel.forEach(shapes.size(), threads, i -> grid[i] = new BoostedTreesTrainer(BoostingConfig.defaults()
        .withShape(shapes.get(i)[0], shapes.get(i)[1])).trainFrom(OFFSET_FEATURE, features.names(), fitPart[0].x,
        fitPart[0].y, stopPart[0].x, stopPart[0].y, line -> {}), 1, d -> shapeFits.advance(1));
    shapeFits.finish();
    int bestShape = 0;
    double bestLoss = Double.POSITIVE_INFINITY;
    Map<String, Object> treeGrid = new LinkedHashMap<>();
    for (int i = 0; i < shapes.size(); i++) {
      double l = BoostedTreesTrainer.loss(grid[i], stopPart[0].x, stopPart[0].y);
      treeGrid.put("depth " + shapes.get(i)[0] + ", min leaf " + shapes.get(i)[1], Map.of("validationLoss", l,
          "trees", grid[i].trees().size()));
      progress.accept(String.format(Locale.ROOT, "  logistic trees, depth %d, min leaf %d: %d trees, fold 0's "
          + "stopping loss %.5f", shapes.get(i)[0], shapes.get(i)[1], grid[i].trees().size(), l));
      if (l < bestLoss) {
        bestLoss = l;
        bestShape = i;
      }
    }
    report.put("logisticTrees", treeGrid);
    BoostingConfig shape = BoostingConfig.defaults().withShape(shapes.get(bestShape)[0], shapes.get(bestShape)[1]);
    BoostedTrees[] logisticFolds = new BoostedTrees[foldCount];
    BoostedTrees[] rankingFolds = new BoostedTrees[foldCount];
    logisticFolds[0] = grid[bestShape];
    Progress foldFits = Progress.bar("  boosted trees per fold", 2L * foldCount - 1, progress);
    Parallel.forEach(2 * foldCount - 1, threads, i -> {
      if (i < foldCount) {
        rankingFolds[i] = new BoostedTreesTrainer(BoostingConfig.defaults()).trainRankingFrom(OFFSET_FEATURE,
            features.names(), fitPart[i].x, fitPart[i].y, fitPart[i].groups, stopPart[i].x, stopPart[i].y,
            stopPart[i].groups, K, line -> {});
      } else {
        int f = i - foldCount + 1;
        logisticFolds[f] = new BoostedTreesTrainer(shape).trainFrom(OFFSET_FEATURE, features.names(), fitPart[f].x,
            fitPart[f].y, stopPart[f].x, stopPart[f].y, line -> {});
      }
    }, 1, d -> foldFits.advance(1));
    foldFits.finish();
    Map<String, Object> foldReport = new LinkedHashMap<>();
    foldReport.put("folds", foldCount);
    foldReport.put("logisticTrees", java.util.Arrays.stream(logisticFolds).map(m -> m.trees().size()).toList());
    foldReport.put("lambdaRankTrees", java.util.Arrays.stream(rankingFolds).map(m -> m.trees().size()).toList());
    report.put("crossFitting", foldReport);
    progress.accept(String.format(Locale.ROOT, "  boosted trees per fold: %s (logistic) and %s (LambdaRank), each on "
        + "about %,d rows (%.1f s)", foldReport.get("logisticTrees"), foldReport.get("lambdaRankTrees"),
        fitPart[0].x.length, (System.nanoTime() - t) / 1e9));
    String bestSingle = FunnelBuilder.EASE_SOURCE;
    Map<UserId, Integer> foldOf = new HashMap<>();
    for (int f = 0; f < foldCount; f++) {
      for (UserId u : folds.get(f)) {
        foldOf.put(u, f);
      }
    }
    // Each candidate ranker's scores for every validation user: the out-of-fold trees' for the stacked ones.
    Map<String, java.util.function.Function<UserId, dev.videorec.core.stage.Ranker>> rankers = new LinkedHashMap<>();
    BoostedTreeRanker[] lambdaRankers = new BoostedTreeRanker[foldCount];
    BoostedTreeRanker[] logisticRankers = new BoostedTreeRanker[foldCount];
    for (int f = 0; f < foldCount; f++) {
      lambdaRankers[f] = new BoostedTreeRanker(features, rankingFolds[f]);
      logisticRankers[f] = new BoostedTreeRanker(features, logisticFolds[f]);
    }
    SourceOrderRanker sourceOrder = new SourceOrderRanker(bestSingle);
    rankers.put(LAMBDA_RANK, u -> lambdaRankers[foldOf.get(u)]);
    rankers.put(LOGISTIC, u -> logisticRankers[foldOf.get(u)]);
    rankers.put("the order of " + bestSingle, u -> sourceOrder);

    // 6. Ranker and re-ranking chain together: the best NDCG@10 over every validation user whose coverage@10
    //    reaches ALS's.
    Set<VideoId> alsListed = new HashSet<>();
    evaluate(all, relevant, u -> {
      List<VideoId> ids = firstUnseen(ids(standard.source(FunnelBuilder.MF_SOURCE).candidates(
          standard.context(u, trainEnd, K), K + seen.getOrDefault(u, Set.of()).size())), seen.getOrDefault(u,
          Set.of()));
      alsListed.addAll(ids);
      return ids;
    }, seen);
    double floor = alsListed.size() / (double) catalog.size();
    Map<String, Object> chainReport = new LinkedHashMap<>();
    chainReport.put("coverageFloor", floor);
    String[] best = null;
    double bestNdcgChain = -1;
    String[] bestAny = null;
    double bestNdcgAny = -1;
    for (Map.Entry<String, java.util.function.Function<UserId, dev.videorec.core.stage.Ranker>> r
        : rankers.entrySet()) {
      Map<UserId, List<ScoredCandidate>> scored = new HashMap<>();
      for (UserId u : all) {
        scored.put(u, assembled.funnel().score(assembled.context(u, trainEnd, K), candidates.get(u),
            r.getValue().apply(u), new Trace(u)));
      }
      Map<String, Object> rows = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : chains().entrySet()) {
        RuleChainReranker chain = assembled.reranker(RerankConfig.parse(e.getValue()));
        Set<VideoId> listed = new HashSet<>();
        double[] f = evaluate(all, relevant, u -> {
          List<VideoId> ids = new ArrayList<>();
          for (Recommendation rec : assembled.funnel().rerank(assembled.context(u, trainEnd, K), scored.get(u),
              chain, new Trace(u))) {
            ids.add(rec.video());
          }
          listed.addAll(ids.subList(0, Math.min(K, ids.size())));
          return ids;
        }, seen);
        double coverage = listed.size() / (double) catalog.size();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("NDCG@10", f[0]);
        row.put("coverage@10", coverage);
        rows.put(e.getKey(), row);
        progress.accept(String.format(Locale.ROOT, "  %-26s + %-20s NDCG@10 %.4f, coverage@10 %.4f (floor %.4f)",
            r.getKey(), e.getKey(), f[0], coverage, floor));
        if (f[0] > bestNdcgAny) {
          bestNdcgAny = f[0];
          bestAny = new String[] {r.getKey(), e.getKey()};
        }
        if (coverage >= floor && f[0] > bestNdcgChain) {
          bestNdcgChain = f[0];
          best = new String[] {r.getKey(), e.getKey()};
        }
      }
      chainReport.put(r.getKey(), rows);
    }
    if (best == null) {
      best = bestAny;
    }
    String bestChain = best[1];
    String chosenRanker = best[0];
    progress.accept("  chosen: " + chosenRanker + " with the chain '" + bestChain + "'");
    report.put("ranker", chosenRanker);
    // The trees served are the trees validated: the mean of the fold models, each of which scored the users the
    // chain was chosen on. Refitted on all users at once they would be another model, whose scores the chain's
    // multiplicative rules were not chosen on.
    BoostedTrees stack = chosenRanker.equals(LAMBDA_RANK) ? BoostedTrees.average(List.of(rankingFolds))
        : chosenRanker.equals(LOGISTIC) ? BoostedTrees.average(List.of(logisticFolds)) : null;
    chainReport.put("chosen", bestChain);
    report.put("rerank", chainReport);
    FunnelBuilder.Collaborative cf = new FunnelBuilder.Collaborative(easeConfig, knnConfig, stack,
        stack == null ? List.of() : sourceNames, stack == null ? bestSingle : null);
    String mixer = mixerJson(kept, SERVING_BUDGET_MILLIS);
    // The chosen ranker's chains, best validation NDCG first, for the served-coverage check after training.
    @SuppressWarnings("unchecked")
    Map<String, Object> rows = (Map<String, Object>) chainReport.get(chosenRanker);
    List<String> order = new ArrayList<>(rows.keySet());
    order.sort(java.util.Comparator.comparingDouble(c -> -(double) ((Map<String, Object>) rows.get(c))
        .get("NDCG@10")));
    order.remove(bestChain);
    order.add(0, bestChain);
    return new Result(easeConfig, knnConfig, mixer, chains().get(bestChain), cf, report, order);
  }

  /**
   * The served-coverage check, after the final models are trained: catalogue coverage@10 needs no labels, so the
   * lists the trained funnel would serve every known user (as of the end of training, without what they
   * interacted with) can be compared with implicit ALS's before anything ships. The first chain of
   * {@code order} (the search's choice, then the others by validation NDCG@10) whose coverage reaches ALS's is
   * returned; when none does, the one with the most coverage.
   *
   * @param trained the funnel trained on the whole training log, with its ALS source
   * @param report  receives each chain's served coverage and ALS's
   */
  public static String servedCoverageChain(FunnelBuilder.Trained trained, List<Interaction> train, long trainEnd,
                                    List<String> order, Map<String, Object> report, Consumer<String> progress) {
    Map<UserId, Set<VideoId>> seen = new TreeMap<>();
    for (Interaction i : train) {
      seen.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
    }
    Set<VideoId> alsListed = new HashSet<>();
    Map<UserId, RequestContext> contexts = new HashMap<>();
    Map<UserId, List<ScoredCandidate>> scored = new HashMap<>();
    for (Map.Entry<UserId, Set<VideoId>> e : seen.entrySet()) {
      UserId u = e.getKey();
      int asked = Math.min(dev.videorec.core.RecommendationRequest.MAX_K, K + e.getValue().size());
      RequestContext ctx = trained.context(u, trainEnd, asked);
      contexts.put(u, ctx);
      alsListed.addAll(firstUnseen(ids(trained.source(FunnelBuilder.MF_SOURCE).candidates(ctx, asked)),
          e.getValue()));
      scored.put(u, trained.funnel().rank(ctx).scored());
    }
    double als = alsListed.size() / (double) trained.catalog().size();
    Map<String, Object> served = new LinkedHashMap<>();
    served.put("implicit ALS", als);
    String best = null;
    double bestCoverage = -1;
    String chosen = null;
    for (String name : order) {
      RuleChainReranker chain = trained.reranker(RerankConfig.parse(chains().get(name)));
      Set<VideoId> listed = new HashSet<>();
      for (Map.Entry<UserId, Set<VideoId>> e : seen.entrySet()) {
        List<VideoId> ids = new ArrayList<>();
        for (Recommendation r : trained.funnel().rerank(contexts.get(e.getKey()), scored.get(e.getKey()), chain,
            new Trace(e.getKey()))) {
          ids.add(r.video());
        }
        listed.addAll(firstUnseen(ids, e.getValue()));
      }
      double coverage = listed.size() / (double) trained.catalog().size();
      served.put(name, coverage);
      progress.accept(String.format(Locale.ROOT, "served coverage@10 of every known user's list: %s %.4f "
          + "(implicit ALS %.4f)", name, coverage, als));
      if (coverage > bestCoverage) {
        bestCoverage = coverage;
        best = name;
      }
      if (coverage >= als) {
        chosen = name;
        break;
      }
    }
    chosen = chosen != null ? chosen : best;
    served.put("chosen", chosen);
    report.put("servedCoverage", served);
    return chosen;
  }

  private static List<VideoId> firstUnseen(List<VideoId> ids, Set<VideoId> seen) {
    return UserHistory.firstUnseen(ids, v -> v, seen::contains, K);
  }

  /**
   * Everything from the point {@code 1 - share} of the log's time span on to {@code valid}.
   *
   * @return the cut: the first second of the validation part
   */
  public static long carveGlobal(List<Interaction> log, double share, List<Interaction> fit, List<Interaction> valid) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Interaction i : log) {
      min = Math.min(min, i.timestamp());
      max = Math.max(max, i.timestamp());
    }
    long cut = min + (long) ((max + 1 - min) * (1 - share));
    for (Interaction i : log) {
      (i.timestamp() < cut ? fit : valid).add(i);
    }
    return cut;
  }

  /** Each user's latest {@code share} of interactions (time order, ties in log order) to {@code valid}. */
  public static void carve(List<Interaction> log, double share, List<Interaction> fit, List<Interaction> valid) {
    Map<UserId, Integer> total = new HashMap<>();
    for (Interaction i : log) {
      total.merge(i.user(), 1, Integer::sum);
    }
    Map<UserId, Integer> seenSoFar = new HashMap<>();
    for (Interaction i : log) {
      int n = total.get(i.user());
      int held = n < 2 ? 0 : (int) Math.min(n - 1, Math.max(1, Math.round(share * n)));
      int index = seenSoFar.merge(i.user(), 1, Integer::sum) - 1;
      (index >= n - held ? valid : fit).add(i);
    }
  }

  /** Each source's time budget in the chosen mixer, for serving. */
  static final long SERVING_BUDGET_MILLIS = 50;

  static String mixerJson(List<String> sources, long budgetMillis) {
    StringBuilder sb = new StringBuilder("{\n  \"maxCandidates\": 1000,\n  \"sources\": [\n");
    for (int i = 0; i < sources.size(); i++) {
      sb.append(String.format(Locale.ROOT, "    {\"name\": \"%s\", \"quota\": %d, \"budgetMillis\": %d}%s%n",
          sources.get(i), QUOTAS.get(sources.get(i)), budgetMillis, i + 1 < sources.size() ? "," : ""));
    }
    return sb.append("  ]\n}\n").toString();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A setting of a grid and the model fitted with it. */
  record Fitted<T, M>(T setting, M model) {}

  /**
   * Fits a model per setting of {@code start} (in ascending order) and scores each on the validation users by
   * NDCG@10 (the first wins on ties). While the best setting is the grid's smallest, the setting {@code below} it
   * is tried too, and likewise {@code above} the largest, up to {@value #MAX_GRID_STEPS} settings past each end: the
   * grid stops growing at the first added setting that does not beat the best, or where {@code below} or
   * {@code above} returns null (a bound). Each setting's figures go into {@code grid} under its label, in the
   * order tried.
   */
  static <T, M> Fitted<T, M> grownGrid(List<T> start, java.util.function.UnaryOperator<T> below,
                                       java.util.function.UnaryOperator<T> above,
                                       java.util.function.Function<T, String> label,
                                       java.util.function.Function<T, M> fit,
                                       java.util.function.Function<M, double[]> score,
                                       Map<String, Object> grid, Consumer<String> progress) {
    if (start.isEmpty()) {
      throw new IllegalArgumentException("a grid needs at least one setting");
    }
    Fitted<T, M> best = null;
    double bestNdcg = Double.NEGATIVE_INFINITY;
    for (T setting : start) {
      long t = System.nanoTime();
      M m = fit.apply(setting);
      double ndcg = scored(setting, m, t, label, score, grid, progress);
      if (ndcg > bestNdcg) {
        bestNdcg = ndcg;
        best = new Fitted<>(setting, m);
      }
    }
    boolean grown = false;
    for (int side = 0; side < 2; side++) {
      java.util.function.UnaryOperator<T> next = side == 0 ? below : above;
      T edge = side == 0 ? start.get(0) : start.get(start.size() - 1);
      for (int step = 0; step < MAX_GRID_STEPS && best.setting().equals(edge); step++) {
        T setting = next.apply(edge);
        if (setting == null || grid.containsKey(label.apply(setting))) {
          break;
        }
        if (!grown) {
          progress.accept("  (best at the grid's " + (side == 0 ? "lower" : "upper") + " end: trying past it)");
          grown = true;
        }
        long t = System.nanoTime();
        M m = fit.apply(setting);
        double ndcg = scored(setting, m, t, label, score, grid, progress);
        edge = setting;
        if (ndcg > bestNdcg) {
          bestNdcg = ndcg;
          best = new Fitted<>(setting, m);
        }
      }
    }
    return best;
  }

  /** Scores a fitted setting, records its figures and reports them with the time since {@code t}. */
  private static <T, M> double scored(T setting, M m, long t, java.util.function.Function<T, String> label,
                                      java.util.function.Function<M, double[]> score, Map<String, Object> grid,
                                      Consumer<String> progress) {
    double[] f = score.apply(m);
    grid.put(label.apply(setting), figures(f));
    progress.accept(String.format(Locale.ROOT, "  %-18s NDCG@10 %.4f, recall@100 %.4f (%.1f s)",
        label.apply(setting), f[0], f[1], (System.nanoTime() - t) / 1e9));
    return f[0];
  }

  /** The next value of the half-decade sequence 1, 3, 10, 30, ... above or below {@code x}, one of its values. */
  static double halfDecade(double x, boolean up) {
    double decade = Math.pow(10, Math.floor(Math.log10(x) + 1e-9));
    boolean one = x / decade < 2;
    return up ? (one ? 3 * decade : 10 * decade) : (one ? 3 * decade / 10 : decade);
  }

  private static Map<String, Object> figures(double[] f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("NDCG@10", f[0]);
    m.put("recall@100", f[1]);
    return m;
  }

  private static List<VideoId> top(ItemItemModel m, List<VideoId> history, Set<VideoId> exclude) {
    List<VideoId> out = new ArrayList<>();
    for (long[] t : m.top(history, exclude::contains, RECALL_K)) {
      out.add(m.item((int) t[0]));
    }
    return out;
  }

  private static List<VideoId> ids(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::video).toList();
  }

  /** Mean NDCG@10 and recall@100 of the lists (seen videos removed) over {@code users}. */
  static double[] evaluate(List<UserId> users, Map<UserId, Set<VideoId>> relevant,
                           java.util.function.Function<UserId, List<VideoId>> lists,
                           Map<UserId, Set<VideoId>> seen) {
    return evaluate(users, relevant, lists, seen, null);
  }

  /**
   * As above, but the means are over the users of {@code scored} only (null: all); every user's list is still
   * computed, so that a caller collecting the lists sees all of them.
   */
  static double[] evaluate(List<UserId> users, Map<UserId, Set<VideoId>> relevant,
                           java.util.function.Function<UserId, List<VideoId>> lists,
                           Map<UserId, Set<VideoId>> seen, Set<UserId> scored) {
    double ndcg = 0;
    double recall = 0;
    int counted = 0;
    for (UserId u : users) {
      Set<VideoId> s = seen.getOrDefault(u, Set.of());
      List<VideoId> list = new ArrayList<>();
      for (VideoId v : lists.apply(u)) {
        if (!s.contains(v)) {
          list.add(v);
        }
      }
      if (scored != null && !scored.contains(u)) {
        continue;
      }
      counted++;
      ndcg += Metrics.ndcgAtK(list, relevant.get(u), K);
      recall += Metrics.recallAtK(list, relevant.get(u), RECALL_K);
    }
    return new double[] {ndcg / counted, recall / counted};
  }

  /** Training rows and labels, flattened over users. */
  private record Labelled(float[][] x, boolean[] y, int[] groups) {}

  private static Labelled labelled(List<UserId> users, Map<UserId, List<Candidate>> candidates,
                                   Map<UserId, float[][]> rows, Map<UserId, Set<VideoId>> relevant) {
    List<float[]> x = new ArrayList<>();
    List<Boolean> y = new ArrayList<>();
    int[] groups = new int[users.size() + 1];
    for (int i = 0; i < users.size(); i++) {
      groups[i] = x.size();
      List<Candidate> c = candidates.get(users.get(i));
      for (int j = 0; j < c.size(); j++) {
        x.add(rows.get(users.get(i))[j]);
        y.add(relevant.get(users.get(i)).contains(c.get(j).video()));
      }
    }
    groups[users.size()] = x.size();
    boolean[] labels = new boolean[y.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = y.get(i);
    }
    return new Labelled(x.toArray(new float[0][]), labels, groups);
  }
}

package dev.videorec.app.cli;

import dev.videorec.app.evaluation.Reports;
import dev.videorec.app.evaluation.EvaluationCharts;
import dev.videorec.app.evaluation.ExternalEvaluation;
import dev.videorec.app.evaluation.OfflineEvaluation;
import dev.videorec.app.evaluation.RerankingComparison;
import dev.videorec.app.evaluation.ServingModes;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.core.Interaction;
import dev.videorec.ranking.ClickPredictor;
import dev.videorec.ranking.LogisticRegressionRanker;
import dev.videorec.ranking.RankingEvaluation;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.MultiTaskConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code videorec evaluate}: the offline evaluation report of a model directory, over the test window of the same
 * temporal split it was trained on, as Markdown and JSON; or, with {@code --test} and {@code --recs}, the scores of
 * top-k lists from any system.
 */
@Command(name = "evaluate", sortOptions = false,
    customSynopsis = {"videorec evaluate --model=DIR [--out=FILE.md] [--k=N] [--data=DIR]",
        "       videorec evaluate --test=FILE --recs=FILE[,FILE...] [--baseline --train=DIR] "
            + "[--positive-threshold=R] [--columns=SPEC] [--out=FILE.md]"},
    description = {"the offline evaluation report of a model directory (Markdown and JSON): retrieval, ranking, "
        + "re-ranking variants and serving modes on the test window", "",
        "One report over the test window (the last 10%% of the log's time span, after the validation window):",
        "  1. retrieval: recall@50/100/200 of popularity, MF (trained here) and the two-tower model",
        "  2. ranking: AUC, log loss, normalised entropy, GAUC, NDCG@10, watch-time error and calibration of "
            + "popularity, logistic regression (trained here) and the deep multi-task ranker",
        "  3. the whole funnel's NDCG@k against popularity, with per-stage latency",
        "  4. re-ranking variants on the same candidates: NDCG, diversity, coverage, and on synthetic data the "
            + "ground truth's expected watch minutes and clickbait share",
        "  5. serving modes: static lists (precomputed when training ended) against dynamic ones (computed at "
            + "request time): accuracy, staleness and latency", "",
        "With --test and --recs it scores top-k lists from any system (recs.csv: userId,movieId,rank, or "
            + "user,item,rank with a log's own ids) against held-out ratings (a MovieLens ratings.csv, u.data or "
            + "ratings.dat file, or a directory holding one; or a held-out log with --columns as for 'train --log'): "
            + "recall@10, recall@100, NDCG@10, HitRate@10 and catalogue coverage@10, each with a 95%% interval over "
            + "users, then the paired per-user differences between every two lists with their 95%% intervals. "
            + "Relevant: held-out ratings >= --positive-threshold (default 4), or a log's clicks.", ""})
public final class EvaluateCommand extends BaseCommand {
  @Option(names = "--model", paramLabel = "DIR", description = "the model directory written by 'videorec train'")
  Path model;

  @Option(names = "--out", paramLabel = "FILE.md",
      description = "where to write the report (default: evaluation.md); the JSON goes beside it")
  Path outFile;

  @Option(names = "--k", paramLabel = "N", description = "length of the final list (default 10)")
  Integer k;

  @Option(names = "--data", paramLabel = "DIR",
      description = "where the training dataset is now, if it moved since training")
  Path data;

  @Option(names = "--test", paramLabel = "FILE", description = "held-out ratings or log: score lists from files")
  Path test;

  @Option(names = "--recs", paramLabel = "F1,F2", split = ",",
      description = "one or more lists files, compared on the same users (named by their file names)")
  List<Path> recs;

  @Option(names = "--baseline",
      description = "add popularity from the training ratings (--train), minus each user's training items")
  boolean baseline;

  @Option(names = "--train", paramLabel = "DIR",
      description = "the training ratings (a MovieLens directory or file); also the catalogue of coverage")
  Path train;

  @Option(names = "--positive-threshold", paramLabel = "R",
      description = "held-out rating counted as relevant (default 4)")
  Double positiveThreshold;

  @Option(names = "--columns", paramLabel = "SPEC",
      description = "the test (and --train) files are logs with these columns")
  String columns;

  @Override
  int execute() {
    if (test != null || recs != null) {
      return external();
    }
    if (train != null || positiveThreshold != null || columns != null || baseline) {
      throw usage("--" + (baseline ? "baseline" : train != null ? "train" : positiveThreshold != null
          ? "positive-threshold" : "columns") + " goes with --test and --recs");
    }
    if (model == null) {
      throw usage("option --model is required (or --test and --recs)");
    }
    Path md = outFile != null ? outFile : Path.of("evaluation.md");
    if (!md.toString().endsWith(".md")) {
      throw usage("--out must name a .md file (the JSON goes beside it)");
    }
    Path json = writable("--out", Reports.besides(writable("--out", md)));
    int k = inRange("--k", this.k == null ? 10 : this.k, 1, 100);
    long start = System.nanoTime();
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, data, true, true,
        Serving.sourcePool(16), line -> err.println("  " + line));
    FunnelBuilder.Trained trained = loaded.trained();
    List<Interaction> test = loaded.split().test();
    if (test.isEmpty()) {
      throw usage("the test window of " + loaded.metadata().data().path() + " is empty");
    }
    Map<String, Object> report = new LinkedHashMap<>();
    StringBuilder sb = new StringBuilder();
    sb.append("# Offline evaluation of ").append(model).append("\n\n");
    sb.append(String.format(Locale.ROOT, "Data: %s. Trained before %s on %,d interactions; the test window starts "
        + "%s (%,d impressions).%n%n", loaded.metadata().data().path(), Instant.ofEpochSecond(loaded.split()
        .trainEnd()), loaded.split().train().size(), Instant.ofEpochSecond(loaded.split().validationEnd()),
        test.size()));
    report.put("model", model.toString());
    report.put("metadata", loaded.metadata());

    // 1 and 3: retrieval, click prediction, the funnel.
    err.println("evaluating retrieval and the funnel");
    OfflineEvaluation.Report offline = OfflineEvaluation.evaluate(trained, test, k,
        err::println);
    report.put("funnel", offline);
    sb.append("## 1. Retrieval\n\nRecall@K of each source alone, for ").append(String.format(Locale.ROOT, "%,d",
        offline.users())).append(" users with clicks in the test window on videos new to them (requests at the "
        + "window's start, histories as of the end of training).\n\n");
    sb.append(offline.recallTable());

    // 2. Ranking.
    err.println("training the logistic-regression baseline and evaluating the rankers");
    PointInTimeFeatures store = new PointInTimeFeatures(trained.catalog(),
        PointInTimeFeatures.topicCount(trained.catalog()));
    store.replay(loaded.split().train(), null);
    store.freeze();
    LogisticRegressionRanker lr = LogisticRegressionRanker.train(loaded.split().train(), trained.catalog(),
        loaded.dataset().users(), MultiTaskConfig.defaults(loaded.metadata().seed()).warmupDays(),
        loaded.metadata().seed(), line -> err.println("  " + line));
    List<RankingEvaluation.Row> ranking = RankingEvaluation.evaluate(List.<ClickPredictor>of(trained.ctrBaseline(),
        lr, trained.ranker()), test, trained.catalog(), store);
    report.put("ranking", ranking);
    sb.append(String.format(Locale.ROOT, "%n## 2. Ranking%n%nClick prediction on all %,d test impressions.%n%n",
        test.size()));
    sb.append(RankingEvaluation.markdown(ranking)).append('\n');
    sb.append("Calibration of ").append(trained.ranker().name()).append(" (predicted vs observed CTR by bucket):\n\n");
    sb.append(RankingEvaluation.calibrationMarkdown(ranking.get(ranking.size() - 1))).append('\n');

    sb.append("## 3. The funnel\n\n").append(offline.ndcgTable()).append('\n').append(offline.latencyTable());

    // 4. Re-ranking variants.
    err.println("comparing re-ranking variants");
    RerankingComparison.Truth truth = RerankingComparison.truthOf(loaded.dataset());
    Map<String, RerankingComparison.Row> variants = RerankingComparison.run(trained, loaded.split().train(), test,
        k, RerankingComparison.standardVariants(loaded.builder().rerank()), truth);
    report.put("reranking", variants);
    sb.append(String.format(Locale.ROOT, "%n## 4. Re-ranking variants%n%nSame candidates and scores for every "
        + "variant; the first ranks by the click head alone, the others by the value model.%n%n"));
    sb.append(RerankingComparison.table(variants, k)).append('\n').append(RerankingComparison.TABLE_NOTE)
        .append('\n');

    // 5. Serving modes.
    err.println("comparing static and dynamic serving");
    ServingModes.Report modes = ServingModes.compare(loaded, k, line -> err.println("  " + line));
    report.put("servingModes", modes);
    sb.append("\n## 5. Serving modes: freshness against latency\n\n").append(ServingModes.markdown(modes, k));

    sb.append(String.format(Locale.ROOT, "%nEvaluated in %.0f s.%n", (System.nanoTime() - start) / 1e9));
    Reports.write(md, sb.toString());
    Reports.json(json, report);
    List<Path> pictures = Reports.charts(md, sb.toString(), EvaluationCharts.of(offline, ranking, variants, modes, k));
    out.print(sb);
    out.println("wrote " + md + ", " + json + " and " + pictures.get(pictures.size() - 1) + " (with "
        + (pictures.size() - 1) + " charts as SVG beside it)");
    return 0;
  }

  private int external() {
    if (model != null || data != null || k != null) {
      throw usage("--test/--recs score lists from files; --model, --data and --k do not apply");
    }
    if (test == null || recs == null) {
      throw usage("--test and --recs go together");
    }
    if (baseline && train == null) {
      throw usage("--baseline needs --train DIR (the training ratings popularity is counted on)");
    }
    double threshold = inRange("--positive-threshold", positiveThreshold == null ? 4 : positiveThreshold, 0.5, 5);
    writable("--out", outFile);
    Map<String, Map<String, List<String>>> lists = new LinkedHashMap<>();
    for (Path p : recs) {
      String name = p.getFileName().toString().replaceAll("\\.csv$", "");
      if (lists.put(name, ExternalEvaluation.readRecs(p)) != null) {
        throw usage("two --recs files are named '" + name + "'");
      }
    }
    // A log (--columns): relevant are its clicks (or ratings at the threshold); else MovieLens ratings.
    dev.videorec.data.log.LogColumns logColumns = columns != null ? Datasets.columns("evaluate", columns) : null;
    Map<String, java.util.Set<String>> relevant = logColumns != null
        ? ExternalEvaluation.relevant(dev.videorec.data.log.InteractionLogReader.read(test, logColumns, threshold,
            false))
        : ExternalEvaluation.relevant(dev.videorec.data.movielens.MovieLensRatings.read(test, null), threshold);
    int catalogue;
    String catalogueSource;
    if (train != null && logColumns != null) {
      var trainLog = dev.videorec.data.log.InteractionLogReader.read(train, logColumns, threshold, false);
      catalogue = trainLog.items().size();
      catalogueSource = "items in the training log";
      if (baseline) {
        lists.put("popularity", ExternalEvaluation.popularity(trainLog, new java.util.TreeSet<>(relevant.keySet()),
            100));
      }
    } else if (train != null) {
      var ratings = dev.videorec.data.movielens.MovieLensRatings.read(train, null);
      java.util.Set<Integer> movies = new java.util.HashSet<>();
      ratings.forEach(r -> movies.add(r.movie()));
      catalogue = movies.size();
      catalogueSource = "movies rated in the training data";
      if (baseline) {
        java.util.Set<String> users = new java.util.TreeSet<>(relevant.keySet());
        lists.put("popularity", ExternalEvaluation.popularity(ratings, threshold, users, 100));
      }
    } else {
      java.util.Set<String> movies = new java.util.HashSet<>();
      relevant.values().forEach(movies::addAll);
      lists.values().forEach(byUser -> byUser.values().forEach(movies::addAll));
      catalogue = movies.size();
      catalogueSource = "movies in the test file's positives and the lists; give --train for the training catalogue";
    }
    ExternalEvaluation.Report r = ExternalEvaluation.evaluate(lists, relevant, catalogue, catalogueSource);
    String md = ExternalEvaluation.markdown(r);
    return report(md, outFile, null);
  }
}

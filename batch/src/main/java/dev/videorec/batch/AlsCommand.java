package dev.videorec.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import dev.videorec.app.evaluation.BatchRecommendations;
import dev.videorec.app.evaluation.ExternalEvaluation;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.ValidationSearch;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code videorec batch als}: Spark MLlib's implicit ALS on a model's training split, its top-k lists for every
 * user ({@code recommendForAllUsers}), scored by the project's evaluation beside the funnel and popularity on the
 * same users and the same held-out clicks.
 */
@Command(name = "als", sortOptions = false, description = {"Spark MLlib's implicit ALS as a retrieval baseline",
    "",
    "Fits implicit-feedback ALS (click counts as confidence) on the training split of a trained model's data, "
        + "recommends k videos to every user (leaving out what they interacted with in training), and scores the "
        + "lists against the test split's clicks with the project's own evaluation, beside the model's funnel "
        + "and popularity lists (paired intervals on the same users).",
    "",
    "With --funnel-model DIR it also writes a copy of the model whose funnel takes ALS's factors in the "
        + "two-tower source's place (its quota and budget), and scores that funnel beside the others: ALS as an "
        + "alternative embedding trainer for the funnel's retrieval, which recommend, evaluate, serve and batch "
        + "recommend then load like any model directory."})
final class AlsCommand extends BatchCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a trained model directory: its "
      + "data and split are used, and its funnel is the comparison")
  Path model;

  @Option(names = "--data", paramLabel = "DIR", description = "the model's dataset, if it moved since")
  Path data;

  @Option(names = "--test", paramLabel = "FILE", description = "held-out ratings or log to score on (as 'videorec "
      + "split' writes it), for a model trained on all of its data; by default the model's test window")
  Path testFile;

  @Option(names = "--k", paramLabel = "N", description = "videos per user (default ${DEFAULT-VALUE})")
  int k = 100;

  @Option(names = "--rank", paramLabel = "R", description = "latent factors (default ${DEFAULT-VALUE})")
  int rank = 32;

  @Option(names = "--reg", paramLabel = "L", description = "L2 regularisation (default: chosen on the "
      + "validation split from " + "0.01, 0.1, 1)")
  Double reg;

  @Option(names = "--alpha", paramLabel = "A", description = "confidence per click (default: chosen on the "
      + "validation split from 1, 10, 40)")
  Double alpha;

  @Option(names = "--iterations", paramLabel = "N", description = "ALS sweeps (default ${DEFAULT-VALUE})")
  int iterations = 10;

  @Option(names = "--seed", paramLabel = "S", description = "ALS's seed (default ${DEFAULT-VALUE})")
  long seed = 1;

  @Option(names = "--lists", paramLabel = "FILE", description = "also write ALS's lists here, as CSV with the "
      + "header of 'recommend --all-users'")
  Path listsFile;

  @Option(names = "--funnel-model", paramLabel = "DIR", description = "also write a copy of the model whose "
      + "funnel retrieves with these ALS factors in place of the two-tower source, and score its funnel too")
  Path funnelModel;

  @Option(names = "--out", paramLabel = "FILE.md", description = "also write the report here (and FILE.json)")
  Path report;

  @Override
  int execute() {
    check("--k", k, 1, 1000);
    check("--rank", rank, 1, 1024);
    check("--iterations", iterations, 1, 1000);
    if ((reg != null && !(reg >= 0)) || (alpha != null && !(alpha > 0))) {
      throw new BatchInputException("--reg must be >= 0 and --alpha > 0, got " + reg + " and " + alpha);
    }
    ModelDirectory.metadata(model);
    if (testFile != null && !Files.exists(testFile)) {
      throw new BatchInputException("--test " + testFile + ": no such file");
    }
    if (funnelModel != null) {
      ModelDirectory.checkFactorsCanReplace(model, funnelModel, FunnelBuilder.TWO_TOWER_SOURCE);
    }
    for (Path file : new Path[] {listsFile, report}) {
      if (file != null) {
        try {
          dev.videorec.core.io.AtomicFiles.checkWritableParent(file);
        } catch (IOException e) {
          throw new BatchInputException("cannot write " + file + ": " + e.getMessage());
        }
      }
    }
    long start = System.nanoTime();
    err.println("batch als: loading " + model);
    ModelDirectory.Loaded loaded = RecommendJob.load(model, data, "funnel");
    List<Interaction> train = loaded.split().train();
    Map<String, Set<String>> relevant = relevant(loaded);
    // The settings are chosen on validation clicks the fitted models never saw: the model's validation window, or
    // (for a model trained on all of its data, as on ratings data) a part carved from the training data the way
    // 'train' carved it; the chosen setting is then refitted on all of the training data.
    List<Interaction> fitPart = train;
    List<Interaction> validPart = loaded.split().validation();
    String validationName = "the validation split";
    if (validPart.isEmpty() && (reg == null || alpha == null)) {
      fitPart = new ArrayList<>();
      validPart = new ArrayList<>();
      Map<String, Object> tuning = loaded.metadata().tuning();
      String protocol = tuning != null && tuning.get("protocol") != null ? tuning.get("protocol").toString()
          : ValidationSearch.Protocol.USER_LAST.label;
      double holdout = tuning != null && tuning.get("holdout") instanceof Number h ? h.doubleValue()
          : ValidationSearch.DEFAULT_HOLDOUT;
      if (protocol.equals(ValidationSearch.Protocol.GLOBAL.label)) {
        ValidationSearch.carveGlobal(train, holdout, fitPart, validPart);
      } else {
        ValidationSearch.carve(train, holdout, fitPart, validPart);
      }
      validationName = String.format(Locale.ROOT, "a %s validation part (%.0f%%) carved from the training data",
          protocol, 100 * holdout);
      err.println("  validation: " + validationName);
    }
    boolean carved = fitPart != train;
    Map<UserId, Set<VideoId>> seen = seen(train);
    Map<UserId, Set<VideoId>> fitSeen = carved ? seen(fitPart) : seen;
    Map<String, Set<String>> validation = clicksByUser(loaded, validPart);
    SparkSession spark = spark();
    Map<String, List<String>> alsLists;
    String chosen;
    dev.videorec.candidates.embedding.EmbeddingModel factors = null;
    double chosenReg = 0;
    double chosenAlpha = 0;
    try {
      Dataset<Row> ratings = ratings(spark, train);
      Dataset<Row> fitRatings = carved ? ratings(spark, fitPart) : ratings;
      int maxSeen = seen.values().stream().mapToInt(Set::size).max().orElse(0);
      // Regularisation and confidence are chosen on the validation split's clicks (NDCG@10), never on the test's.
      List<Double> regs = reg != null ? List.of(reg) : List.of(0.01, 0.1, 1.0);
      List<Double> alphas = alpha != null ? List.of(alpha) : List.of(1.0, 10.0, 40.0);
      double best = -1;
      ALSModel bestModel = null;
      Map<String, List<String>> bestLists = null;
      String bestName = null;
      for (double r : regs) {
        for (double a : alphas) {
          Spark.describe(spark, String.format(Locale.ROOT, "als: fit rank %d, reg %s, alpha %s", rank, r, a));
          ALSModel fitted = fit(fitRatings, r, a);
          Map<String, List<String>> lists = lists(fitted, maxSeen, fitSeen, loaded);
          double ndcg = regs.size() * alphas.size() == 1 ? 0 : ndcg(lists, validation, loaded);
          err.printf(Locale.ROOT, "  reg %s, alpha %s: validation NDCG@10 %.4f%n", r, a, ndcg);
          if (ndcg > best) {
            best = ndcg;
            bestLists = lists;
            bestModel = fitted;
            chosenReg = r;
            chosenAlpha = a;
            bestName = String.format(Locale.ROOT, "reg %s, alpha %s", r, a);
          }
        }
      }
      alsLists = bestLists;
      chosen = bestName + (regs.size() * alphas.size() == 1 ? " (given)"
          : String.format(Locale.ROOT, " (chosen on %s: NDCG@10 %.4f)", validationName, best));
      if (carved) {
        Spark.describe(spark, String.format(Locale.ROOT, "als: refit %s on all of the training data", bestName));
        bestModel = fit(ratings, chosenReg, chosenAlpha);
        alsLists = lists(bestModel, maxSeen, seen, loaded);
      }
      if (funnelModel != null) {
        Spark.describe(spark, "als: collect the chosen factors");
        factors = factors(bestModel);
      }
    } finally {
      spark.stop();
    }
    err.printf(Locale.ROOT, "batch als: %,d users' lists in %.1f s; the funnel's and popularity's for comparison%n",
        alsLists.size(), (System.nanoTime() - start) / 1e9);
    Map<String, Map<String, List<String>>> lists = new LinkedHashMap<>();
    lists.put("spark-als", alsLists);
    for (String source : List.of("funnel", "popular")) {
      lists.put(source, lists(loaded, source));
    }
    if (funnelModel != null) {
      String given = chosen.endsWith("(given)") ? "given" : chosen.substring(chosen.indexOf('(') + 1,
          chosen.length() - 1);
      ModelDirectory.withFactors(model, funnelModel, factors, new ModelDirectory.Factors("spark-mllib-als", rank,
          chosenReg, chosenAlpha, iterations, seed, given, FunnelBuilder.TWO_TOWER_SOURCE));
      out.println("wrote " + funnelModel + ": the funnel with ALS factors in the two-tower source's place");
      err.println("batch als: loading " + funnelModel + " to score its funnel");
      ModelDirectory.Loaded withAls = RecommendJob.load(funnelModel, data, "funnel");
      lists.put("funnel, ALS in the two-tower's place", lists(withAls, "funnel"));
    }
    ExternalEvaluation.Report r = ExternalEvaluation.evaluate(lists, relevant, loaded.dataset().catalog().size(),
        "the model's catalogue");
    String markdown = String.format(Locale.ROOT, "Implicit ALS on Spark MLlib (rank %d, %s, %d iterations, seed "
        + "%d), trained on the training split of %s; held-out clicks of the test split.%n%n", rank, chosen,
        iterations, seed, model) + ExternalEvaluation.markdown(r);
    out.print(markdown);
    if (listsFile != null) {
      writeLists(alsLists, BatchRecommendations.header(loaded));
    }
    if (report != null) {
      write(report, markdown);
      out.println("wrote " + report);
    }
    return 0;
  }

  /** The lists of {@code source} for every user the model knows, at most k long, by external ids. */
  private Map<String, List<String>> lists(ModelDirectory.Loaded loaded, String source) {
    BatchRecommendations.Lister lister = new BatchRecommendations.Lister(loaded, Math.min(k,
        dev.videorec.core.RecommendationRequest.MAX_K), source);
    Map<String, List<String>> m = new TreeMap<>();
    for (UserId u : BatchRecommendations.knownUsers(loaded)) {
      List<String> ids = new ArrayList<>();
      lister.list(u).forEach(v -> ids.add(loaded.videoId(v)));
      m.put(loaded.userId(u), ids);
    }
    return m;
  }

  private ALSModel fit(Dataset<Row> ratings, double r, double a) {
    return new ALS().setImplicitPrefs(true).setRank(rank).setRegParam(r).setAlpha(a)
        .setMaxIter(iterations).setSeed(seed).setUserCol("user").setItemCol("item").setRatingCol("clicks")
        .setColdStartStrategy("drop").fit(ratings);
  }

  /** The fitted factors as the project's embedding table: users by id, videos in ascending id order. */
  private static dev.videorec.candidates.embedding.EmbeddingModel factors(ALSModel als) {
    Map<UserId, float[]> users = new HashMap<>();
    for (Row row : als.userFactors().collectAsList()) {
      users.put(new UserId(row.getInt(0)), floats(row.getList(1)));
    }
    TreeMap<Integer, float[]> items = new TreeMap<>();
    for (Row row : als.itemFactors().collectAsList()) {
      items.put(row.getInt(0), floats(row.getList(1)));
    }
    List<VideoId> ids = new ArrayList<>(items.size());
    float[][] vectors = new float[items.size()][];
    int i = 0;
    for (Map.Entry<Integer, float[]> e : items.entrySet()) {
      ids.add(new VideoId(e.getKey()));
      vectors[i++] = e.getValue();
    }
    return new dev.videorec.candidates.embedding.EmbeddingModel(users, ids, vectors);
  }

  private static float[] floats(List<Object> values) {
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((Number) values.get(i)).floatValue();
    }
    return v;
  }

  /** Lists k videos per user from a fitted model, without what the user interacted with in training. */
  private Map<String, List<String>> lists(ALSModel als, int maxSeen, Map<UserId, Set<VideoId>> seen,
                                          ModelDirectory.Loaded loaded) {
    List<Row> recs = als.recommendForAllUsers(k + maxSeen).select(col("user"),
        col("recommendations.item").as("items")).collectAsList();
    Map<String, List<String>> out = new TreeMap<>();
    for (Row row : recs) {
      UserId u = new UserId(row.getInt(0));
      Set<VideoId> exclude = seen.getOrDefault(u, Set.of());
      List<String> list = new ArrayList<>(k);
      for (Object item : row.getList(1)) {
        VideoId v = new VideoId((Integer) item);
        if (list.size() < k && !exclude.contains(v)) {
          list.add(loaded.videoId(v));
        }
      }
      out.put(loaded.userId(u), list);
    }
    return out;
  }

  private static double ndcg(Map<String, List<String>> lists, Map<String, Set<String>> relevant,
                             ModelDirectory.Loaded loaded) {
    ExternalEvaluation.Report r = ExternalEvaluation.evaluate(Map.of("als", lists), relevant,
        loaded.dataset().catalog().size(), "the model's catalogue");
    return r.rows().get(0).metrics().get("NDCG@10")[0];
  }

  /** What the test scores: the model's test window, or the held-out file of --test. */
  private Map<String, Set<String>> relevant(ModelDirectory.Loaded loaded) {
    if (testFile == null) {
      if (loaded.split().test().isEmpty()) {
        throw new BatchInputException("the model in " + model + " was trained on all of its data (no test window); "
            + "give the held-out part with --test FILE (as 'videorec split' wrote it)");
      }
      return clicksByUser(loaded, loaded.split().test());
    }
    ModelDirectory.DataSource source = loaded.metadata().data();
    double threshold = source.positiveThreshold();
    if (ModelDirectory.DataSource.LOG.equals(source.kind())) {
      return ExternalEvaluation.relevant(dev.videorec.data.log.InteractionLogReader.read(testFile,
          dev.videorec.data.log.LogColumns.parse(source.columns()), threshold, false));
    }
    if (ModelDirectory.DataSource.MOVIELENS.equals(source.kind())) {
      return ExternalEvaluation.relevant(dev.videorec.data.movielens.MovieLensRatings.read(testFile, null),
          threshold);
    }
    throw new BatchInputException("--test applies to models trained on ratings data or a log; " + model
        + " has a test window of its own");
  }

  private static Map<UserId, Set<VideoId>> seen(List<Interaction> log) {
    Map<UserId, Set<VideoId>> seen = new HashMap<>();
    for (Interaction i : log) {
      seen.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
    }
    return seen;
  }

  /** Click counts per (user, item): ALS's implicit ratings. */
  private static Dataset<Row> ratings(SparkSession spark, List<Interaction> log) {
    List<Row> clicks = new ArrayList<>();
    for (Interaction i : log) {
      if (i.clicked()) {
        clicks.add(org.apache.spark.sql.RowFactory.create(i.user().value(), i.video().value()));
      }
    }
    return spark.createDataFrame(clicks, org.apache.spark.sql.types.DataTypes.createStructType(List.of(
            org.apache.spark.sql.types.DataTypes.createStructField("user",
                org.apache.spark.sql.types.DataTypes.IntegerType, false),
            org.apache.spark.sql.types.DataTypes.createStructField("item",
                org.apache.spark.sql.types.DataTypes.IntegerType, false))))
        .groupBy("user", "item").agg(count("*").cast("float").as("clicks")).cache();
  }

  private static Map<String, Set<String>> clicksByUser(ModelDirectory.Loaded loaded, List<Interaction> log) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (Interaction i : log) {
      if (i.clicked()) {
        out.computeIfAbsent(loaded.userId(i.user()), u -> new HashSet<>()).add(loaded.videoId(i.video()));
      }
    }
    return out;
  }

  private void writeLists(Map<String, List<String>> lists, String header) {
    StringBuilder sb = new StringBuilder();
    // As recommend --all-users writes them: quoted where an id needs it.
    try (org.apache.commons.csv.CSVPrinter csv = new org.apache.commons.csv.CSVPrinter(sb,
        dev.videorec.data.DatasetWriter.CSV)) {
      csv.printRecord((Object[]) header.split(","));
      for (Map.Entry<String, List<String>> e : lists.entrySet()) {
        for (int i = 0; i < e.getValue().size(); i++) {
          csv.printRecord(e.getKey(), e.getValue().get(i), i + 1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(listsFile, sb.toString());
    out.println("wrote " + listsFile);
  }

  private static void write(Path file, String text) {
    try {
      dev.videorec.core.io.AtomicFiles.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void check(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new BatchInputException(option + " must be in [" + min + ", " + max + "], got " + value);
    }
  }
}

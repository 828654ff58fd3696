package dev.videorec.batch;

import dev.videorec.app.evaluation.BatchRecommendations;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.UserId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videorec batch recommend}: every known user's top-k list, as a Spark job. */
@Command(name = "recommend", sortOptions = false, description = {"top-k lists for every user, for static serving",
    "",
    "Runs the whole funnel (or one retrieval source) for every user with training interactions, users "
        + "partitioned across Spark's executors, each executor loading the model once. Writes Parquet (user, item, "
        + "rank) and, with --csv, the same lists as CSV files with the header of 'recommend --all-users', which "
        + "'serve --mode static --lists DIR' serves. The lists equal those of 'recommend --all-users'."})
final class RecommendCommand extends BatchCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "a trained model directory")
  Path model;

  @Option(names = "--data", paramLabel = "DIR", description = "the dataset the model was trained on, if it "
      + "moved since")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the Parquet lists "
      + "(must not exist; written atomically)")
  Path outDir;

  @Option(names = "--csv", paramLabel = "DIR", description = "also write the lists as CSV files here")
  Path csvDir;

  @Option(names = "--k", paramLabel = "N", description = "videos per user (default ${DEFAULT-VALUE})")
  int k = 10;

  @Option(names = "--source", paramLabel = "S", description = "funnel (default), or one source alone: "
      + "two-tower, als, ease, item-knn, popular")
  String source = "funnel";

  @Override
  int execute() {
    if (k < 1 || k > RecommendationRequest.MAX_K) {
      throw new BatchInputException("--k must be in [1, " + RecommendationRequest.MAX_K + "], got " + k);
    }
    if (!BatchRecommendations.SOURCES.contains(source)) {
      throw new BatchInputException("--source must be one of " + BatchRecommendations.SOURCES + ", got '" + source
          + "'");
    }
    ModelDirectory.metadata(model);
    Spark.checkNew("--out", outDir);
    if (csvDir != null) {
      Spark.checkNew("--csv", csvDir);
    }
    long start = System.nanoTime();
    err.println("batch recommend: loading " + model);
    ModelDirectory.Loaded loaded = RecommendJob.load(model, data, source);
    List<UserId> users = new ArrayList<>(BatchRecommendations.knownUsers(loaded));
    err.printf(Locale.ROOT, "batch recommend: %d videos to each of %,d users (%s), model loaded in %.1f s%n", k,
        users.size(), source, (System.nanoTime() - start) / 1e9);
    SparkSession spark = spark();
    try {
      RecommendJob.Counts counts = new RecommendJob.Counts(spark.sparkContext().longAccumulator("short lists"),
          spark.sparkContext().longAccumulator("topped up"));
      int slots = spark.sparkContext().defaultParallelism();
      Dataset<Row> lists = RecommendJob.lists(spark, model, data, loaded, users, k, source,
          sparkOptions.partitions > 0 ? sparkOptions.partitions : slots * 4, counts).cache();
      Spark.describe(spark, "recommend: the funnel for every user");
      Spark.writeAtomically(spark, lists.drop("uid").write(), "parquet", outDir);
      if (csvDir != null) {
        String[] header = BatchRecommendations.header(loaded).split(",");
        Spark.describe(spark, "recommend: the lists as CSV");
        Spark.writeAtomically(spark, lists.drop("uid").toDF(header).write().option("header", true), "csv",
            csvDir);
      }
      out.printf(Locale.ROOT, "wrote %s%s: %,d users x top %d (%s) in %.1f s%n", outDir,
          csvDir == null ? "" : " and " + csvDir, users.size(), k, source, (System.nanoTime() - start) / 1e9);
      if (counts.topped().value() > 0) {
        out.printf(Locale.ROOT, "%,d users' lists were topped up from the fallbacks%n", counts.topped().value());
      }
      if (counts.shortLists().value() > 0) {
        out.printf(Locale.ROOT, "%,d users have fewer than %d videos: nothing else eligible was retrieved for "
            + "them%n", counts.shortLists().value(), k);
      }
    } finally {
      spark.stop();
    }
    return 0;
  }
}

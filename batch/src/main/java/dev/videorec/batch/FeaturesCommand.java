package dev.videorec.batch;

import dev.videorec.ranking.model.MultiTaskConfig;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videorec batch features}: the ranker's point-in-time training examples, as Parquet. */
@Command(name = "features", sortOptions = false, description = {"point-in-time training examples of the ranker",
    "",
    "Reads a dataset directory (interactions.csv, or a Parquet log in interactions/, with videos.csv and "
        + "users.csv) and writes one row per impression after the warm-up: ts, user_id, video_id, position, "
        + "clicked, watched and the ranker's features, each read from strictly earlier events only. The rows "
        + "equal those the in-process trainer builds."})
final class FeaturesCommand extends BatchCommand {
  @Option(names = "--data", required = true, paramLabel = "DIR", description = "the dataset directory")
  Path data;

  @Option(names = "--out", paramLabel = "DIR", description = "where to write the Parquet "
      + "examples (must not exist; written atomically)")
  Path outDir;

  @Option(names = "--csv", paramLabel = "DIR", description = "also write the examples as CSV files here")
  Path csvDir;

  @Option(names = "--warmup-days", paramLabel = "D", description = "days at the start that only warm the "
      + "aggregates up, at most a quarter of the log (default ${DEFAULT-VALUE}, as the ranker)")
  int warmupDays = MultiTaskConfig.DEFAULT_WARMUP_DAYS;

  @Option(names = "--in-process", description = "for comparison: build the same examples in this JVM without "
      + "Spark (the trainer's replay over a log held in memory; CSV logs only), time it, and write nothing")
  boolean inProcess;

  @Override
  int execute() {
    if (warmupDays < 0 || warmupDays > 3650) {
      throw new BatchInputException("--warmup-days must be in [0, 3650], got " + warmupDays);
    }
    if (inProcess) {
      return inProcess();
    }
    if (outDir == null) {
      throw new BatchInputException("--out is required (or --in-process)");
    }
    LogInput input = LogInput.check(data);
    Spark.checkNew("--out", outDir);
    if (csvDir != null) {
      Spark.checkNew("--csv", csvDir);
    }
    long start = System.nanoTime();
    err.println("batch features: " + data + (input.parquet() ? " (Parquet log)" : "") + " -> " + outDir);
    SparkSession spark = spark();
    try {
      LogInput opened = input.open(spark);
      if (sparkOptions.partitions == 0) {
        Spark.sizeShuffle(spark, opened.rows(), err);
      }
      Dataset<Row> examples = FeatureJob.examples(opened, warmupDays);
      Spark.writeAtomically(spark, examples.write(), "parquet", outDir);
      if (csvDir != null) {
        Spark.describe(spark, "features: the examples as CSV");
        Spark.writeAtomically(spark, spark.read().parquet(outDir.toString()).write().option("header", true), "csv",
            csvDir);
      }
      Spark.describe(spark, "features: count the rows written");
      long rows = spark.read().parquet(outDir.toString()).count();
      out.printf(Locale.ROOT, "wrote %,d examples to %s%s in %.1f s%n", rows, outDir,
          csvDir == null ? "" : " and " + csvDir,
          (System.nanoTime() - start) / 1e9);
    } finally {
      spark.stop();
    }
    return 0;
  }

  private int inProcess() {
    LogInput.check(data);
    long start = System.nanoTime();
    dev.videorec.data.Dataset d = dev.videorec.data.DatasetReader.read(data);
    double read = (System.nanoTime() - start) / 1e9;
    dev.videorec.ranking.features.TrainingExamples ex = dev.videorec.ranking.features.TrainingExamples.replay(
        d.interactions(), d.catalog(), dev.videorec.ranking.features.UserDevices.of(d.users()), warmupDays);
    out.printf(Locale.ROOT, "in process: %,d examples in %.1f s (%.1f s reading the dataset, %.1f s replaying)%n",
        ex.count(), (System.nanoTime() - start) / 1e9, read, (System.nanoTime() - start) / 1e9 - read);
    return 0;
  }
}

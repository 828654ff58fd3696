package dev.videorec.batch;

import picocli.CommandLine.Option;

/** The options every batch command shares: where Spark runs. */
public final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[*] (default: every core of "
      + "this machine, in this process; under spark-submit, the master it was given), local[N], spark://HOST:PORT, "
      + "yarn, k8s://...")
  String master;

  @Option(names = "--partitions", paramLabel = "N", description = "shuffle partitions (default: four per core "
      + "on a local master, Spark's 200 on a cluster; batch features raises it so that no partition holds more "
      + "than 1.5 million impressions)")
  int partitions;

  @Option(names = "--no-ui", negatable = false, description = "do not start Spark's web UI")
  boolean noUi;

  /**
   * The master named by {@code --master}; without it, the one spark-submit passes its driver (the
   * {@code spark.master} property), else {@code local[*]}.
   */
  String master() {
    return master != null ? master : System.getProperty("spark.master", "local[*]");
  }
}

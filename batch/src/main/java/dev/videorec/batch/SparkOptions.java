package dev.videorec.batch;

import picocli.CommandLine.Option;

/** The options every batch command shares: where Spark runs. */
public final class SparkOptions {
  @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[*] (default: every core of "
      + "this machine, in this process), local[N], spark://HOST:PORT, yarn, k8s://...")
  String master = "local[*]";

  @Option(names = "--partitions", paramLabel = "N", description = "shuffle partitions (default: Spark's adaptive "
      + "choice)")
  int partitions;

  @Option(names = "--no-ui", negatable = false, description = "do not start Spark's web UI")
  boolean noUi;

  String master() {
    return master;
  }
}

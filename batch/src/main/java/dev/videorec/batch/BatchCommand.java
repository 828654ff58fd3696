package dev.videorec.batch;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every batch command shares: help, the Spark options, its streams and its session. */
abstract class BatchCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Mixin
  SparkOptions sparkOptions;

  PrintWriter out;
  PrintWriter err;

  /** Checks the input (no Spark yet), then runs the job. */
  abstract int execute();

  @Override
  public final Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    if (sparkOptions.partitions < 0) {
      throw new BatchInputException("--partitions must be >= 0, got " + sparkOptions.partitions);
    }
    return execute();
  }

  /** Starts Spark for this command, printing its progress on standard error. */
  SparkSession spark() {
    return Spark.start(spec.name(), sparkOptions.master(), sparkOptions.partitions, !sparkOptions.noUi, err);
  }
}

package dev.videorec.app.cli;

import dev.videorec.data.Dataset;
import dev.videorec.data.DatasetReader;
import dev.videorec.data.ReadOptions;
import dev.videorec.data.log.InteractionLogReader;
import dev.videorec.data.log.LogColumns;
import dev.videorec.data.movielens.MovieLensOptions;
import dev.videorec.data.movielens.MovieLensReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The dataset options of the commands that read one ({@code --data DIR} or {@code --movielens DIR}, and with
 * {@link #withLog} {@code --log FILE --columns SPEC}), mixed into each, and the loading they share.
 */
final class Datasets {
  /** The time-split points of the synthetic data's commands: the first 80% of the span trains. */
  static final double TRAIN_FRACTION = 0.8;
  /** ... the next 10% is the validation window, the last 10% the test window. */
  static final double VALIDATION_FRACTION = 0.9;

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--data", paramLabel = "DIR",
      description = "videorec dataset directory (default: the committed sample, data/sample)")
  Path data;

  @Option(names = "--movielens", paramLabel = "DIR", description = "a MovieLens release instead (ratings.csv "
      + "[+ movies.csv], u.data [+ u.item] or ratings.dat [+ movies.dat])")
  Path movielens;

  @Option(names = "--positive-threshold", paramLabel = "R",
      description = "rating counted as a positive (default 4; ratings data only)")
  Double positiveThreshold;

  @Option(names = "--skip-bad-rows",
      description = "skip malformed rows, count them and report them, instead of failing")
  boolean skipBadRows;

  private Path log;
  private String columns;

  /** The committed sample: under the installation (set by the launcher), else under the working directory. */
  static Path defaultSample() {
    String home = System.getProperty("videorec.home");
    return (home == null ? Path.of("") : Path.of(home)).resolve("data").resolve("sample");
  }

  /** Parses a {@code --columns} mapping; {@code command} names the command in the error. */
  static LogColumns columns(String command, String spec) {
    if (spec == null) {
      throw new UsageException(command + ": --log needs --columns user=COL,item=COL,time=COL[,...]");
    }
    try {
      return LogColumns.parse(spec);
    } catch (IllegalArgumentException e) {
      throw new UsageException(command + ": " + e.getMessage());
    }
  }

  /** The same options with an interaction log ({@code train --log FILE --columns SPEC}) as a third choice. */
  Datasets withLog(Path log, String columns) {
    this.log = log;
    this.columns = columns;
    return this;
  }

  /** Which kind of data was asked for. */
  boolean ratings() {
    return movielens != null || log != null;
  }

  /** The file or directory read. */
  Path path() {
    return movielens != null ? movielens : log != null ? log : data != null ? data : defaultSample();
  }

  double threshold() {
    double t = positiveThreshold == null ? MovieLensOptions.DEFAULT_POSITIVE_THRESHOLD : positiveThreshold;
    if (!(t >= 0.5 && t <= 5)) {
      throw usage("--positive-threshold must be in [0.5, 5.0], got " + t);
    }
    return t;
  }

  LogColumns logColumns() {
    return columns(command.name(), columns);
  }

  /** Reads the dataset and reports on {@code err} any rows {@code --skip-bad-rows} skipped. */
  Dataset load(PrintWriter err) {
    return load(err, ReadOptions.WHOLE_LOG);
  }

  /**
   * Reads the dataset, a videorec dataset's log from second {@code since} on (epoch seconds;
   * {@link ReadOptions#WHOLE_LOG} for all of it), and reports on {@code err} any rows {@code --skip-bad-rows}
   * skipped.
   */
  Dataset load(PrintWriter err, long since) {
    int given = (data != null ? 1 : 0) + (movielens != null ? 1 : 0) + (log != null ? 1 : 0);
    if (given > 1) {
      throw usage(log != null ? "give one of --data, --movielens and --log" : "give --data or --movielens, not both");
    }
    if (!ratings() && positiveThreshold != null) {
      throw usage("--positive-threshold applies to --movielens" + (command.findOption("--log") != null ? " and --log" : "") + " only");
    }
    if (log == null && columns != null) {
      throw usage("--columns applies to --log only");
    }
    Dataset d = log != null ? InteractionLogReader.read(log, logColumns(), threshold(), skipBadRows).dataset()
        : movielens != null ? MovieLensReader.read(movielens, new MovieLensOptions(threshold(), skipBadRows))
        : DatasetReader.read(path(), new ReadOptions(skipBadRows, since));
    if (d.skipped().count() > 0) {
      err.println("videorec: " + d.skipped().describe());
      for (String example : d.skipped().examples().subList(1, d.skipped().examples().size())) {
        err.println("  also: " + example);
      }
    }
    return d;
  }

  private UsageException usage(String message) {
    return new UsageException(command.name() + ": " + message);
  }
}

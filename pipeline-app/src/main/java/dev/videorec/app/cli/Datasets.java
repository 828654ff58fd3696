package dev.videorec.app.cli;

import dev.videorec.data.Dataset;
import dev.videorec.data.DatasetReader;
import dev.videorec.data.ReadOptions;
import dev.videorec.data.log.InteractionLogReader;
import dev.videorec.data.log.LogColumns;
import dev.videorec.data.movielens.MovieLensOptions;
import dev.videorec.data.movielens.MovieLensReader;
import java.io.PrintStream;
import java.nio.file.Path;

/** Loads the dataset a command's options name: {@code --data DIR} or {@code --movielens DIR}. */
public final class Datasets {
  /** The time-split points of the synthetic data's commands: the first 80% of the span trains. */
  static final double TRAIN_FRACTION = 0.8;
  /** ... the next 10% is the validation window, the last 10% the test window. */
  static final double VALIDATION_FRACTION = 0.9;

  /** The committed sample: under the installation (set by the launcher), else under the working directory. */
  static Path defaultSample() {
    String home = System.getProperty("videorec.home");
    return (home == null ? Path.of("") : Path.of(home)).resolve("data").resolve("sample");
  }

  private Datasets() {}

  /** The {@code --columns} mapping of a {@code --log}. */
  static LogColumns columns(Options o) {
    if (!o.has("columns")) {
      throw new UsageException(o.command() + ": --log needs --columns user=COL,item=COL,time=COL[,...]");
    }
    try {
      return LogColumns.parse(o.string("columns", ""));
    } catch (IllegalArgumentException e) {
      throw new UsageException(o.command() + ": " + e.getMessage());
    }
  }

  /**
   * Reads the dataset and reports on {@code err} any rows {@code --skip-bad-rows} skipped.
   *
   * @param fallback the directory read when neither option is given
   */
  static Dataset load(Options o, Path fallback, PrintStream err) {
    boolean skip = o.flag("skip-bad-rows");
    Dataset d;
    if (o.has("log")) {
      if (o.has("data") || o.has("movielens")) {
        throw new UsageException(o.command() + ": give one of --data, --movielens and --log");
      }
      double threshold = o.decimal("positive-threshold", MovieLensOptions.DEFAULT_POSITIVE_THRESHOLD, 0.5, 5);
      d = InteractionLogReader.read(o.requiredPath("log"), columns(o), threshold, skip).dataset();
    } else if (o.has("movielens")) {
      if (o.has("data")) {
        throw new UsageException(o.command() + ": give --data or --movielens, not both");
      }
      double threshold = o.decimal("positive-threshold", MovieLensOptions.DEFAULT_POSITIVE_THRESHOLD, 0.5, 5);
      d = MovieLensReader.read(o.requiredPath("movielens"), new MovieLensOptions(threshold, skip));
    } else {
      if (o.has("positive-threshold")) {
        throw new UsageException(o.command() + ": --positive-threshold applies to --movielens"
            + (o.command().equals("train") ? " and --log" : "") + " only");
      }
      if (o.has("columns")) {
        throw new UsageException(o.command() + ": --columns applies to --log only");
      }
      d = DatasetReader.read(fallback, new ReadOptions(skip));
    }
    if (d.skipped().count() > 0) {
      err.println("videorec: " + d.skipped().describe());
      for (String example : d.skipped().examples().subList(1, d.skipped().examples().size())) {
        err.println("  also: " + example);
      }
    }
    return d;
  }
}

package dev.videorec.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark side of every batch job: the session on a master, the stages' progress on standard error, and output
 * written to a temporary path and renamed into place, so a failed job leaves nothing half-written.
 */
public final class Spark {
  private Spark() {}

  /**
   * A session on {@code master} ({@code local[*]}, {@code local[N]}, {@code spark://HOST:PORT}, {@code yarn},
   * {@code k8s://...}). A local master binds to 127.0.0.1.
   *
   * @param partitions shuffle partitions, or 0 for Spark's adaptive default
   * @param ui         whether to start Spark's web UI (its address is printed)
   * @param progress   receives a line per stage submitted and completed, and every 10 s of a running stage
   */
  public static SparkSession start(String job, String master, int partitions, boolean ui, PrintWriter progress) {
    SparkSession.Builder b = SparkSession.builder().appName("videorec " + job).master(master)
        .config("spark.ui.enabled", ui)
        .config("spark.ui.showConsoleProgress", false)
        .config("spark.sql.session.timeZone", "UTC");
    if (master.startsWith("local")) {
      b.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1");
    }
    if (partitions > 0) {
      b.config("spark.sql.shuffle.partitions", partitions).config("spark.default.parallelism", partitions);
    } else if (master.startsWith("local")) {
      // Spark's 200 shuffle partitions suit a cluster; in one process, a few per core keep tasks and files few.
      b.config("spark.sql.shuffle.partitions", 4 * localCores(master));
    }
    SparkSession spark = b.getOrCreate();
    if (progress != null) {
      spark.sparkContext().addSparkListener(new StageProgress(progress));
      if (ui && spark.sparkContext().uiWebUrl().isDefined()) {
        progress.println("  Spark UI: " + spark.sparkContext().uiWebUrl().get());
      }
      progress.println("  Spark " + spark.version() + " on " + master + " ("
          + spark.sparkContext().defaultParallelism() + " task slots)");
    }
    return spark;
  }

  /** Rows per shuffle partition that a job sized by {@link #sizeShuffle} aims at at most. */
  static final long ROWS_PER_PARTITION = 1_500_000;
  /** The most shuffle partitions {@link #sizeShuffle} sets. */
  static final int MAX_SIZED_PARTITIONS = 20_000;

  /**
   * Raises the session's shuffle partitions so that none holds more than {@value #ROWS_PER_PARTITION} of {@code
   * rows} (a partition's sort and window buffers must fit beside the others in an executor's memory); never
   * lowers them. For jobs run without {@code --partitions}.
   *
   * @return the shuffle partitions now set
   */
  static int sizeShuffle(SparkSession spark, long rows, PrintWriter progress) {
    int now = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
    long wanted = (rows + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION;
    int n = (int) Math.min(MAX_SIZED_PARTITIONS, Math.max(now, wanted));
    if (n != now) {
      spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(n));
    }
    if (progress != null) {
      progress.printf(java.util.Locale.ROOT, "  %d shuffle partitions for about %,d rows%n", n, rows);
    }
    return n;
  }

  /** The cores a local master uses: local (1), local[N], local[*] (all). */
  static int localCores(String master) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?\\])?")
        .matcher(master);
    if (!m.matches()) {
      return Runtime.getRuntime().availableProcessors();
    }
    if (m.group(1) == null) {
      return 1;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
  }

  /** Names the jobs {@code spark} runs from now on in the progress output and the Spark UI. */
  public static void describe(SparkSession spark, String what) {
    spark.sparkContext().setJobDescription(what);
  }

  /**
   * Fails unless {@code out} can be created: it must not exist and its parent must be a writable directory.
   * Called before any Spark work.
   */
  public static void checkNew(String option, Path out) {
    if (Files.exists(out)) {
      throw new BatchInputException(option + " " + out + " already exists; remove it or choose another path");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
      throw new BatchInputException(option + " " + out + ": the directory " + parent
          + " does not exist or is not writable");
    }
  }

  /**
   * Writes through {@code writer} ({@code format}: parquet, csv) into a temporary sibling of {@code out}, then
   * renames it to {@code out}; on failure the temporary output is deleted.
   */
  public static void writeAtomically(SparkSession spark, DataFrameWriter<Row> writer, String format, Path out) {
    Path abs = out.toAbsolutePath();
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp-" + UUID.randomUUID());
    org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(tmp.toUri());
    org.apache.hadoop.fs.Path to = new org.apache.hadoop.fs.Path(abs.toUri());
    try {
      FileSystem fs = from.getFileSystem(spark.sparkContext().hadoopConfiguration());
      boolean done = false;
      try {
        writer.format(format).save(from.toString());
        fs.delete(new org.apache.hadoop.fs.Path(from, "_SUCCESS"), false);
        if (!fs.rename(from, to)) {
          throw new IOException("cannot rename " + from + " to " + to);
        }
        done = true;
      } finally {
        if (!done) {
          fs.delete(from, true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
  }

  /** Prints stages as they start and end, and running stages' task counts every 10 s. */
  static final class StageProgress extends SparkListener {
    private final PrintWriter out;
    private final Map<Integer, int[]> done = new ConcurrentHashMap<>();
    private final Map<Integer, Long> lastPrinted = new ConcurrentHashMap<>();
    private volatile String lastDescription;

    StageProgress(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void onJobStart(SparkListenerJobStart e) {
      String what = e.properties() == null ? null : e.properties().getProperty("spark.job.description");
      // Spark runs one step as several jobs (adaptive execution plans stage by stage): each step is named once.
      if (what != null && !what.equals(lastDescription)) {
        lastDescription = what;
        out.printf(Locale.ROOT, "  %s%n", what);
      }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted e) {
      StageInfo s = e.stageInfo();
      done.put(s.stageId(), new int[1]);
      lastPrinted.put(s.stageId(), System.nanoTime());
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
      int[] n = done.get(e.stageId());
      if (n == null) {
        return;
      }
      synchronized (n) {
        n[0]++;
      }
      long now = System.nanoTime();
      Long last = lastPrinted.get(e.stageId());
      if (last != null && now - last > 10_000_000_000L) {
        lastPrinted.put(e.stageId(), now);
        out.printf(Locale.ROOT, "    stage %d: %d tasks done%n", e.stageId(), n[0]);
      }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted e) {
      StageInfo s = e.stageInfo();
      done.remove(s.stageId());
      lastPrinted.remove(s.stageId());
      long ms = s.completionTime().isDefined() && s.submissionTime().isDefined()
          ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : 0;
      String failed = s.failureReason().isDefined() ? " FAILED: " + s.failureReason().get() : "";
      out.printf(Locale.ROOT, "    stage %d: %d tasks in %.1f s%s%n", s.stageId(), s.numTasks(), ms / 1000.0,
          failed);
    }
  }
}

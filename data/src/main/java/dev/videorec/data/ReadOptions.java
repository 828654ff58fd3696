package dev.videorec.data;

/**
 * How strictly a reader treats malformed rows, and which part of the log it keeps.
 *
 * @param skipBadRows false (the default): the first malformed row stops the read with a {@link DataFileException};
 *                    true: malformed rows are skipped, counted and reported in {@link SkippedRows}. Problems with
 *                    a whole file (missing, wrong header) always stop the read.
 * @param since       the first second of the log kept (epoch seconds): interactions before it are read, checked for
 *                    time order and dropped, so a log larger than memory can train on its latest days (a rolling
 *                    training window); {@link #WHOLE_LOG} keeps every interaction. The catalogue, users and
 *                    subscriptions are read whole either way.
 */
public record ReadOptions(boolean skipBadRows, long since) {
  /** {@link #since} for keeping the whole log. */
  public static final long WHOLE_LOG = Long.MIN_VALUE;
  public static final ReadOptions STRICT = new ReadOptions(false);
  public static final ReadOptions LENIENT = new ReadOptions(true);

  /** Options that keep the whole log. */
  public ReadOptions(boolean skipBadRows) {
    this(skipBadRows, WHOLE_LOG);
  }

  /** Whether interactions before some second are dropped. */
  public boolean windowed() {
    return since != WHOLE_LOG;
  }
}

package dev.videorec.data;

/**
 * How strictly a reader treats malformed rows.
 *
 * @param skipBadRows false (the default): the first malformed row stops the read with a {@link DataFileException};
 *                    true: malformed rows are skipped, counted and reported in {@link SkippedRows}. Problems with
 *                    a whole file (missing, wrong header) always stop the read.
 */
public record ReadOptions(boolean skipBadRows) {
  public static final ReadOptions STRICT = new ReadOptions(false);
  public static final ReadOptions LENIENT = new ReadOptions(true);
}

package dev.videorec.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file is malformed. The message always names the file, the 1-based line and the problem, in the form
 * {@code interactions.csv:17: expected 6 fields, got 5}, so that a user can open the file at the right line.
 */
public final class DataFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final String problem;

  public DataFileException(Path file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.problem = Objects.requireNonNull(problem, "problem");
  }

  /** The most characters of a value an error message quotes: a malformed 50 MB field is not echoed whole. */
  public static final int MAX_QUOTED = 80;

  /** {@code 'value'}, cut to {@value #MAX_QUOTED} characters with the full length said. */
  public static String quote(String s) {
    return s.length() <= MAX_QUOTED ? "'" + s + "'"
        : "'" + s.substring(0, MAX_QUOTED) + "…' (" + s.length() + " characters)";
  }

  public Path file() {
    return file;
  }

  /** 1-based line number; 0 when the problem concerns the file as a whole. */
  public long line() {
    return line;
  }

  public String problem() {
    return problem;
  }
}

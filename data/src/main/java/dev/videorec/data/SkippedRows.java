package dev.videorec.data;

import java.util.ArrayList;
import java.util.List;

/**
 * What a lenient read skipped: how many rows, and the first few problems word for word, so that nothing is dropped
 * silently.
 *
 * @param count    rows skipped
 * @param examples the first {@value #MAX_EXAMPLES} problems, each {@code file:line: problem}
 */
public record SkippedRows(long count, List<String> examples) {
  public static final int MAX_EXAMPLES = 5;
  public static final SkippedRows NONE = new SkippedRows(0, List.of());

  public SkippedRows {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0, got " + count);
    }
    examples = List.copyOf(examples);
  }

  /** A one-line report such as {@code skipped 3 malformed rows; first: a.csv:7: ...}. */
  public String describe() {
    return count == 0 ? "no rows skipped"
        : "skipped " + count + " malformed row" + (count == 1 ? "" : "s") + "; first: " + examples.get(0);
  }

  /** Collects skipped rows while reading. Not thread-safe. */
  public static final class Collector {
    private long count;
    private final List<String> examples = new ArrayList<>();

    public void skip(DataFileException e) {
      count++;
      if (examples.size() < MAX_EXAMPLES) {
        examples.add(e.getMessage());
      }
    }

    public SkippedRows result() {
      return count == 0 ? NONE : new SkippedRows(count, examples);
    }
  }
}

package dev.videorec.core.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A Markdown (GitHub) table, built row by row: every report of videorec writes its tables through here. Cells are
 * text as given; {@link #number} formats a figure, a NaN as an en dash.
 *
 * <pre>
 *   | model | AUC |
 *   |---|---|
 *   | deep | 0.8152 |
 * </pre>
 */
public final class MarkdownTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** @throws IllegalArgumentException without a column */
  public MarkdownTable(List<String> header) {
    if (header.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
    this.header = List.copyOf(header);
  }

  public MarkdownTable(String... header) {
    this(List.of(header));
  }

  /**
   * Adds one row.
   *
   * @throws IllegalArgumentException if the row has another number of cells than the header
   */
  public MarkdownTable row(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of " + header.size()
          + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  public MarkdownTable row(String... cells) {
    return row(List.of(cells));
  }

  /** {@code value} with {@code decimals} decimals, or "–" for NaN. */
  public static String number(double value, int decimals) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** The table, one line per row, each line ending with a line break. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    line(sb, header);
    sb.append('|').append("---|".repeat(header.size())).append('\n');
    rows.forEach(r -> line(sb, r));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(Objects.requireNonNull(c, "cell").isEmpty() ? " |" : " " + c + " |");
    }
    sb.append('\n');
  }
}

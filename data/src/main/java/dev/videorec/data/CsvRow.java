package dev.videorec.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One split line of a delimited file, with typed accessors whose errors name the column, the file and the line.
 * Reused from line to line by {@link CsvReader}; not thread-safe.
 */
public final class CsvRow {
  private final Path file;
  private final String[] header;
  long line;
  String[] fields;

  CsvRow(Path file, String[] header) {
    this.file = file;
    this.header = header;
  }

  /** The 1-based line number in the file. */
  public long line() {
    return line;
  }

  public int size() {
    return fields.length;
  }

  /** The raw text of field {@code i}. */
  public String field(int i) {
    return fields[i];
  }

  /** The header name of column {@code i}. */
  public String column(int i) {
    return i < header.length ? header[i] : "field " + (i + 1);
  }

  public int intField(int i) {
    long v = longField(i);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw error(column(i) + " is out of range: " + DataFileException.quote(fields[i]));
    }
    return (int) v;
  }

  public long longField(int i) {
    try {
      return Long.parseLong(fields[i].trim());
    } catch (NumberFormatException e) {
      throw error(column(i) + " is not an integer: " + DataFileException.quote(fields[i]));
    }
  }

  public double doubleField(int i) {
    try {
      double d = Double.parseDouble(fields[i].trim());
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(column(i) + " is not a number: " + DataFileException.quote(fields[i]));
    }
  }

  /** A 0/1 field. */
  public boolean flag(int i) {
    String f = fields[i];
    if (f.equals("1")) {
      return true;
    }
    if (f.equals("0")) {
      return false;
    }
    throw error(column(i) + " must be 0 or 1, got " + DataFileException.quote(f));
  }

  /** A {@code |}-separated list of integers, such as {@code 3|7}. */
  public List<Integer> intList(int i) {
    List<Integer> out = new ArrayList<>();
    for (String part : fields[i].split("\\|", -1)) {
      try {
        out.add(Integer.parseInt(part));
      } catch (NumberFormatException e) {
        throw error(column(i) + " must be integers separated by '|', got " + DataFileException.quote(fields[i]));
      }
    }
    return out;
  }

  /** An error at this row. */
  public DataFileException error(String problem) {
    return new DataFileException(file, line, problem);
  }
}

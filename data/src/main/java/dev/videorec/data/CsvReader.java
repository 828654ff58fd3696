package dev.videorec.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Line-by-line reading of delimited text files with precise errors. Fields may be quoted with {@code "} (a quoted
 * field may hold the delimiter, and {@code ""} stands for one quote), as in MovieLens' {@code movies.csv}.
 */
public final class CsvReader {
  private CsvReader() {}

  /** Receives each data row. May throw {@link DataFileException} (via {@link CsvRow#error}) to reject it. */
  public interface RowHandler {
    void accept(CsvRow row);
  }

  /**
   * Calls {@code handler} for every data row of a UTF-8 file with a header.
   *
   * @param expectedHeader the exact header line; its fields name the columns and fix the field count
   * @param onBadRow       receives rejected rows and the read goes on; null to stop at the first one
   * @throws DataFileException if the file is missing, its header differs, or (without {@code onBadRow}) a row is
   *                           malformed
   */
  public static void forEachRow(Path file, String expectedHeader, char delimiter, RowHandler handler,
                                Consumer<DataFileException> onBadRow) {
    forEachRow(file, StandardCharsets.UTF_8, expectedHeader, split(expectedHeader, delimiter).toArray(new String[0]),
        delimiter, handler, onBadRow);
  }

  /**
   * The general form: {@code expectedHeader} null means the file has no header row, and {@code columns} names
   * the fields and fixes their count.
   */
  public static void forEachRow(Path file, Charset charset, String expectedHeader, String[] columns, char delimiter,
                                RowHandler handler, Consumer<DataFileException> onBadRow) {
    forEachRow(file, charset, expectedHeader, columns, line -> split(line, delimiter),
        String.valueOf(delimiter), handler, onBadRow);
  }

  /**
   * Rows separated by a literal multi-character separator, without quoting, as in the {@code ratings.dat} and
   * {@code movies.dat} files of ml-1m and ml-10m ({@code ::}).
   */
  public static void forEachSeparatedRow(Path file, Charset charset, String[] columns, String separator,
                                         RowHandler handler, Consumer<DataFileException> onBadRow) {
    forEachRow(file, charset, null, columns, line -> List.of(line.split(java.util.regex.Pattern.quote(separator),
        -1)), separator, handler, onBadRow);
  }

  private static void forEachRow(Path file, Charset charset, String expectedHeader, String[] columns,
                                 java.util.function.Function<String, List<String>> splitter, String separator,
                                 RowHandler handler, Consumer<DataFileException> onBadRow) {
    CsvRow row = new CsvRow(file, columns);
    try (BufferedReader in = Files.newBufferedReader(file, charset)) {
      String text;
      if (expectedHeader != null) {
        text = in.readLine();
        row.line = 1;
        if (text == null) {
          throw row.error("empty file; expected the header '" + expectedHeader + "'");
        }
        if (text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (!text.equals(expectedHeader)) {
          throw row.error("header is '" + text + "', expected '" + expectedHeader + "'");
        }
      }
      while ((text = in.readLine()) != null) {
        row.line++;
        try {
          if (text.isEmpty()) {
            throw row.error("empty line");
          }
          List<String> fields = splitter.apply(text);
          if (fields == null) {
            throw row.error("unterminated quoted field");
          }
          row.fields = fields.toArray(new String[0]);
          if (row.fields.length != columns.length) {
            throw row.error("expected " + columns.length + " fields (" + String.join(separator, columns) + "), got "
                + row.fields.length);
          }
          try {
            handler.accept(row);
          } catch (IllegalArgumentException e) {
            // A domain record rejected a value (negative position, watch seconds without a click...).
            throw row.error(e.getMessage());
          }
        } catch (DataFileException e) {
          if (onBadRow == null) {
            throw e;
          }
          onBadRow.accept(e);
        }
      }
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "missing");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " near line " + row.line, e);
    }
  }

  /** Splits one line; returns null for an unterminated quote. */
  static List<String> split(String line, char delimiter) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == delimiter) {
        out.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      return null;
    }
    out.add(field.toString());
    return out;
  }
}

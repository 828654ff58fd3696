package dev.videorec.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reading of delimited text files, parsed by Apache Commons CSV, with errors that name the file and the line.
 * Fields may be quoted with {@code "} (RFC 4180: a quoted field may hold the delimiter and line breaks, and
 * {@code ""} stands for one quote), as in MovieLens' {@code movies.csv}; the {@code ::} files of ml-1m and ml-10m
 * are read without quoting.
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
   * @throws DataFileException if the file is missing, its header differs, a quoted field is malformed, or (without
   *                           {@code onBadRow}) a row is rejected
   */
  public static void forEachRow(Path file, String expectedHeader, char delimiter, RowHandler handler,
                                Consumer<DataFileException> onBadRow) {
    forEachRow(file, StandardCharsets.UTF_8, expectedHeader,
        expectedHeader.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1), delimiter, handler,
        onBadRow);
  }

  /**
   * The general form: {@code expectedHeader} null means the file has no header row, and {@code columns} names
   * the fields and fixes their count.
   */
  public static void forEachRow(Path file, Charset charset, String expectedHeader, String[] columns, char delimiter,
                                RowHandler handler, Consumer<DataFileException> onBadRow) {
    read(file, charset, expectedHeader, columns, format(String.valueOf(delimiter), true), handler, onBadRow);
  }

  /**
   * Rows separated by a literal multi-character separator, without quoting, as in the {@code ratings.dat} and
   * {@code movies.dat} files of ml-1m and ml-10m ({@code ::}).
   */
  public static void forEachSeparatedRow(Path file, Charset charset, String[] columns, String separator,
                                         RowHandler handler, Consumer<DataFileException> onBadRow) {
    read(file, charset, null, columns, format(separator, false), handler, onBadRow);
  }

  /** The dialect: the delimiter, optional quoting, every line a record (an empty one is reported, not skipped). */
  private static CSVFormat format(String delimiter, boolean quoted) {
    CSVFormat.Builder b = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false);
    if (!quoted) {
      b.setQuote(null);
    }
    return b.get();
  }

  /**
   * The 1-based line of the first byte sequence {@code charset} cannot decode (the reader reads ahead, so where it
   * failed is not where the bad bytes are); 0 if none is found.
   */
  static long firstUndecodableLine(Path file, Charset charset) {
    CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    CharBuffer out = CharBuffer.allocate(1 << 16);
    long line = 1;
    try (var channel = Files.newByteChannel(file)) {
      boolean eof = false;
      while (!eof) {
        eof = channel.read(in) < 0;
        in.flip();
        int start = in.position();
        CoderResult result = decoder.decode(in, out, eof);
        int end = in.position();
        for (int i = start; i < end; i++) {
          line += in.get(i) == '\n' ? 1 : 0;
        }
        if (result.isError()) {
          return line;
        }
        out.clear();
        in.compact();
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  private static void read(Path file, Charset charset, String expectedHeader, String[] columns, CSVFormat format,
                           RowHandler handler, Consumer<DataFileException> onBadRow) {
    CsvRow row = new CsvRow(file, columns);
    String delimiter = format.getDelimiterString();
    try (Reader in = Files.newBufferedReader(file, charset); CSVParser parser = CSVParser.builder().setReader(in)
        .setFormat(format).get()) {
      Iterator<CSVRecord> records = parser.iterator();
      boolean header = expectedHeader != null;
      while (true) {
        row.line = parser.getCurrentLineNumber() + 1;
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            if (header) {
              throw row.error("empty file; expected the header '" + expectedHeader + "'");
            }
            break;
          }
          record = records.next();
        } catch (UncheckedIOException e) {
          if (e.getCause() instanceof CharacterCodingException) {
            throw new DataFileException(file, firstUndecodableLine(file, charset), "not valid " + charset.name()
                + " text");
          }
          // A malformed quoted field: the parser cannot tell where the row ends, so the read stops here.
          throw row.error("malformed quoted field (" + e.getCause().getMessage() + ")");
        }
        row.fields = record.values();
        if (header) {
          header = false;
          String text = String.join(delimiter, row.fields);
          if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
          }
          if (!text.equals(expectedHeader)) {
            throw row.error("header is " + DataFileException.quote(text) + ", expected '" + expectedHeader + "'");
          }
          continue;
        }
        try {
          if (row.fields.length == 1 && row.fields[0].isEmpty()) {
            throw row.error("empty line");
          }
          if (row.fields.length == 1 && columns.length > 1) {
            String name = delimiter.equals("\t") ? "tabs" : "'" + delimiter + "'";
            throw row.error("fields must be separated by " + name + (delimiter.equals("\t") && row.fields[0]
                .contains(" ") ? ", got spaces" : ", got one field"));
          }
          if (row.fields.length != columns.length) {
            throw row.error("expected " + columns.length + " fields (" + String.join(delimiter, columns) + "), got "
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
    } catch (CharacterCodingException e) {
      throw new DataFileException(file, firstUndecodableLine(file, charset), "not valid " + charset.name() + " text");
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException("cannot read " + file + " near line " + row.line,
          e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
    }
  }
}

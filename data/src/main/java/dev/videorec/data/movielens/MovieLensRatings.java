package dev.videorec.data.movielens;

import dev.videorec.core.io.AtomicFiles;
import dev.videorec.data.CsvReader;
import dev.videorec.data.DataFileException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ratings file of a MovieLens release on its own: read as plain ratings (for evaluating recommendations
 * against held-out ratings) and split by time into two releases of the same layout.
 */
public final class MovieLensRatings {
  /** Metadata files copied unchanged into both halves of a split (those that exist). */
  static final List<String> METADATA_FILES = List.of("movies.csv", "links.csv", "u.item", "u.genre");

  /**
   * One rating.
   *
   * @param user      the user id
   * @param movie     the movie id
   * @param rating    the stars, in [0.5, 5]
   * @param timestamp epoch seconds
   */
  public record Rating(int user, int movie, double rating, long timestamp) {}

  /**
   * How a split went.
   *
   * @param cut        the first second of the second half (epoch seconds)
   * @param firstRows  ratings before the cut
   * @param secondRows ratings at or after it
   */
  public record SplitSummary(long cut, long firstRows, long secondRows) {}

  private MovieLensRatings() {}

  /** The ratings file of a release directory ({@code ratings.csv} or {@code u.data}), or the file itself. */
  public static Path ratingsFile(Path fileOrDir) {
    if (Files.isDirectory(fileOrDir)) {
      return MovieLensReader.detect(fileOrDir) == MovieLensReader.Layout.CSV ? fileOrDir.resolve("ratings.csv")
          : fileOrDir.resolve("u.data");
    }
    if (!Files.isRegularFile(fileOrDir)) {
      throw new DataFileException(fileOrDir, 0, "no such ratings file or MovieLens directory");
    }
    String name = fileOrDir.getFileName().toString();
    if (!name.endsWith(".csv") && !name.equals("u.data")) {
      throw new DataFileException(fileOrDir, 0, "unknown layout: expected a ratings file in the MovieLens CSV "
          + "layout (header '" + MovieLensReader.CSV_RATINGS_HEADER + "') or the ml-100k u.data layout");
    }
    return fileOrDir;
  }

  /**
   * Reads every rating of a ratings file, or of a release directory's ratings file.
   *
   * @param onBadRow receives malformed rows and the read goes on; null to fail at the first one
   * @throws DataFileException naming the file, the line and the problem
   */
  public static List<Rating> read(Path fileOrDir, Consumer<DataFileException> onBadRow) {
    Path file = ratingsFile(fileOrDir);
    List<Rating> out = new ArrayList<>();
    CsvReader.RowHandler handler = row -> {
      int user = row.intField(0);
      int movie = row.intField(1);
      double rating = row.doubleField(2);
      long ts = row.longField(3);
      if (user < 0 || movie < 0) {
        throw row.error("ids must be >= 0");
      }
      if (!(rating >= 0.5 && rating <= 5)) {
        throw row.error("rating must be in [0.5, 5], got " + row.field(2));
      }
      out.add(new Rating(user, movie, rating, ts));
    };
    if (file.getFileName().toString().equals("u.data")) {
      CsvReader.forEachRow(file, StandardCharsets.UTF_8, null, MovieLensReader.U_DATA_COLUMNS, '\t', handler,
          onBadRow);
    } else {
      CsvReader.forEachRow(file, MovieLensReader.CSV_RATINGS_HEADER, ',', handler, onBadRow);
    }
    return out;
  }

  /**
   * Splits a release by time: ratings before {@code fraction} of the ratings' time span go to {@code first}, the
   * others to {@code second}. Both are releases of the input's layout: the ratings file keeps its header and its
   * rows word for word, and the metadata files are copied. Each directory is written atomically.
   *
   * @throws DataFileException if the release is malformed (every rating is validated first)
   */
  public static SplitSummary split(Path dir, double fraction, Path first, Path second) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
    }
    Path file = ratingsFile(dir);
    List<Rating> ratings = read(file, null);
    if (ratings.isEmpty()) {
      throw new DataFileException(file, 0, "no ratings to split");
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Rating r : ratings) {
      min = Math.min(min, r.timestamp());
      max = Math.max(max, r.timestamp());
    }
    long cut = min + (long) ((max + 1 - min) * fraction);
    boolean header = !file.getFileName().toString().equals("u.data");
    char delimiter = header ? ',' : '\t';
    long[] counts = new long[2];
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int half = 0; half < 2; half++) {
        int which = half;
        AtomicFiles.writeDirectory(half == 0 ? first : second, tmp -> {
          try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve(file.getFileName()), StandardCharsets.UTF_8)) {
            int start = 0;
            if (header) {
              w.write(lines.get(0));
              w.newLine();
              start = 1;
            }
            for (int i = start; i < lines.size(); i++) {
              String line = lines.get(i);
              if (line.isEmpty()) {
                continue;
              }
              long ts = Long.parseLong(line.substring(line.lastIndexOf(delimiter) + 1).trim());
              if ((ts < cut) == (which == 0)) {
                w.write(line);
                w.newLine();
                counts[which]++;
              }
            }
          }
          for (String meta : METADATA_FILES) {
            Path m = dir.resolve(meta);
            if (Files.isDirectory(dir) && Files.isRegularFile(m)) {
              Files.copy(m, tmp.resolve(meta));
            }
          }
        });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot split " + file, e);
    }
    return new SplitSummary(cut, counts[0], counts[1]);
  }
}

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
  static final List<String> METADATA_FILES = List.of("movies.csv", "links.csv", "u.item", "u.genre", "movies.dat");

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
  public record SplitSummary(long cut, long firstRows, long secondRows, List<Path> leftoversRemoved) {}

  /** The kind of directory {@link #split} writes (see {@link AtomicFiles#MARKER}). */
  public static final String SPLIT_KIND = "videorec-movielens-split";

  /**
   * Checks that {@link #split} may write {@code first} and {@code second}: each is absent, empty, or a release an
   * earlier split wrote.
   *
   * @throws UncheckedIOException naming the directory that is in the way
   */
  public static void checkOutputs(Path first, Path second) {
    for (Path p : List.of(first, second)) {
      try {
        AtomicFiles.checkReplaceable(p, SPLIT_KIND);
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }
  }

  /**
   * How ratings are divided between the training and the test release.
   *
   * <ul>
   *   <li>{@link #GLOBAL}: one cut in time for everybody: ratings before the point {@code fraction} of the ratings'
   *       time span train, the rest test. No test rating is older than a training one, so nothing of the future
   *       leaks; on logs where users are active in short bursts, most test users are new.</li>
   *   <li>{@link #USER_LAST}: each user's latest {@code fraction} of ratings (by time, at least one for a user with
   *       two or more) are held out. Every test user is known, but other users' later ratings stay in training:
   *       a model can learn from the future it is tested on (a trend, a new movie's popularity), so figures are
   *       optimistic next to {@link #GLOBAL}.</li>
   *   <li>{@link #LEAVE_ONE_OUT}: each user's single latest rating (users with two or more) is held out; as
   *       leaky as {@link #USER_LAST}.</li>
   * </ul>
   */
  public enum Protocol {
    GLOBAL("global"), USER_LAST("user-last"), LEAVE_ONE_OUT("leave-one-out");

    private final String label;

    Protocol(String label) {
      this.label = label;
    }

    /** The name on the command line. */
    public String label() {
      return label;
    }

    /** The protocol named {@code label}, or empty. */
    public static java.util.Optional<Protocol> parse(String label) {
      for (Protocol p : values()) {
        if (p.label.equals(label)) {
          return java.util.Optional.of(p);
        }
      }
      return java.util.Optional.empty();
    }
  }

  private MovieLensRatings() {}

  /** The ratings file of a release directory ({@code ratings.csv} or {@code u.data}), or the file itself. */
  public static Path ratingsFile(Path fileOrDir) {
    if (Files.isDirectory(fileOrDir)) {
      return switch (MovieLensReader.detect(fileOrDir)) {
        case CSV -> fileOrDir.resolve("ratings.csv");
        case ML_100K -> fileOrDir.resolve("u.data");
        case DAT -> fileOrDir.resolve("ratings.dat");
      };
    }
    if (!Files.isRegularFile(fileOrDir)) {
      throw new DataFileException(fileOrDir, 0, "no such ratings file or MovieLens directory");
    }
    String name = fileOrDir.getFileName().toString();
    if (!name.endsWith(".csv") && !name.equals("u.data") && !name.endsWith(".dat")) {
      throw new DataFileException(fileOrDir, 0, "unknown layout: expected a ratings file in the MovieLens CSV "
          + "layout (header '" + MovieLensReader.CSV_RATINGS_HEADER + "'), the ml-100k u.data layout or the ml-1m "
          + "ratings.dat layout");
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
    return read(fileOrDir, onBadRow, null);
  }

  /** As {@link #read(Path, Consumer)}, adding each rating's 1-based file line to {@code lines} when not null. */
  private static List<Rating> read(Path fileOrDir, Consumer<DataFileException> onBadRow, List<long[]> lines) {
    Path file = ratingsFile(fileOrDir);
    List<Rating> out = new ArrayList<>();
    String name = file.getFileName().toString();
    MovieLensRules rules = new MovieLensRules(name.equals("u.data") ? MovieLensReader.Layout.ML_100K
        : name.endsWith(".dat") ? MovieLensReader.Layout.DAT : MovieLensReader.Layout.CSV, name);
    MovieLensRules.checkComplete(file);
    CsvReader.RowHandler handler = row -> {
      double rating = rules.check(row);
      out.add(new Rating(row.intField(0), row.intField(1), rating, row.longField(3)));
      if (lines != null) {
        lines.add(new long[] {row.line()});
      }
    };
    if (file.getFileName().toString().equals("u.data")) {
      CsvReader.forEachSeparatedRow(file, StandardCharsets.UTF_8, MovieLensReader.U_DATA_COLUMNS, "\t", handler,
          onBadRow);
    } else if (file.getFileName().toString().endsWith(".dat")) {
      CsvReader.forEachSeparatedRow(file, StandardCharsets.UTF_8, MovieLensReader.DAT_RATINGS_COLUMNS,
          MovieLensReader.DAT_SEPARATOR, handler, onBadRow);
    } else {
      CsvReader.forEachRow(file, MovieLensReader.CSV_RATINGS_HEADER, ',', handler, onBadRow);
    }
    return out;
  }

  /** The global temporal split: {@link #split(Path, Protocol, double, Path, Path)} with {@link Protocol#GLOBAL}. */
  public static SplitSummary split(Path dir, double fraction, Path first, Path second) {
    return split(dir, Protocol.GLOBAL, fraction, first, second);
  }

  /**
   * Splits a release into a training release ({@code first}) and a test release ({@code second}) of the input's
   * layout: the ratings file keeps its header and its rows word for word, and the metadata files are copied. Each
   * directory is written atomically.
   *
   * @param fraction for {@link Protocol#GLOBAL}, the share of the time span that trains; for
   *                 {@link Protocol#USER_LAST}, the share of each user's ratings held out; ignored for
   *                 {@link Protocol#LEAVE_ONE_OUT}
   * @return for the global split, the cut; for the per-user ones, the latest training timestamp plus one
   * @throws DataFileException if the release is malformed (every rating is validated first)
   */
  public static SplitSummary split(Path dir, Protocol protocol, double fraction, Path first, Path second) {
    java.util.Objects.requireNonNull(protocol, "protocol");
    if (protocol != Protocol.LEAVE_ONE_OUT && !(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
    }
    checkOutputs(first, second);
    Path file = ratingsFile(dir);
    List<long[]> lines = new ArrayList<>();
    List<Rating> ratings = read(file, null, lines);
    if (ratings.isEmpty()) {
      throw new DataFileException(file, 0, "no ratings to split");
    }
    java.util.Set<Long> testLines = new java.util.HashSet<>();
    long cut;
    if (protocol == Protocol.GLOBAL) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (Rating r : ratings) {
        min = Math.min(min, r.timestamp());
        max = Math.max(max, r.timestamp());
      }
      cut = min + (long) ((max + 1 - min) * fraction);
      for (int i = 0; i < ratings.size(); i++) {
        if (ratings.get(i).timestamp() >= cut) {
          testLines.add(lines.get(i)[0]);
        }
      }
    } else {
      // 1. Each user's ratings in time order (ties in file order).
      java.util.Map<Integer, List<Integer>> byUser = new java.util.TreeMap<>();
      for (int i = 0; i < ratings.size(); i++) {
        byUser.computeIfAbsent(ratings.get(i).user(), u -> new ArrayList<>()).add(i);
      }
      // 2. The latest ones are held out: at least one for a user with two or more, never all.
      long latestTrain = Long.MIN_VALUE;
      for (List<Integer> own : byUser.values()) {
        own.sort(java.util.Comparator.<Integer>comparingLong(i -> ratings.get(i).timestamp())
            .thenComparingLong(i -> lines.get(i)[0]));
        int n = own.size();
        int held = n < 2 ? 0 : protocol == Protocol.LEAVE_ONE_OUT ? 1
            : (int) Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
        for (int j = 0; j < n; j++) {
          if (j >= n - held) {
            testLines.add(lines.get(own.get(j))[0]);
          } else {
            latestTrain = Math.max(latestTrain, ratings.get(own.get(j)).timestamp());
          }
        }
      }
      cut = latestTrain == Long.MIN_VALUE ? 0 : latestTrain + 1;
    }
    boolean header = file.getFileName().toString().endsWith(".csv");
    long[] counts = new long[2];
    List<Path> leftovers = new ArrayList<>();
    try {
      List<String> text = Files.readAllLines(file, StandardCharsets.UTF_8);
      for (int half = 0; half < 2; half++) {
        int which = half;
        leftovers.addAll(AtomicFiles.writeDirectory(half == 0 ? first : second, SPLIT_KIND, tmp -> {
          try (BufferedWriter w = Files.newBufferedWriter(tmp.resolve(file.getFileName()), StandardCharsets.UTF_8)) {
            int start = 0;
            if (header) {
              w.write(text.get(0));
              w.newLine();
              start = 1;
            }
            for (int i = start; i < text.size(); i++) {
              String line = text.get(i);
              if (line.isEmpty()) {
                continue;
              }
              // File lines are 1-based.
              if (testLines.contains((long) i + 1) == (which == 1)) {
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
        }));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot split " + file, e);
    }
    return new SplitSummary(cut, counts[0], counts[1], leftovers);
  }
}

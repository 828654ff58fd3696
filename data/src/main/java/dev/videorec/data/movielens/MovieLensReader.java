package dev.videorec.data.movielens;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.Topic;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.CsvReader;
import dev.videorec.data.CsvRow;
import dev.videorec.data.DataFileException;
import dev.videorec.data.Dataset;
import dev.videorec.data.Manifest;
import dev.videorec.data.SkippedRows;
import dev.videorec.data.VideoCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a MovieLens release into a {@link Dataset}.
 *
 * <p>The mapping into videorec's domain:
 * <ul>
 *   <li>a movie becomes a video; its genres, in listed order, become its topics (each genre is a topic and its own
 *       category; without movie metadata every video has the single topic {@code unknown});</li>
 *   <li>each movie is its own creator (MovieLens has no channels), so per-creator rules act per movie;</li>
 *   <li>a movie has no duration: every video gets {@value #MOVIE_SECONDS} seconds, so that watch fractions are
 *       defined;</li>
 *   <li>its upload time is the earlier of 1 January of the year in its title (or release date) and its first
 *       rating;</li>
 *   <li>a rating becomes an impression at position 0 at the rating's timestamp: a click if the rating is at least
 *       the positive threshold, with a watch time of {@code rating / 5} of the duration standing in for
 *       engagement; a dislike if the rating is 2 or less, a like if it is a click rated 4.5 or more;</li>
 *   <li>users have unknown region, language and device, and may see every movie (MovieLens has no restrictions).
 *       </li>
 * </ul>
 * Interactions are sorted by time (then user, then movie). Malformed rows, ratings outside [0.5, 5], and ratings of
 * movies missing from the movie file fail the read with {@code file:line: problem}, or are skipped and counted
 * with {@link MovieLensOptions#skipBadRows()}.
 */
public final class MovieLensReader {
  /** The duration given to every movie: 100 minutes. */
  public static final int MOVIE_SECONDS = 6_000;
  static final String CSV_RATINGS_HEADER = "userId,movieId,rating,timestamp";
  static final String CSV_MOVIES_HEADER = "movieId,title,genres";
  static final String[] U_DATA_COLUMNS = {"user_id", "item_id", "rating", "timestamp"};
  static final String DAT_SEPARATOR = "::";
  static final String[] DAT_RATINGS_COLUMNS = {"UserID", "MovieID", "Rating", "Timestamp"};
  static final String[] DAT_MOVIES_COLUMNS = {"MovieID", "Title", "Genres"};
  /** The genres of ml-100k's {@code u.item} flags, used when {@code u.genre} is absent. */
  static final List<String> U_GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
      "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
      "Thriller", "War", "Western");
  private static final Pattern TITLE_YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");
  private static final DateTimeFormatter U_ITEM_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ROOT);

  private MovieLensReader() {}

  /** The layouts this reader understands. */
  public enum Layout {
    /** {@code ratings.csv} and optionally {@code movies.csv} (ml-latest-small, ml-latest, ml-20m, ml-25m). */
    CSV,
    /** {@code u.data} and optionally {@code u.item}, {@code u.genre} (ml-100k). */
    ML_100K,
    /** {@code ratings.dat} and optionally {@code movies.dat}, fields separated by {@code ::} (ml-1m, ml-10m). */
    DAT
  }

  /**
   * Which layout {@code dir} holds.
   *
   * @throws DataFileException if it is not a directory or holds neither layout
   */
  public static Layout detect(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new DataFileException(dir, 0, "not a MovieLens directory (it does not exist or is a file)");
    }
    if (Files.isRegularFile(dir.resolve("ratings.csv"))) {
      return Layout.CSV;
    }
    if (Files.isRegularFile(dir.resolve("u.data"))) {
      return Layout.ML_100K;
    }
    if (Files.isRegularFile(dir.resolve("ratings.dat"))) {
      return Layout.DAT;
    }
    throw new DataFileException(dir, 0, "unknown layout: expected ratings.csv (MovieLens CSV layout), u.data "
        + "(ml-100k layout) or ratings.dat (ml-1m and ml-10m layout)");
  }

  /**
   * Reads the release in {@code dir}.
   *
   * @throws DataFileException if the layout is unknown or a file is malformed
   */
  public static Dataset read(Path dir, MovieLensOptions options) {
    Objects.requireNonNull(options, "options");
    Layout layout = detect(dir);
    Collector c = new Collector(options);
    if (layout == Layout.CSV) {
      Path movies = dir.resolve("movies.csv");
      if (Files.isRegularFile(movies)) {
        readCsvMovies(movies, c);
      }
      Path ratings = dir.resolve("ratings.csv");
      MovieLensRules rules = new MovieLensRules(layout, "ratings.csv");
      MovieLensRules.checkComplete(ratings);
      CsvReader.forEachRow(ratings, CSV_RATINGS_HEADER, ',', row -> c.rating(row, rules.check(row)), c.onBadRow());
    } else if (layout == Layout.DAT) {
      Path movies = dir.resolve("movies.dat");
      if (Files.isRegularFile(movies)) {
        readDatMovies(movies, c);
      }
      MovieLensRules rules = new MovieLensRules(layout, "ratings.dat");
      MovieLensRules.checkComplete(dir.resolve("ratings.dat"));
      CsvReader.forEachSeparatedRow(dir.resolve("ratings.dat"), StandardCharsets.UTF_8, DAT_RATINGS_COLUMNS,
          DAT_SEPARATOR, row -> c.rating(row, rules.check(row)), c.onBadRow());
    } else {
      Path item = dir.resolve("u.item");
      if (Files.isRegularFile(item)) {
        readUItem(item, readUGenres(dir.resolve("u.genre")), c);
      }
      Path data = dir.resolve("u.data");
      MovieLensRules rules = new MovieLensRules(layout, "u.data");
      MovieLensRules.checkComplete(data);
      CsvReader.forEachSeparatedRow(data, StandardCharsets.UTF_8, U_DATA_COLUMNS, "\t", row -> c.rating(row,
          rules.check(row)), c.onBadRow());
    }
    return c.build();
  }

  private static void readCsvMovies(Path file, Collector c) {
    c.movieFile = file.getFileName().toString();
    readMovies(c, handler -> CsvReader.forEachRow(file, CSV_MOVIES_HEADER, ',', handler, c.onBadRow()));
  }

  /** {@code movies.dat}: {@code MovieID::Title::Genres}, Latin-1 as in ml-1m (a decoding that never fails). */
  private static void readDatMovies(Path file, Collector c) {
    c.movieFile = file.getFileName().toString();
    readMovies(c, handler -> CsvReader.forEachSeparatedRow(file, StandardCharsets.ISO_8859_1, DAT_MOVIES_COLUMNS,
        DAT_SEPARATOR, handler, c.onBadRow()));
  }

  /** Movies with genres from rows of {@code id, title, genres separated by |}. */
  private static void readMovies(Collector c, Consumer<CsvReader.RowHandler> reader) {
    TreeSet<String> genres = new TreeSet<>();
    List<Object[]> movies = new ArrayList<>();
    reader.accept(row -> {
      int id = row.intField(0);
      List<String> g = new ArrayList<>();
      for (String name : row.field(2).split("\\|")) {
        String trimmed = name.trim();
        if (!trimmed.isEmpty() && !g.contains(trimmed)) {
          g.add(trimmed);
        }
      }
      if (g.isEmpty()) {
        throw row.error("genres is empty");
      }
      c.movie(row, id, yearStart(row.field(1)));
      genres.addAll(g);
      movies.add(new Object[] {id, g});
    });
    // Topic ids: genres in alphabetical order, so the numbering does not depend on row order.
    List<String> names = new ArrayList<>(genres);
    for (Object[] m : movies) {
      @SuppressWarnings("unchecked")
      List<String> g = (List<String>) m[1];
      List<Integer> topics = new ArrayList<>();
      for (String name : g) {
        topics.add(names.indexOf(name));
      }
      c.movieTopics.put((Integer) m[0], topics);
    }
    c.topicNames = names;
  }

  /** Genre names by id from {@code u.genre} ({@code name|id} lines; blank lines, as at its end, are ignored). */
  private static List<String> readUGenres(Path file) {
    if (!Files.isRegularFile(file)) {
      return U_GENRES;
    }
    Map<Integer, String> byId = new TreeMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).trim();
      if (line.isEmpty()) {
        continue;
      }
      int bar = line.lastIndexOf('|');
      try {
        if (bar <= 0 || byId.put(Integer.parseInt(line.substring(bar + 1)), line.substring(0, bar)) != null) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        throw new DataFileException(file, n + 1, "expected 'name|id' with a new integer id, got " + DataFileException.quote(line));
      }
    }
    List<String> out = new ArrayList<>(byId.values());
    if (!new ArrayList<>(byId.keySet()).equals(java.util.stream.IntStream.range(0, out.size()).boxed().toList())) {
      throw new DataFileException(file, 0, "genre ids must be 0..n-1, got " + byId.keySet());
    }
    return out;
  }

  private static void readUItem(Path file, List<String> genres, Collector c) {
    c.movieFile = file.getFileName().toString();
    String[] columns = new String[5 + genres.size()];
    String[] fixed = {"movie_id", "title", "release_date", "video_release_date", "imdb_url"};
    System.arraycopy(fixed, 0, columns, 0, 5);
    for (int g = 0; g < genres.size(); g++) {
      columns[5 + g] = genres.get(g);
    }
    // ml-100k's files are not quoted: a title such as '"Great Performances" Cats (1998)' is literal text.
    CsvReader.forEachSeparatedRow(file, StandardCharsets.ISO_8859_1, columns, "|", row -> {
      int id = row.intField(0);
      List<Integer> topics = new ArrayList<>();
      for (int g = 0; g < genres.size(); g++) {
        int flag = row.intField(5 + g);
        if (flag != 0 && flag != 1) {
          throw row.error("genre flag " + columns[5 + g] + " must be 0 or 1, got " + flag);
        }
        if (flag == 1) {
          topics.add(g);
        }
      }
      if (topics.isEmpty()) {
        topics.add(0);
      }
      long year = releaseStart(row.field(2));
      c.movie(row, id, year != Long.MAX_VALUE ? year : yearStart(row.field(1)));
      c.movieTopics.put(id, topics);
    }, c.onBadRow());
    c.topicNames = genres;
  }

  /** Epoch seconds of 1 January of the year at the end of a title such as "Heat (1995)", or MAX_VALUE. */
  static long yearStart(String title) {
    Matcher m = TITLE_YEAR.matcher(title);
    return m.find() ? LocalDate.of(Integer.parseInt(m.group(1)), 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC)
        : Long.MAX_VALUE;
  }

  private static long releaseStart(String date) {
    if (date.isBlank()) {
      return Long.MAX_VALUE;
    }
    try {
      return LocalDate.parse(date.trim(), U_ITEM_DATE).withDayOfYear(1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Accumulates movies and ratings, then builds the dataset. */
  private static final class Collector {
    private final MovieLensOptions options;
    private final SkippedRows.Collector skipped = new SkippedRows.Collector();
    private final Map<Integer, Long> movieYear = new LinkedHashMap<>();
    final Map<Integer, List<Integer>> movieTopics = new HashMap<>();
    List<String> topicNames;
    /** The movie file read, named in errors about movies it lacks. */
    String movieFile = "the movie file";
    private final Map<Integer, Long> firstRating = new HashMap<>();
    private final TreeSet<Integer> users = new TreeSet<>();
    private final List<long[]> ratings = new ArrayList<>();
    private final List<Double> ratingValues = new ArrayList<>();

    Collector(MovieLensOptions options) {
      this.options = options;
    }

    Consumer<DataFileException> onBadRow() {
      return options.skipBadRows() ? skipped::skip : null;
    }

    void movie(CsvRow row, int id, long year) {
      new VideoId(id);
      if (movieYear.containsKey(id)) {
        throw row.error("duplicate movieId " + id);
      }
      movieYear.put(id, year);
    }

    /** A row {@link MovieLensRules} has checked. */
    void rating(CsvRow row, double rating) {
      int user = row.intField(0);
      int movie = row.intField(1);
      long ts = row.longField(3);
      if (topicNames != null && !movieYear.containsKey(movie)) {
        throw row.error("unknown movieId " + movie + " (not in " + movieFile + ")");
      }
      users.add(user);
      firstRating.merge(movie, ts, Math::min);
      ratings.add(new long[] {ts, user, movie});
      ratingValues.add(rating);
    }

    Dataset build() {
      boolean metadata = topicNames != null;
      List<String> names = metadata ? topicNames : List.of("unknown");
      List<Topic> topics = new ArrayList<>();
      for (int t = 0; t < names.size(); t++) {
        topics.add(new Topic(t, t, names.get(t)));
      }
      TreeSet<Integer> movieIds = new TreeSet<>(metadata ? movieYear.keySet() : firstRating.keySet());
      List<Video> videos = new ArrayList<>();
      for (int id : movieIds) {
        long year = movieYear.getOrDefault(id, Long.MAX_VALUE);
        long upload = Math.min(year, firstRating.getOrDefault(id, Long.MAX_VALUE));
        if (upload == Long.MAX_VALUE) {
          upload = 0;
        }
        videos.add(new Video(new VideoId(id), new CreatorId(id), metadata ? movieTopics.get(id) : List.of(0),
            MOVIE_SECONDS, upload, Video.UNKNOWN, Video.UNKNOWN, false, java.util.Set.of()));
      }
      List<User> userList = new ArrayList<>();
      for (int id : users) {
        userList.add(new User(new UserId(id), Video.UNKNOWN, Video.UNKNOWN, Device.UNKNOWN, true));
      }
      Integer[] order = new Integer[ratings.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, Comparator.<Integer>comparingLong(i -> ratings.get(i)[0])
          .thenComparingLong(i -> ratings.get(i)[1]).thenComparingLong(i -> ratings.get(i)[2]));
      List<Interaction> interactions = new ArrayList<>(order.length);
      for (int i : order) {
        long[] r = ratings.get(i);
        double rating = ratingValues.get(i);
        boolean positive = rating >= options.positiveThreshold();
        Feedback feedback = rating <= 2 ? Feedback.DISLIKE : positive && rating >= 4.5 ? Feedback.LIKE : Feedback.NONE;
        int watch = positive ? (int) Math.round(rating / 5 * MOVIE_SECONDS) : 0;
        interactions.add(new Interaction(new UserId((int) r[1]), new VideoId((int) r[2]), r[0], 0, positive, watch,
            feedback));
      }
      Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, topics.size(), userList.size(),
          videos.size(), 0, interactions.size(), null);
      return new Dataset(manifest, topics, userList, new VideoCatalog(videos), List.of(), interactions,
          skipped.result());
    }
  }
}

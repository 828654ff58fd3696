package dev.videorec.data.log;

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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads an interaction log in CSV or TSV (a {@code .tsv} file, or a header with tabs and no commas) with a header
 * row, its columns named by {@link LogColumns}.
 *
 * <p>What each row becomes, and what an absent column means:
 * <ul>
 *   <li>user, item and creator ids are opaque strings, mapped to dense ordinals in sorted order
 *       ({@link IdMapping}); without a creator column, each video is its own creator;</li>
 *   <li>the row is an impression at position 0 at its time; it is a click when the click column says so, else
 *       when the rating is at least the positive threshold, else (no click and no rating column: a log of what was
 *       watched) always;</li>
 *   <li>watch seconds come from the watch column; without it a click watches {@code rating / 5} of the duration
 *       (the whole duration without ratings);</li>
 *   <li>a video lasts the largest duration its rows give, else {@value #DEFAULT_SECONDS} seconds; it was uploaded
 *       at its first row; it has the single topic {@code unknown}, no region or language;</li>
 *   <li>a rating of 2 or less is a dislike, a clicked rating of 4.5 or more a like (on a 5-point scale).</li>
 * </ul>
 * Interactions are sorted by time (then user, then item ordinal). A malformed row fails the read with
 * {@code file:line: problem}, or is skipped and counted with {@code skipBadRows}.
 */
public final class InteractionLogReader {
  /** The duration of a video no row gives one for. */
  public static final int DEFAULT_SECONDS = 6_000;

  /**
   * A log read into a dataset.
   *
   * @param dataset the dataset, with dense ids
   * @param users   the log's user ids
   * @param items   the log's item ids
   */
  public record Log(Dataset dataset, IdMapping users, IdMapping items) {}

  private InteractionLogReader() {}

  /**
   * Reads {@code file}.
   *
   * @param positiveThreshold the rating counted as a click when there is no click column
   * @throws DataFileException naming the file, the line and the problem (a missing column, a bad value)
   */
  public static Log read(Path file, LogColumns columns, double positiveThreshold, boolean skipBadRows) {
    Objects.requireNonNull(columns, "columns");
    // 1. The header: which column is where.
    String header;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      header = in.readLine();
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "missing");
    } catch (java.nio.charset.MalformedInputException e) {
      throw new DataFileException(file, 1, "is not UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (header == null) {
      throw new DataFileException(file, 1, "empty file; expected a header row");
    }
    if (header.startsWith("\uFEFF")) {
      header = header.substring(1);
    }
    char delimiter = file.getFileName().toString().endsWith(".tsv")
        || (header.indexOf('\t') >= 0 && header.indexOf(',') < 0) ? '\t' : ',';
    String[] names = header.split(delimiter == '\t' ? "\t" : ",", -1);
    int[] at = new int[LogColumns.KEYS.size()];
    String[] wanted = {columns.user(), columns.item(), columns.time(), columns.click(), columns.watch(),
        columns.duration(), columns.creator(), columns.rating()};
    for (int k = 0; k < wanted.length; k++) {
      at[k] = -1;
      if (wanted[k] != null) {
        at[k] = Arrays.asList(names).indexOf(wanted[k]);
        if (at[k] < 0) {
          throw new DataFileException(file, 1, "no column '" + wanted[k] + "' (for " + LogColumns.KEYS.get(k)
              + "); the header has: " + quote(String.join(", ", names)));
        }
      }
    }
    // 2. The rows, with string ids.
    List<String[]> ids = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    SkippedRows.Collector skipped = new SkippedRows.Collector();
    CsvReader.forEachRow(file, StandardCharsets.UTF_8, header, names, delimiter, row -> {
      String user = id(row, at[0], "user");
      String item = id(row, at[1], "item");
      long time = time(row, at[2]);
      double rating = at[7] < 0 ? Double.NaN : number(row, at[7], "rating");
      boolean clicked = at[3] >= 0 ? flag(row, at[3]) : at[7] < 0 || rating >= positiveThreshold;
      double watch = at[4] < 0 ? Double.NaN : number(row, at[4], "watch");
      if (watch < 0) {
        throw row.error("watch must be >= 0 seconds, got " + quote(row.field(at[4])));
      }
      if (!clicked && watch > 0) {
        throw row.error("watch is " + quote(row.field(at[4])) + " seconds on a row that is not a click");
      }
      double duration = at[5] < 0 ? Double.NaN : number(row, at[5], "duration");
      if (at[5] >= 0 && !(duration > 0)) {
        throw row.error("duration must be > 0 seconds, got " + quote(row.field(at[5])));
      }
      String creator = at[6] < 0 ? item : id(row, at[6], "creator");
      ids.add(new String[] {user, item, creator});
      values.add(new double[] {time, clicked ? 1 : 0, rating, watch, duration, row.line()});
    }, skipBadRows ? skipped::skip : null);
    if (ids.isEmpty()) {
      throw new DataFileException(file, 0, "holds no interaction");
    }
    // 3. Dense ordinals in sorted order of the log's ids.
    IdMapping users = mapping(ids, 0);
    IdMapping items = mapping(ids, 1);
    IdMapping creators = mapping(ids, 2);
    int[] durations = new int[items.size()];
    long[] firstSeen = new long[items.size()];
    int[] creatorOf = new int[items.size()];
    Arrays.fill(firstSeen, Long.MAX_VALUE);
    for (int r = 0; r < ids.size(); r++) {
      int v = items.ordinal(ids.get(r)[1]).orElseThrow();
      double[] x = values.get(r);
      if (!Double.isNaN(x[4])) {
        durations[v] = Math.max(durations[v], (int) Math.min(Integer.MAX_VALUE, Math.round(x[4])));
      }
      firstSeen[v] = Math.min(firstSeen[v], (long) x[0]);
      creatorOf[v] = creators.ordinal(ids.get(r)[2]).orElseThrow();
    }
    List<Video> videos = new ArrayList<>(items.size());
    for (int v = 0; v < items.size(); v++) {
      int seconds = durations[v] > 0 ? durations[v] : DEFAULT_SECONDS;
      durations[v] = seconds;
      videos.add(new Video(new VideoId(v), new CreatorId(creatorOf[v]), List.of(0), seconds, firstSeen[v],
          Video.UNKNOWN, Video.UNKNOWN, false, java.util.Set.of()));
    }
    // 4. Interactions in time order.
    Integer[] order = new Integer[ids.size()];
    int[] u = new int[ids.size()];
    int[] v = new int[ids.size()];
    for (int r = 0; r < order.length; r++) {
      order[r] = r;
      u[r] = users.ordinal(ids.get(r)[0]).orElseThrow();
      v[r] = items.ordinal(ids.get(r)[1]).orElseThrow();
    }
    Arrays.sort(order, (a, b) -> {
      int c = Long.compare((long) values.get(a)[0], (long) values.get(b)[0]);
      c = c != 0 ? c : Integer.compare(u[a], u[b]);
      return c != 0 ? c : Integer.compare(v[a], v[b]);
    });
    List<Interaction> interactions = new ArrayList<>(order.length);
    for (int r : order) {
      double[] x = values.get(r);
      boolean clicked = x[1] == 1;
      double rating = x[2];
      int seconds = durations[v[r]];
      int watch = !clicked ? 0 : !Double.isNaN(x[3]) ? (int) Math.min(seconds, Math.round(x[3]))
          : (int) Math.round(seconds * (Double.isNaN(rating) ? 1 : Math.max(0, Math.min(1, rating / 5))));
      Feedback feedback = Double.isNaN(rating) ? Feedback.NONE : rating <= 2 ? Feedback.DISLIKE
          : clicked && rating >= 4.5 ? Feedback.LIKE : Feedback.NONE;
      interactions.add(new Interaction(new UserId(u[r]), new VideoId(v[r]), (long) x[0], 0, clicked, watch,
          feedback));
    }
    List<User> userList = new ArrayList<>(users.size());
    for (int i = 0; i < users.size(); i++) {
      userList.add(new User(new UserId(i), Video.UNKNOWN, Video.UNKNOWN, Device.UNKNOWN, true));
    }
    Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, 1, userList.size(), videos.size(), 0,
        interactions.size(), null);
    Dataset dataset = new Dataset(manifest, List.of(new Topic(0, 0, "unknown")), userList, new VideoCatalog(videos),
        List.of(), interactions, skipped.result());
    return new Log(dataset, users, items);
  }

  private static IdMapping mapping(List<String[]> ids, int column) {
    TreeSet<String> distinct = new TreeSet<>();
    for (String[] r : ids) {
      distinct.add(r[column]);
    }
    return new IdMapping(new ArrayList<>(distinct));
  }

  private static String id(CsvRow row, int i, String what) {
    String s = row.field(i).trim();
    if (s.isEmpty()) {
      throw row.error(what + " id is empty");
    }
    return s;
  }

  private static double number(CsvRow row, int i, String what) {
    String s = row.field(i).trim();
    try {
      double d = Double.parseDouble(s);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw row.error(what + " is not a number: " + quote(s));
    }
  }

  private static boolean flag(CsvRow row, int i) {
    String s = row.field(i).trim().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "1", "true", "yes" -> true;
      case "0", "false", "no" -> false;
      default -> throw row.error("click must be 1/0, true/false or yes/no, got " + quote(row.field(i)));
    };
  }

  /** Epoch seconds from epoch seconds, epoch milliseconds or ISO-8601. */
  static long time(CsvRow row, int i) {
    String s = row.field(i).trim();
    if (s.matches("\\d{1,18}")) {
      long t = Long.parseLong(s);
      return s.length() >= 13 ? t / 1000 : t;
    }
    try {
      return Instant.parse(s).getEpochSecond();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s).toEpochSecond(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        try {
          return LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e3) {
          throw row.error("time is neither epoch seconds nor ISO-8601: " + quote(s));
        }
      }
    }
  }

  static String quote(String s) {
    return DataFileException.quote(s);
  }
}

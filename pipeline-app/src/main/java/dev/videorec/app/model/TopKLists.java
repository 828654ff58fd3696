package dev.videorec.app.model;

import dev.videorec.data.CsvReader;
import dev.videorec.data.DataFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The top-k lists file of {@code recommend --all-users} and {@code batch recommend --csv}: one row per user and
 * rank, read by offline evaluation and by static serving.
 */
public final class TopKLists {
  /** The header of lists with numeric ids. */
  public static final String HEADER = "userId,movieId,rank";
  /** The header of lists for a model trained on a log ({@code --log}), whose ids are the log's own strings. */
  public static final String LOG_HEADER = "user,item,rank";

  private TopKLists() {}

  /**
   * Reads {@code recs.csv}: header {@value #HEADER} (numeric ids) or
   * {@value #LOG_HEADER} (a log's own ids, any strings), ranks 1..n per user without gaps or
   * repeats.
   *
   * @throws DataFileException naming the line of any problem
   */
  public static Map<String, List<String>> read(Path file) {
    Map<String, TreeMap<Integer, String>> byUser = new TreeMap<>();
    Map<String, Set<String>> movies = new HashMap<>();
    boolean log = LOG_HEADER.equals(firstLine(file));
    CsvReader.forEachRow(file, log ? LOG_HEADER : HEADER, ',', row -> {
      String user = row.field(0);
      String movie = row.field(1);
      int rank = row.intField(2);
      if (log ? user.isEmpty() || movie.isEmpty() : !user.matches("[0-9]{1,10}") || !movie.matches("[0-9]{1,10}")) {
        throw row.error(log ? "ids must not be empty" : "ids must be non-negative integers");
      }
      if (rank < 1) {
        throw row.error("rank must be >= 1, got " + rank);
      }
      if (byUser.computeIfAbsent(user, u -> new TreeMap<>()).put(rank, movie) != null) {
        throw row.error("user " + user + " has rank " + rank + " twice");
      }
      if (!movies.computeIfAbsent(user, u -> new HashSet<>()).add(movie)) {
        throw row.error("user " + user + " has movie " + movie + " twice");
      }
    }, null);
    Map<String, List<String>> out = new TreeMap<>();
    byUser.forEach((user, ranks) -> {
      if (ranks.lastKey() != ranks.size()) {
        throw new DataFileException(file, 0, "user " + user + "'s ranks are not 1.." + ranks.size()
            + " (highest is " + ranks.lastKey() + ")");
      }
      out.put(user, new ArrayList<>(ranks.values()));
    });
    if (out.isEmpty()) {
      throw new DataFileException(file, 0, "holds no recommendation");
    }
    return out;
  }

  /** The first line of a file, without a byte order mark; empty for an empty file. */
  private static String firstLine(Path file) {
    try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(file,
        java.nio.charset.StandardCharsets.UTF_8)) {
      String line = in.readLine();
      return line == null ? "" : line.startsWith("\uFEFF") ? line.substring(1) : line;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DataFileException(file, 0, "missing");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }
}

package dev.videorec.app.evaluation;

import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.Parallel;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.data.DataFileException;
import dev.videorec.data.DatasetWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVPrinter;

/**
 * Top-k lists for many users at once, from a loaded model, for evaluation outside videorec: {@code recs.csv} with
 * the header {@value #HEADER}, rank 1 best, users in id order.
 *
 * <p>Each user is asked as of the end of training, with their training history, and every video the user
 * interacted with in training (rated, in MovieLens terms, whatever the rating) is left out of their list. The
 * funnel is asked for k plus the number of such videos it could otherwise return, so that lists stay k long.
 *
 * <p>Every user gets k videos whenever the catalogue has k they have not interacted with: a list the source leaves
 * short is topped up from the fallback chain {@link #FALLBACKS} (the sources of it that the model has, in order),
 * and the fill is counted per fallback source.
 */
public final class BatchRecommendations {
  static final String HEADER = dev.videorec.app.model.TopKLists.HEADER;
  /** The header of lists for a model trained on a log ({@code --log}), whose ids are the log's own strings. */
  static final String LOG_HEADER = dev.videorec.app.model.TopKLists.LOG_HEADER;
  /** Where a list comes from. */
  public static final List<String> SOURCES = List.of("funnel", FunnelBuilder.TWO_TOWER_SOURCE, "mf", "als",
      FunnelBuilder.EASE_SOURCE, FunnelBuilder.ITEM_KNN_SOURCE, FunnelBuilder.POPULAR_SOURCE);
  /** Where short lists are topped up from, in order. */
  static final List<String> FALLBACKS = List.of(FunnelBuilder.EASE_SOURCE, FunnelBuilder.ITEM_KNN_SOURCE,
      FunnelBuilder.POPULAR_SOURCE);

  /**
   * What a batch wrote.
   *
   * @param shortLists users whose list is shorter than k even after the fallbacks (fewer eligible videos)
   * @param filled     videos added by each fallback source to lists the primary source left short
   * @param topped     users whose list needed a fallback
   */
  public record Outcome(int shortLists, Map<String, Integer> filled, int topped) {}

  /** The source a {@code --source} value names. */
  public static String sourceName(String source) {
    return source.equals("mf") || source.equals("als") ? FunnelBuilder.MF_SOURCE : source;
  }

  private BatchRecommendations() {}

  /** Users with at least one training interaction: those the model knows. */
  public static Set<UserId> knownUsers(ModelDirectory.Loaded loaded) {
    Set<UserId> users = new TreeSet<>();
    for (Interaction i : loaded.split().train()) {
      users.add(i.user());
    }
    return users;
  }

  /**
   * Reads a users file: one id per line, an optional {@code userId} header, blank lines ignored.
   *
   * @throws DataFileException naming the line of a malformed, repeated or unknown id
   */
  public static List<UserId> readUsers(Path file, ModelDirectory.Loaded loaded, Set<UserId> known) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DataFileException(file, 0, "no such users file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    Set<UserId> out = new LinkedHashSet<>();
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n).trim();
      if (line.isEmpty() || (n == 0 && (line.equals("userId") || line.equals("user")))) {
        continue;
      }
      String shown = line.length() <= 80 ? line : line.substring(0, 80) + "…";
      if (loaded.users() == null && !line.matches("[0-9]{1,10}")) {
        throw new DataFileException(file, n + 1, "'" + shown + "' is not a user id (a non-negative integer)");
      }
      UserId user = loaded.user(line).orElse(null);
      if (user == null || !known.contains(user)) {
        throw new DataFileException(file, n + 1, "user " + shown + " is not known to the model (no "
            + "interaction in its training data)");
      }
      if (!out.add(user)) {
        throw new DataFileException(file, n + 1, "user " + shown + " is listed twice");
      }
    }
    if (out.isEmpty()) {
      throw new DataFileException(file, 0, "lists no user");
    }
    return new ArrayList<>(out);
  }

  /**
   * Computes the lists and writes them to {@code out} atomically.
   *
   * @param progress receives a line every 100 users
   * @return how many lists stayed short, and the fill from the fallbacks
   */
  public static Outcome write(ModelDirectory.Loaded loaded, List<UserId> users, int k, String source, Path out, int threads,
                   Consumer<String> progress) {
    Lister lister = new Lister(loaded, k, source);
    List<List<VideoId>> lists = new ArrayList<>(users.size());
    for (int i = 0; i < users.size(); i++) {
      lists.add(null);
    }
    dev.videorec.core.io.Progress shown = dev.videorec.core.io.Progress.start("users", users.size(), progress);
    Parallel.forEach(users.size(), threads, i -> lists.set(i, lister.list(users.get(i))), 100, shown::set);
    shown.finish();
    StringBuilder sb = new StringBuilder();
    int shortLists = 0;
    try (CSVPrinter csv = new CSVPrinter(sb, DatasetWriter.CSV)) {
      csv.printRecord((Object[]) header(loaded).split(","));
      for (int i = 0; i < users.size(); i++) {
        List<VideoId> ids = lists.get(i);
        shortLists += ids.size() < k ? 1 : 0;
        for (int r = 0; r < ids.size(); r++) {
          csv.printRecord(loaded.userId(users.get(i)), loaded.videoId(ids.get(r)), r + 1);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Reports.write(out, sb.toString());
    return new Outcome(shortLists, lister.filled(), lister.topped());
  }

  /** The header of the lists of {@code loaded}: numeric ids, or a log's own ids. */
  public static String header(ModelDirectory.Loaded loaded) {
    return loaded.users() == null ? HEADER : LOG_HEADER;
  }

  /**
   * One user's top-k list at a time, from a loaded model: the funnel (or one source) as of the end of training,
   * without the user's training videos, topped up from the fallbacks. Thread-safe; counts the fallbacks' fill.
   */
  public static final class Lister {
    private final FunnelBuilder.Trained t;
    private final int k;
    private final String source;
    private final Map<UserId, Set<VideoId>> seen = new HashMap<>();
    private final long time;
    private final List<String> fallbacks = new ArrayList<>();
    private final Map<String, java.util.concurrent.atomic.AtomicInteger> filled = new java.util.LinkedHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger topped = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param source "funnel" or one of {@link #SOURCES}
     */
    public Lister(ModelDirectory.Loaded loaded, int k, String source) {
      this.t = loaded.trained();
      this.k = k;
      this.source = source;
      for (Interaction i : loaded.split().train()) {
        seen.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
      }
      this.time = loaded.split().trainEnd();
      for (String f : FALLBACKS) {
        if (t.sources().containsKey(f) && !f.equals(sourceName(source))) {
          fallbacks.add(f);
        }
      }
      fallbacks.forEach(f -> filled.put(f, new java.util.concurrent.atomic.AtomicInteger()));
    }

    /** Videos added by each fallback so far. */
    public Map<String, Integer> filled() {
      Map<String, Integer> fill = new java.util.LinkedHashMap<>();
      filled.forEach((f, n) -> fill.put(f, n.get()));
      return fill;
    }

    /** Users whose list needed a fallback so far. */
    public int topped() {
      return topped.get();
    }

    /** The list of {@code u}, best first: k videos unless fewer are eligible. */
    public List<VideoId> list(UserId u) {
      Set<VideoId> exclude = seen.getOrDefault(u, Set.of());
      // Watched videos are filtered by the funnel itself; the others the user rated must be asked for on top.
      int extra = 0;
      var history = t.histories().of(u);
      for (VideoId v : exclude) {
        if (!history.hasWatched(v)) {
          extra++;
        }
      }
      int asked = Math.min(RecommendationRequest.MAX_K, k + extra + history.watched().size());
      RequestContext ctx = t.context(u, time, source.equals("funnel") ? Math.min(RecommendationRequest.MAX_K,
          k + extra) : asked);
      List<VideoId> ids = new ArrayList<>(k);
      Set<VideoId> listed = new HashSet<>();
      for (VideoId v : candidates(t, source, ctx, asked)) {
        if (ids.size() == k) {
          break;
        }
        if (!exclude.contains(v) && listed.add(v)) {
          ids.add(v);
        }
      }
      if (ids.size() < k) {
        topped.incrementAndGet();
      }
      for (String f : fallbacks) {
        if (ids.size() == k) {
          break;
        }
        int before = ids.size();
        for (Candidate c : t.source(f).candidates(ctx, Math.min(RecommendationRequest.MAX_K * 10,
            k + exclude.size() + history.watched().size()))) {
          if (ids.size() == k) {
            break;
          }
          if (!exclude.contains(c.video()) && listed.add(c.video())) {
            ids.add(c.video());
          }
        }
        filled.get(f).addAndGet(ids.size() - before);
      }
      return ids;
    }
  }

  private static List<VideoId> candidates(FunnelBuilder.Trained t, String source, RequestContext ctx, int asked) {
    List<VideoId> ids = new ArrayList<>();
    if (source.equals("funnel")) {
      for (Recommendation r : t.funnel().recommend(ctx).recommendations()) {
        ids.add(r.video());
      }
      return ids;
    }
    String name = sourceName(source);
    for (Candidate c : t.source(name).candidates(ctx, asked)) {
      ids.add(c.video());
    }
    return ids;
  }
}

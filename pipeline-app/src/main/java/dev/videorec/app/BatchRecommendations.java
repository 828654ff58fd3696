package dev.videorec.app;

import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.data.DataFileException;
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

/**
 * Top-k lists for many users at once, from a loaded model, for evaluation outside videorec: {@code recs.csv} with
 * the header {@value #HEADER}, rank 1 best, users in id order.
 *
 * <p>Each user is asked as of the end of training, with their training history, and every video the user
 * interacted with in training (rated, in MovieLens terms, whatever the rating) is left out of their list. The
 * funnel is asked for k plus the number of such videos it could otherwise return, so that lists stay k long.
 */
final class BatchRecommendations {
  static final String HEADER = "userId,movieId,rank";
  /** Where a list comes from. */
  static final List<String> SOURCES = List.of("funnel", FunnelBuilder.TWO_TOWER_SOURCE, "mf",
      FunnelBuilder.POPULAR_SOURCE);

  private BatchRecommendations() {}

  /** Users with at least one training interaction: those the model knows. */
  static Set<UserId> knownUsers(ModelDirectory.Loaded loaded) {
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
  static List<UserId> readUsers(Path file, Set<UserId> known) {
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
      if (line.isEmpty() || (n == 0 && line.equals("userId"))) {
        continue;
      }
      UserId user;
      try {
        user = new UserId(Integer.parseInt(line));
      } catch (IllegalArgumentException e) {
        throw new DataFileException(file, n + 1, "'" + line + "' is not a user id (a non-negative integer)");
      }
      if (!known.contains(user)) {
        throw new DataFileException(file, n + 1, "user " + user.value() + " is not known to the model (no "
            + "interaction in its training data)");
      }
      if (!out.add(user)) {
        throw new DataFileException(file, n + 1, "user " + user.value() + " is listed twice");
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
   * @return the number of users whose list is shorter than k (fewer eligible videos than k)
   */
  static int write(ModelDirectory.Loaded loaded, List<UserId> users, int k, String source, Path out, int threads,
                   Consumer<String> progress) {
    FunnelBuilder.Trained t = loaded.trained();
    Map<UserId, Set<VideoId>> seen = new HashMap<>();
    for (Interaction i : loaded.split().train()) {
      seen.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
    }
    long time = loaded.split().trainEnd();
    List<List<VideoId>> lists = new ArrayList<>(users.size());
    for (int i = 0; i < users.size(); i++) {
      lists.add(null);
    }
    long start = System.nanoTime();
    Parallel.forEach(users.size(), threads, i -> {
      UserId u = users.get(i);
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
      for (VideoId v : candidates(t, source, ctx, asked)) {
        if (ids.size() == k) {
          break;
        }
        if (!exclude.contains(v) && !ids.contains(v)) {
          ids.add(v);
        }
      }
      lists.set(i, ids);
    }, 100, done -> progress.accept(String.format(java.util.Locale.ROOT, "%,d of %,d users (%.0f users/s)", done,
        users.size(), done / ((System.nanoTime() - start) / 1e9))));
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    int shortLists = 0;
    for (int i = 0; i < users.size(); i++) {
      List<VideoId> ids = lists.get(i);
      if (ids.size() < k) {
        shortLists++;
      }
      for (int r = 0; r < ids.size(); r++) {
        sb.append(users.get(i).value()).append(',').append(ids.get(r).value()).append(',').append(r + 1)
            .append('\n');
      }
    }
    RetrievalCommand.write(out, sb.toString());
    return shortLists;
  }

  private static List<VideoId> candidates(FunnelBuilder.Trained t, String source, RequestContext ctx, int asked) {
    List<VideoId> ids = new ArrayList<>();
    if (source.equals("funnel")) {
      for (Recommendation r : t.funnel().recommend(ctx).recommendations()) {
        ids.add(r.video());
      }
      return ids;
    }
    String name = source.equals("mf") ? FunnelBuilder.MF_SOURCE : source;
    for (Candidate c : t.source(name).candidates(ctx, asked)) {
      ids.add(c.video());
    }
    return ids;
  }
}

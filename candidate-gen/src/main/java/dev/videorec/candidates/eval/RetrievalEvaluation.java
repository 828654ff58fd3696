package dev.videorec.candidates.eval;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Offline evaluation of retrieval on a global temporal split: how many of the videos a user goes on to click does
 * a source put in its top K?
 *
 * <p>Protocol. Every user is asked once, at the start of the test window, with the history the platform has at
 * that instant. A user's <em>positives</em> are the videos they clicked in the test window and had not watched
 * before the request; users without positives are skipped. Recall@K is {@code |top K ∩ positives| / |positives|},
 * averaged over users (each user weighs the same).
 *
 * <p>Tail slice. Videos are ranked by their training clicks; the most-clicked {@value #HEAD_PERCENT}% of the
 * catalogue is the head, the other {@code 100 − HEAD_PERCENT}% (including never-clicked videos) the tail. Tail
 * recall counts only tail positives, over users with at least one; tail share is the fraction of a source's
 * top {@value #SHARE_K} that is tail: the exposure it would give the tail.
 *
 * <p>Stateless; sources are called from the calling thread.
 */
public final class RetrievalEvaluation {
  /** The K of recall@K. */
  public static final int[] KS = {50, 100, 200};
  /** The share of the catalogue, by training clicks, that counts as the head. */
  public static final int HEAD_PERCENT = 20;
  /** The list length over which tail share is measured. */
  public static final int SHARE_K = 100;

  /**
   * The figures of one source.
   *
   * @param source     the source's name
   * @param recall     recall@K by K
   * @param tailRecall recall@K of tail positives by K
   * @param tailShare  mean share of tail videos in the top {@value #SHARE_K}
   */
  public record Row(String source, Map<Integer, Double> recall, Map<Integer, Double> tailRecall, double tailShare) {}

  /**
   * The figures of every source.
   *
   * @param users     users evaluated (with at least one positive)
   * @param tailUsers users with at least one tail positive
   * @param positives positives over all users
   * @param rows      one row per source, in the order given
   */
  public record Report(int users, int tailUsers, int positives, List<Row> rows) {
    /** The row of {@code source}. */
    public Row row(String source) {
      return rows.stream().filter(r -> r.source().equals(source)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no row for source '" + source + "'"));
    }

    /** The report as a Markdown table. */
    public String markdown() {
      java.util.List<String> header = new java.util.ArrayList<>(java.util.List.of("model"));
      for (int k : KS) {
        header.add("recall@" + k);
      }
      for (int k : KS) {
        header.add("tail recall@" + k);
      }
      header.add("tail share@" + SHARE_K);
      MarkdownTable t = new MarkdownTable(header);
      for (Row r : rows) {
        java.util.List<String> cells = new java.util.ArrayList<>(java.util.List.of(r.source()));
        for (int k : KS) {
          cells.add(MarkdownTable.number(r.recall().get(k), 4));
        }
        for (int k : KS) {
          cells.add(MarkdownTable.number(r.tailRecall().get(k), 4));
        }
        cells.add(MarkdownTable.number(r.tailShare(), 3));
        t.row(cells);
      }
      return t.toString();
    }
  }

  private RetrievalEvaluation() {}

  /**
   * The tail: every video of {@code catalogue} outside the {@value #HEAD_PERCENT}% most clicked in {@code train}
   * (ties broken by id, so the split is deterministic).
   */
  public static Set<VideoId> tail(List<Interaction> train, Collection<VideoId> catalogue) {
    Map<VideoId, Integer> clicks = new HashMap<>();
    for (Interaction i : train) {
      if (i.clicked()) {
        clicks.merge(i.video(), 1, Integer::sum);
      }
    }
    List<VideoId> ranked = new ArrayList<>(catalogue);
    ranked.sort(Comparator.<VideoId>comparingInt(v -> -clicks.getOrDefault(v, 0)).thenComparing(v -> v));
    int head = (int) Math.round(ranked.size() * HEAD_PERCENT / 100.0);
    return Set.copyOf(ranked.subList(head, ranked.size()));
  }

  /**
   * Evaluates each source on {@code test}.
   *
   * @param test      the test window, time-ordered
   * @param tail      the tail videos ({@link #tail})
   * @param sources   the sources to compare, in table order
   * @param contextOf the request context of a user at the start of the test window
   * @param progress  called with the number of users evaluated so far, every 250 users
   * @throws IllegalArgumentException if the window is empty or has no positives
   */
  public static Report evaluate(List<Interaction> test, Set<VideoId> tail, List<CandidateSource> sources,
                                Function<UserId, RequestContext> contextOf, IntConsumer progress) {
    Objects.requireNonNull(tail, "tail");
    Objects.requireNonNull(contextOf, "contextOf");
    if (test.isEmpty()) {
      throw new IllegalArgumentException("the test window is empty");
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source to evaluate");
    }
    // 1. Positives: clicked in the window, not watched before the request.
    Map<UserId, Set<VideoId>> positives = new TreeMap<>();
    Map<UserId, RequestContext> contexts = new HashMap<>();
    for (Interaction i : test) {
      if (!i.clicked()) {
        continue;
      }
      RequestContext ctx = contexts.computeIfAbsent(i.user(), contextOf);
      if (!ctx.history().hasWatched(i.video())) {
        positives.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
      }
    }
    if (positives.isEmpty()) {
      throw new IllegalArgumentException("the test window has no positives");
    }
    // 2. Every source's top K per user.
    int maxK = Arrays.stream(KS).max().orElseThrow();
    Map<String, Map<Integer, List<Double>>> recall = new LinkedHashMap<>();
    Map<String, Map<Integer, List<Double>>> tailRecall = new LinkedHashMap<>();
    Map<String, List<Double>> tailShare = new LinkedHashMap<>();
    int tailUsers = 0;
    int positiveCount = 0;
    int done = 0;
    for (Map.Entry<UserId, Set<VideoId>> e : positives.entrySet()) {
      RequestContext ctx = contexts.get(e.getKey());
      Set<VideoId> all = e.getValue();
      Set<VideoId> tailPositives = new HashSet<>(all);
      tailPositives.retainAll(tail);
      positiveCount += all.size();
      if (!tailPositives.isEmpty()) {
        tailUsers++;
      }
      for (CandidateSource s : sources) {
        List<VideoId> ids = new ArrayList<>();
        for (Candidate c : s.candidates(ctx, maxK)) {
          ids.add(c.video());
        }
        for (int k : KS) {
          recall.computeIfAbsent(s.name(), n -> new TreeMap<>()).computeIfAbsent(k, n -> new ArrayList<>())
              .add(Metrics.recallAtK(ids, all, k));
          if (!tailPositives.isEmpty()) {
            tailRecall.computeIfAbsent(s.name(), n -> new TreeMap<>()).computeIfAbsent(k, n -> new ArrayList<>())
                .add(Metrics.recallAtK(ids, tailPositives, k));
          }
        }
        int n = Math.min(SHARE_K, ids.size());
        int inTail = 0;
        for (int r = 0; r < n; r++) {
          if (tail.contains(ids.get(r))) {
            inTail++;
          }
        }
        tailShare.computeIfAbsent(s.name(), x -> new ArrayList<>()).add(n == 0 ? 0.0 : inTail / (double) n);
      }
      if (++done % 250 == 0) {
        progress.accept(done);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (CandidateSource s : sources) {
      rows.add(new Row(s.name(), means(recall.get(s.name())), means(tailRecall.getOrDefault(s.name(), Map.of())),
          Metrics.mean(tailShare.get(s.name()))));
    }
    return new Report(positives.size(), tailUsers, positiveCount, List.copyOf(rows));
  }

  private static Map<Integer, Double> means(Map<Integer, List<Double>> byK) {
    Map<Integer, Double> out = new TreeMap<>();
    for (int k : KS) {
      List<Double> v = byK.get(k);
      out.put(k, v == null || v.isEmpty() ? 0.0 : Metrics.mean(v));
    }
    return out;
  }
}

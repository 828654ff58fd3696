package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Candidate;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Decision;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Selector;
import dev.videorec.core.trace.Trace;
import dev.videorec.data.VideoCatalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleChainRerankerTest {
  private static final UserId U = new UserId(1);
  /** Videos 0..9; video v belongs to creator v % 3. */
  private static final VideoCatalog CATALOG;

  static {
    List<Video> videos = new ArrayList<>();
    for (int v = 0; v < 10; v++) {
      videos.add(new Video(new VideoId(v), new CreatorId(v % 3), 0, 60, 0));
    }
    CATALOG = new VideoCatalog(videos);
  }

  /** Video v scores v / 10, so the best is 9 and input order is ascending (the sort must happen). */
  private static List<ScoredCandidate> scored() {
    List<ScoredCandidate> out = new ArrayList<>();
    for (int v = 0; v < 10; v++) {
      out.add(new ScoredCandidate(Candidate.of(new VideoId(v), "src", v, v), v / 10.0, v / 10.0));
    }
    return out;
  }

  private static RequestContext ctx(int k, int... watched) {
    List<VideoId> w = new ArrayList<>();
    for (int v : watched) {
      w.add(new VideoId(v));
    }
    return new RequestContext(new RecommendationRequest(U, 0, k), new UserHistory(U, w));
  }

  private static RuleChainReranker chain(int maxPerCreator) {
    return new RuleChainReranker(List.of(new AlreadyWatchedFilter()),
        List.of(new CreatorCapSelector(CATALOG, maxPerCreator), new TruncateSelector()));
  }

  private static List<Integer> ids(List<Recommendation> recs) {
    return recs.stream().map(r -> r.video().value()).toList();
  }

  @Test
  void sortsFiltersCapsAndTruncatesRecordingEveryRemoval() {
    List<ScoredCandidate> input = scored();
    List<ScoredCandidate> copy = List.copyOf(input);
    Trace trace = new Trace(U);
    List<Recommendation> recs = chain(2).rerank(ctx(3, 9, 5), input, trace);
    // Without 9 and 5 (watched): 8(c2) 7(c1) 6(c0) 4(c1) 3(c0) 2(c2) 1(c1) 0(c0); cap 2 drops 1 and 0; k=3.
    assertEquals(List.of(8, 7, 6), ids(recs));
    assertEquals(List.of(1, 2, 3), recs.stream().map(Recommendation::rank).toList());
    assertEquals(copy, input, "input untouched");

    Set<Integer> removedOrKept = new HashSet<>(ids(recs));
    for (Decision d : trace.decisions()) {
      assertEquals(Decision.Action.REMOVED, d.action());
      assertTrue(removedOrKept.add(d.video().value()), "decided twice: " + d);
    }
    assertEquals(10, removedOrKept.size(), "every candidate is either kept or has a recorded removal");
    assertEquals("user u1 already watched v9", reason(trace, 9));
    assertEquals(AlreadyWatchedFilter.NAME, rule(trace, 5));
    assertEquals("creator c1 already has 2 higher-ranked videos (max 2)", reason(trace, 1));
    assertEquals(CreatorCapSelector.NAME, rule(trace, 0));
    assertEquals("rank 4 is beyond k=3", reason(trace, 4));
    assertEquals(TruncateSelector.NAME, rule(trace, 2));
  }

  @Test
  void shortListsAreReturnedShortNotPadded() {
    List<Recommendation> recs = chain(1).rerank(ctx(10), scored(), new Trace(U));
    assertEquals(List.of(9, 8, 7), ids(recs), "one per creator leaves three");
  }

  @Test
  void equalScoresBreakByVideoId() {
    List<ScoredCandidate> tied = List.of(
        new ScoredCandidate(Candidate.of(new VideoId(7), "s", 0, 0), 0.5, 0.5),
        new ScoredCandidate(Candidate.of(new VideoId(2), "s", 1, 0), 0.5, 0.5));
    assertEquals(List.of(2, 7), ids(chain(5).rerank(ctx(5), tied, new Trace(U))));
  }

  /** A selector named {@code name} that answers with {@code rule}. */
  private static Selector selector(String name,
      java.util.function.Function<List<ScoredCandidate>, Selector.Selection> rule) {
    return new Selector() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Selection select(RequestContext context, List<ScoredCandidate> ranked) {
        return rule.apply(ranked);
      }
    };
  }

  @Test
  void aSelectorThatLosesACandidateIsCaught() {
    Selector lossy = selector("lossy", ranked -> new Selector.Selection(ranked.subList(1, ranked.size()),
        List.of()));
    RuleChainReranker bad = new RuleChainReranker(List.of(), List.of(lossy));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> bad.rerank(ctx(5), scored(), new Trace(U)));
    assertEquals("selector 'lossy' must either keep v9 or record its removal, not neither", e.getMessage());
  }

  @Test
  void aSelectorThatRepeatsOrInventsACandidateIsCaught() {
    List<ScoredCandidate> given = scored();
    ScoredCandidate stranger = new ScoredCandidate(Candidate.of(new VideoId(999), "s", 0, 0), 0.1, 0.1);
    for (var kept : List.of(List.of(given.get(0), given.get(0)), List.of(stranger))) {
      Selector wrong = selector("wrong", ranked -> {
        List<ScoredCandidate> out = new java.util.ArrayList<>(ranked);
        out.addAll(kept);
        return new Selector.Selection(out, List.of());
      });
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> new RuleChainReranker(List.of(), List.of(wrong)).rerank(ctx(5), given, new Trace(U)));
      assertEquals("selector 'wrong' kept a duplicate or a video it was not given: " + kept.get(kept.size() - 1)
          .video(), e.getMessage());
    }
  }

  @Test
  void everyRemovalFactorAndMoveIsExplained() {
    Map<VideoId, float[]> vectors = new java.util.HashMap<>();
    for (int v = 0; v < 10; v++) {
      vectors.put(new VideoId(v), new float[] {v % 3, 1, (v * 7) % 5});
    }
    ItemSimilarity sim = new EmbeddingSimilarity(vectors);
    List<ScoredCandidate> input = new ArrayList<>();
    for (int v = 0; v < 10; v++) {
      // Even videos look like clickbait: high click, low predicted watch.
      input.add(new ScoredCandidate(Candidate.of(new VideoId(v), "src", v, v), 0.3 + v / 100.0, 0.3 + v / 100.0,
          v % 2 == 0 ? 0.1 : 0.8));
    }
    RuleChainReranker chain = new RuleChainReranker(List.of(new AlreadyWatchedFilter()),
        List.of(new ClickbaitDemotionRescorer(0.2, 0.3, 0.5), new CreatorDiversityRescorer(CATALOG, 0.8, 0.5)),
        List.of(new DppSelector(sim, 0.6, 0), new CreatorCapSelector(CATALOG, 2)));
    Trace trace = new Trace(U);
    List<Recommendation> recs = chain.rerank(ctx(4, 9), input, trace);
    assertEquals(4, recs.size(), "k is honoured even without an explicit truncate rule");

    Set<Integer> kept = new HashSet<>(ids(recs));
    Map<Integer, Integer> removals = new java.util.HashMap<>();
    for (Decision d : trace.decisions()) {
      if (d.action() == Decision.Action.REMOVED) {
        removals.merge(d.video().value(), 1, Integer::sum);
      }
    }
    for (int v = 0; v < 10; v++) {
      assertTrue(kept.contains(v) ^ removals.getOrDefault(v, 0) == 1,
          "v" + v + " must be kept or removed exactly once with a reason");
    }
    // Every factor was recorded, and a kept video carries all of its own.
    List<Decision> factors = trace.decisions().stream().filter(d -> d.action() == Decision.Action.RESCORED).toList();
    assertEquals(List.of(0, 2, 4, 6, 8), factors.stream().filter(d -> d.rule().equals("clickbait"))
        .map(d -> d.video().value()).sorted().toList(), "every clickbait-like video was demoted");
    assertTrue(factors.stream().anyMatch(d -> d.rule().equals("creator-decay")));
    for (Recommendation r : recs) {
      List<Decision> own = trace.decisions().stream()
          .filter(d -> d.video().equals(r.video()) && d.action() != Decision.Action.REMOVED).toList();
      assertEquals(own, r.decisions(), "the explanation of " + r.video());
    }
    assertTrue(factors.get(0).reason().startsWith("x0.500: P(click)"), factors.get(0).reason());
  }

  @Test
  void rejectsInvalidConfiguration() {
    assertEquals("maxPerCreator must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new CreatorCapSelector(CATALOG, 0)).getMessage());
  }

  private static Decision decision(Trace trace, int video) {
    return trace.decisions().stream().filter(d -> d.video().value() == video).findFirst().orElseThrow();
  }

  private static String reason(Trace trace, int video) {
    return decision(trace, video).reason();
  }

  private static String rule(Trace trace, int video) {
    return decision(trace, video).rule();
  }
}

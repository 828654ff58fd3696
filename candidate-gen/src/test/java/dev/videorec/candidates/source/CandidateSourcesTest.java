package dev.videorec.candidates.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Subscription;
import dev.videorec.core.User;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CandidateSourcesTest {
  private static final UserId U = new UserId(1);

  private static RequestContext ctx(UserId user, VideoId... watched) {
    return new RequestContext(new RecommendationRequest(user, 0, 10), new UserHistory(user, List.of(watched)));
  }

  private static List<Integer> ids(List<Candidate> c) {
    return c.stream().map(x -> x.video().value()).toList();
  }

  @Test
  void popularityRanksByClicksAndSkipsWatched() {
    List<Interaction> log = List.of(
        new Interaction(U, new VideoId(7), 0, 0, true, 1),
        new Interaction(U, new VideoId(3), 0, 1, true, 1),
        new Interaction(new UserId(2), new VideoId(3), 1, 0, true, 1),
        new Interaction(new UserId(2), new VideoId(5), 1, 1, false, 0),
        new Interaction(new UserId(3), new VideoId(9), 2, 0, true, 1));
    PopularityCandidateSource p = PopularityCandidateSource.fromLog("popular", log);
    assertEquals(List.of(3, 7, 9), ids(p.candidates(ctx(new UserId(9)), 10)), "ties by lower id; no clicks, no rank");
    assertEquals(List.of(7, 9), ids(p.candidates(ctx(U, new VideoId(3)), 10)));
    Candidate first = p.candidates(ctx(U, new VideoId(3)), 1).get(0);
    assertEquals(0, first.sources().get(0).rank(), "ranks are renumbered after skipping");
    assertThrows(IllegalArgumentException.class, () -> p.candidates(ctx(U), 0));
  }

  @Test
  void embeddingSourceExcludesWatchedAndServesColdUsersNothing() {
    EmbeddingModel m = new EmbeddingModel(Map.of(U, new float[] {1, 0}),
        List.of(new VideoId(10), new VideoId(11), new VideoId(12)),
        new float[][] {{3, 0}, {2, 0}, {1, 0}});
    EmbeddingCandidateSource s = new EmbeddingCandidateSource("emb", m,
        new ExactIndex(m.videoVectors(), Similarity.DOT_PRODUCT));
    assertEquals(List.of(10, 11), ids(s.candidates(ctx(U), 2)));
    assertEquals(List.of(11, 12), ids(s.candidates(ctx(U, new VideoId(10)), 2)), "still fills the limit");
    assertTrue(s.candidates(ctx(new UserId(5)), 2).isEmpty());
    assertEquals(3.0, s.candidates(ctx(U), 1).get(0).scoreFrom("emb").orElseThrow());
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingCandidateSource("emb", m,
        new ExactIndex(new float[][] {{1, 0}}, Similarity.DOT_PRODUCT)));
  }

  private static final long DAY = 86_400;

  private static RequestContext ctxAt(UserId user, long time, String region, VideoId... watched) {
    return new RequestContext(new RecommendationRequest(user, time, 10), new User(user, region),
        new UserHistory(user, List.of(watched)));
  }

  private static VideoId v(int id) {
    return new VideoId(id);
  }

  @Test
  void itemToItemExpandsRecentWatchesAndSaysWhy() {
    // Two clusters on the unit circle: {1, 2, 3} near (1, 0) and {4, 5, 6} near (0, 1).
    VideoEmbeddings table = new VideoEmbeddings(List.of(v(1), v(2), v(3), v(4), v(5), v(6)), new float[][] {
        {1, 0}, {0.99f, 0.14f}, {0.95f, 0.31f}, {0, 1}, {0.14f, 0.99f}, {0.31f, 0.95f}});
    ItemToItemCandidateSource s = new ItemToItemCandidateSource("i2i", table,
        new ExactIndex(table.vectors(), Similarity.COSINE), 2);
    // Most recent watch 4, then 1: neighbours interleaved, 4's first; watched videos never come back.
    List<Candidate> got = s.candidates(ctx(U, v(4), v(1)), 4);
    assertEquals(List.of(5, 2, 6, 3), ids(got));
    assertEquals("because you watched v4", got.get(0).sources().get(0).detail());
    assertEquals("because you watched v1", got.get(1).sources().get(0).detail());
    assertTrue(s.candidates(ctx(U), 4).isEmpty(), "no history, no seeds");
    assertTrue(s.candidates(ctx(U, v(99)), 4).isEmpty(), "a watch without an embedding is no seed");
    assertThrows(IllegalArgumentException.class, () -> new ItemToItemCandidateSource("i2i", table,
        new ExactIndex(table.vectors(), Similarity.COSINE), 0));
  }

  @Test
  void trendingIsRegionalTimeDecayedAndFallsBackToGlobal() {
    UserId a = new UserId(1);
    UserId b = new UserId(2);
    Map<UserId, String> region = Map.of(a, "r1", b, "r2");
    long now = 30 * DAY;
    List<Interaction> log = new ArrayList<>();
    // Video 1: five clicks in r1 twenty days ago. Video 2: two clicks in r1 yesterday. Video 3: three in r2 today.
    for (int k = 0; k < 5; k++) {
      log.add(new Interaction(a, v(1), 10 * DAY + k, 0, true, 10));
    }
    log.add(new Interaction(a, v(2), now - DAY, 0, true, 10));
    log.add(new Interaction(a, v(2), now - DAY, 1, true, 10));
    for (int k = 0; k < 3; k++) {
      log.add(new Interaction(b, v(3), now - 60 + k, 0, true, 10));
    }
    log.add(new Interaction(b, v(4), now + 10, 0, true, 10)); // after the snapshot: ignored
    TrendingCandidateSource t = TrendingCandidateSource.fromLog("trending", log, region::get, now, 3 * DAY);
    List<Candidate> r1 = t.candidates(ctxAt(a, now, "r1"), 10);
    assertEquals(List.of(2, 1, 3), ids(r1), "yesterday's two clicks outweigh five from twenty days ago; then global");
    assertEquals("trending in r1", r1.get(0).sources().get(0).detail());
    assertEquals("trending everywhere", r1.get(2).sources().get(0).detail());
    assertEquals(List.of(3, 2, 1), ids(t.candidates(ctxAt(b, now, "r2"), 10)));
    assertEquals(List.of(3, 2), ids(t.candidates(ctxAt(new UserId(9), now, Video.UNKNOWN, v(1)), 10)),
        "an unknown region gets the global list, without what the user watched");
    assertThrows(IllegalArgumentException.class,
        () -> TrendingCandidateSource.fromLog("trending", log, region::get, now, 0));
  }

  @Test
  void freshServesRecentUploadsInTheUsersTopicsOnly() {
    long now = 100 * DAY;
    VideoCatalog catalog = new VideoCatalog(List.of(
        new Video(v(1), new CreatorId(1), 0, 60, now - 50 * DAY), // topic 0, old: the watched one
        new Video(v(2), new CreatorId(1), 0, 60, now - 2 * DAY),
        new Video(v(3), new CreatorId(1), 0, 60, now - DAY),
        new Video(v(4), new CreatorId(1), 0, 60, now - 10 * DAY), // too old for a 7-day window
        new Video(v(5), new CreatorId(1), 0, 60, now + DAY), // not uploaded yet
        new Video(v(6), new CreatorId(2), 1, 60, now - DAY))); // another topic
    FreshCandidateSource f = new FreshCandidateSource("fresh", catalog, 7 * DAY);
    List<Candidate> got = f.candidates(ctxAt(U, now, "r1", v(1)), 10);
    assertEquals(List.of(3, 2), ids(got), "newest first, within the window, uploaded before the request");
    assertEquals("new in topic 0", got.get(0).sources().get(0).detail());
    assertTrue(f.candidates(ctxAt(U, now, "r1"), 10).isEmpty(), "no history, no topics");
    assertThrows(IllegalArgumentException.class, () -> new FreshCandidateSource("fresh", catalog, 0));
  }

  @Test
  void subscriptionsServeNewestUploadsOfSubscribedCreators() {
    long now = 100 * DAY;
    VideoCatalog catalog = new VideoCatalog(List.of(
        new Video(v(1), new CreatorId(1), 0, 60, now - 3 * DAY),
        new Video(v(2), new CreatorId(2), 0, 60, now - DAY),
        new Video(v(3), new CreatorId(1), 0, 60, now - 2 * DAY),
        new Video(v(4), new CreatorId(1), 0, 60, now - 30 * DAY), // outside the window
        new Video(v(5), new CreatorId(2), 0, 60, now + 60), // not uploaded yet
        new Video(v(6), new CreatorId(3), 0, 60, now - DAY))); // subscribed only after the request
    List<Subscription> subs = List.of(new Subscription(U, new CreatorId(1), 0),
        new Subscription(U, new CreatorId(2), 0), new Subscription(U, new CreatorId(3), now + DAY));
    SubscriptionCandidateSource s = new SubscriptionCandidateSource("subs", subs, catalog, 14 * DAY);
    List<Candidate> got = s.candidates(ctxAt(U, now, "r1", v(3)), 10);
    assertEquals(List.of(2, 1), ids(got), "newest first across creators; watched, stale and future skipped");
    assertEquals("new from c2", got.get(0).sources().get(0).detail());
    assertEquals(List.of(2), ids(s.candidates(ctxAt(U, now, "r1"), 1)));
    assertTrue(s.candidates(ctxAt(new UserId(5), now, "r1"), 10).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> new SubscriptionCandidateSource("subs", subs, catalog, 0));
  }
}

package dev.videorec.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainRecordsTest {
  private static final UserId U = new UserId(1);
  private static final VideoId V = new VideoId(2);

  private static void assertRejects(String expectedFragment, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(expectedFragment), () -> "message '" + e.getMessage() + "' lacks '"
        + expectedFragment + "'");
  }

  @Test
  void idsRejectNegativeValues() {
    assertRejects("user id must be >= 0, got -1", () -> new UserId(-1));
    assertRejects("video id must be >= 0, got -3", () -> new VideoId(-3));
    assertRejects("creator id must be >= 0, got -2", () -> new CreatorId(-2));
  }

  @Test
  void videoRejectsBadValues() {
    assertRejects("topic must be >= 0, got -1", () -> new Video(V, new CreatorId(0), -1, 10, 0));
    assertRejects("durationSeconds must be > 0, got 0", () -> new Video(V, new CreatorId(0), 1, 0, 0));
    assertThrows(NullPointerException.class, () -> new Video(null, new CreatorId(0), 1, 1, 0));
  }

  @Test
  void userRejectsBlankRegion() {
    assertRejects("region must be 1-32 letters, digits", () -> new User(U, " "));
    assertRejects("language must be 1-32 letters, digits", () -> new User(U, "r1", "e n", Device.MOBILE, true));
  }

  @Test
  void interactionRejectsWatchWithoutClickAndNegatives() {
    assertRejects("watchSeconds must be 0 without a click, got 5", () -> new Interaction(U, V, 0, 0, false, 5));
    assertRejects("position must be >= 0, got -1", () -> new Interaction(U, V, 0, -1, true, 5));
    assertRejects("watchSeconds must be >= 0, got -1", () -> new Interaction(U, V, 0, 0, true, -1));
    assertEquals(0, new Interaction(U, V, 0, 0, true, 0).watchSeconds(), "a bounce is a click with no watch");
  }

  @Test
  void requestBoundsK() {
    assertRejects("k must be in [1, 1000], got 0", () -> new RecommendationRequest(U, 0, 0));
    assertRejects("got 1001", () -> new RecommendationRequest(U, 0, 1001));
  }

  @Test
  void contextRejectsAnotherUsersHistory() {
    assertRejects("history belongs to u9 but the request is for u1",
        () -> new RequestContext(new RecommendationRequest(U, 0, 5), UserHistory.empty(new UserId(9))));
  }

  @Test
  void historyRejectsRepeatsAndAnswersMembership() {
    assertRejects("watched videos must be distinct", () -> new UserHistory(U, List.of(V, V)));
    UserHistory h = new UserHistory(U, List.of(V, new VideoId(7)));
    assertTrue(h.hasWatched(V));
    assertFalse(h.hasWatched(new VideoId(8)));
    assertTrue(h.hasWatchedId(7), "by value, as by id");
    assertFalse(h.hasWatchedId(8));
    assertFalse(h.hasWatchedId(-1));
    assertEquals(V, h.watched().get(0));
  }

  @Test
  void firstUnwatchedKeepsOrderSkipsTheWatchedAndStopsAtK() {
    UserHistory h = new UserHistory(U, List.of(new VideoId(2), new VideoId(4)));
    List<VideoId> items = List.of(new VideoId(1), new VideoId(2), new VideoId(3), new VideoId(4), new VideoId(5));
    assertEquals(List.of(new VideoId(1), new VideoId(3)), h.firstUnwatched(items, v -> v, 2));
    assertEquals(List.of(new VideoId(1), new VideoId(3), new VideoId(5)), h.firstUnwatched(items, v -> v, 10));
    assertEquals(List.of(new VideoId(2)), UserHistory.firstUnseen(items, v -> v, v -> v.value() != 2, 3));
    assertRejects("k must be >= 0", () -> h.firstUnwatched(items, v -> v, -1));
  }

  @Test
  void candidateNeedsASourceAndReportsScores() {
    assertRejects("a candidate needs at least one source", () -> new Candidate(V, List.of()));
    Candidate c = new Candidate(V, List.of(new Attribution("a", 0, 1.5), new Attribution("b", 3, 7)));
    assertEquals("a", c.primarySource());
    assertEquals(7, c.scoreFrom("b").orElseThrow());
    assertTrue(c.scoreFrom("z").isEmpty());
    assertRejects("score must not be NaN", () -> new Attribution("a", 0, Double.NaN));
    assertRejects("rank must be >= 0", () -> new Attribution("a", -1, 0));
  }

  @Test
  void scoredCandidateChecksScoreAndProbability() {
    Candidate c = Candidate.of(V, "s", 0, 1);
    assertRejects("score must be finite", () -> new ScoredCandidate(c, Double.POSITIVE_INFINITY, 0.5));
    assertRejects("clickProbability must be in [0, 1], got 1.5", () -> new ScoredCandidate(c, 1, 1.5));
    assertRejects("clickProbability must be in [0, 1], got NaN", () -> new ScoredCandidate(c, 1, Double.NaN));
    assertEquals(3.0, new ScoredCandidate(c, 1, 0.5).withScore(3).score());
  }

  @Test
  void recommendationRankIsOneBased() {
    assertRejects("rank is 1-based, got 0", () -> new Recommendation(0, V, 1, List.of(), List.of()));
  }
}

package dev.videorec.candidates.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Attribution;
import dev.videorec.core.Candidate;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import dev.videorec.core.trace.StageRecord;
import dev.videorec.core.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CandidateMixerTest {
  private static final UserId USER = new UserId(1);
  private static final RequestContext CTX =
      new RequestContext(new RecommendationRequest(USER, 0, 10), UserHistory.empty(USER));

  /** Proposes the given video ids in order, honouring the limit. */
  private static CandidateSource fixed(String name, int... videos) {
    return new CandidateSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Candidate> candidates(RequestContext context, int limit) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, videos.length); i++) {
          out.add(Candidate.of(new VideoId(videos[i]), name, i, 100 - i));
        }
        return out;
      }
    };
  }

  private static CandidateSource failing(String name) {
    return new CandidateSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Candidate> candidates(RequestContext context, int limit) {
        throw new IllegalStateException("index unavailable");
      }
    };
  }

  @Test
  void honoursQuotasRemovesDuplicatesAndKeepsAttribution() {
    CandidateMixer mixer = new CandidateMixer(List.of(
        new CandidateMixer.Quota(fixed("a", 1, 2, 3, 4, 5), 3),
        new CandidateMixer.Quota(fixed("b", 2, 9, 8), 2)));
    Trace trace = new Trace(USER);
    List<Candidate> out = mixer.mix(CTX, trace);
    // Interleaved by rank: a#0=1, b#0=2, a#1=2 (merged), b#1=9, a#2=3.
    assertEquals(List.of(1, 2, 9, 3), out.stream().map(c -> c.video().value()).toList());
    Candidate both = out.get(1);
    assertEquals(List.of(new Attribution("b", 0, 100), new Attribution("a", 1, 99)), both.sources());
    assertEquals(List.of("source:a", "source:b"), trace.stages().stream().map(StageRecord::stage).toList());
    assertEquals(3, trace.stages().get(0).outputSize(), "source a was asked for its quota only");
    assertTrue(trace.degradations().isEmpty());
  }

  @Test
  void aFailingSourceDegradesTheRequestInsteadOfFailingIt() {
    CandidateMixer mixer = new CandidateMixer(List.of(
        new CandidateMixer.Quota(failing("broken"), 5),
        new CandidateMixer.Quota(fixed("ok", 4, 5), 5)));
    Trace trace = new Trace(USER);
    List<Candidate> out = mixer.mix(CTX, trace);
    assertEquals(List.of(4, 5), out.stream().map(c -> c.video().value()).toList());
    assertEquals(1, trace.degradations().size());
    assertTrue(trace.degradations().get(0).startsWith("source:broken: failed and was skipped"),
        trace.degradations().get(0));
    assertTrue(trace.degradations().get(0).contains("index unavailable"));
  }

  @Test
  void rejectsInvalidConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> new CandidateMixer(List.of()));
    assertEquals("quota of source 'a' must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> new CandidateMixer.Quota(fixed("a"), 0)).getMessage());
    assertEquals("two sources are named 'a'", assertThrows(IllegalArgumentException.class,
        () -> new CandidateMixer(List.of(new CandidateMixer.Quota(fixed("a"), 1),
            new CandidateMixer.Quota(fixed("a"), 1)))).getMessage());
  }
}

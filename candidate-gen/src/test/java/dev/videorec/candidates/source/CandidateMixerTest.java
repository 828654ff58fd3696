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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CandidateMixerTest {
  private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-source");
    t.setDaemon(true);
    return t;
  });
  /** A generous budget: the sources of these tests answer at once. */
  private static final Duration AMPLE = Duration.ofSeconds(10);
  /** Released when the tests end, so that the slow source's thread finishes. */
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  @AfterAll
  static void shutDown() {
    RELEASE.countDown();
    EXECUTOR.shutdownNow();
  }

  private static CandidateMixer.Slot slot(CandidateSource s, int quota) {
    return new CandidateMixer.Slot(s, quota, AMPLE);
  }

  private static CandidateMixer mixer(int max, CandidateMixer.Slot... slots) {
    return new CandidateMixer(List.of(slots), max, EXECUTOR);
  }

  /** Answers only when released, ignoring interruption: the worst kind of slow dependency. */
  private static CandidateSource hanging(String name) {
    return new CandidateSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Candidate> candidates(RequestContext context, int limit) {
        boolean released = false;
        while (!released) {
          try {
            released = RELEASE.await(1, TimeUnit.MINUTES);
          } catch (InterruptedException e) {
            // Ignored on purpose: the mixer must not depend on a source honouring interruption.
          }
        }
        return List.of(Candidate.of(new VideoId(77), name, 0, 1));
      }
    };
  }
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
    CandidateMixer mixer = mixer(100, slot(fixed("a", 1, 2, 3, 4, 5), 3), slot(fixed("b", 2, 9, 8), 2));
    Trace trace = new Trace(USER);
    List<Candidate> out = mixer.mix(CTX, trace);
    // Interleaved by rank: a#0=1, b#0=2, a#1=2 (merged), b#1=9, a#2=3.
    assertEquals(List.of(1, 2, 9, 3), out.stream().map(c -> c.video().value()).toList());
    Candidate both = out.get(1);
    assertEquals(List.of(new Attribution("b", 0, 100), new Attribution("a", 1, 99)), both.sources(),
        "a duplicate keeps every source's attribution and score, first proposer first");
    assertEquals(100.0, both.scoreFrom("b").orElseThrow());
    assertEquals(99.0, both.scoreFrom("a").orElseThrow());
    assertEquals(List.of("source:a", "source:b"), trace.stages().stream().map(StageRecord::stage).toList());
    assertEquals(3, trace.stages().get(0).outputSize(), "source a was asked for its quota only");
    assertEquals(2, trace.stages().get(1).outputSize(), "source b was asked for its quota only");
    assertTrue(trace.degradations().isEmpty());
  }

  @Test
  void aSourceReturningMoreThanItsQuotaIsCutToIt() {
    CandidateSource greedy = new CandidateSource() {
      @Override
      public String name() {
        return "greedy";
      }

      @Override
      public List<Candidate> candidates(RequestContext context, int limit) {
        return List.of(Candidate.of(new VideoId(1), "greedy", 0, 3), Candidate.of(new VideoId(2), "greedy", 1, 2),
            Candidate.of(new VideoId(3), "greedy", 2, 1));
      }
    };
    assertEquals(2, mixer(100, slot(greedy, 2)).mix(CTX, new Trace(USER)).size());
  }

  @Test
  void stopsAtMaxCandidatesButKeepsMergingAttributions() {
    CandidateMixer mixer = mixer(3, slot(fixed("a", 1, 2, 3, 4), 4), slot(fixed("b", 5, 1, 6, 2), 4));
    List<Candidate> out = mixer.mix(CTX, new Trace(USER));
    // a#0=1, b#0=5, a#1=2, then the cap: b#1=1 still merges into 1, nothing new is added.
    assertEquals(List.of(1, 5, 2), out.stream().map(c -> c.video().value()).toList());
    assertEquals(List.of("a", "b"), out.get(0).sources().stream().map(Attribution::source).toList());
  }

  @Test
  void aFailingSourceDegradesTheRequestInsteadOfFailingIt() {
    CandidateMixer mixer = mixer(100, slot(failing("broken"), 5), slot(fixed("ok", 4, 5), 5));
    Trace trace = new Trace(USER);
    List<Candidate> out = mixer.mix(CTX, trace);
    assertEquals(List.of(4, 5), out.stream().map(c -> c.video().value()).toList());
    assertEquals(1, trace.degradations().size());
    assertTrue(trace.degradations().get(0).startsWith("source:broken: failed and was skipped"),
        trace.degradations().get(0));
    assertTrue(trace.degradations().get(0).contains("index unavailable"));
  }

  @Test
  void aSourceOverItsBudgetIsAbandonedAndTheRestIsServed() {
    CandidateMixer mixer = new CandidateMixer(List.of(
        new CandidateMixer.Slot(hanging("slow"), 5, Duration.ofMillis(50)),
        slot(fixed("ok", 4, 5), 5)), 100, EXECUTOR);
    Trace trace = new Trace(USER);
    long start = System.nanoTime();
    List<Candidate> out = mixer.mix(CTX, trace);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(List.of(4, 5), out.stream().map(c -> c.video().value()).toList());
    assertEquals(List.of("source:slow: timed out: no answer within its budget of 50 ms; skipped"),
        trace.degradations());
    // Not a speed assertion: the hanging source would block for a minute; the mixer must return long before.
    assertTrue(millis < 30_000, "the mixer waited " + millis + " ms for a source with a 50 ms budget");
  }

  @Test
  void buildsFromJsonConfig() {
    CandidateMixerConfig config = CandidateMixerConfig.parse("""
        {"maxCandidates": 3,
         "sources": [{"name": "b", "quota": 1, "budgetMillis": 20}, {"name": "a", "quota": 5, "budgetMillis": 30}]}
        """);
    assertEquals(List.of("b", "a"), config.names());
    CandidateMixer mixer = CandidateMixer.fromConfig(config,
        Map.of("a", fixed("a", 1, 2, 3, 4), "b", fixed("b", 9, 8), "unused", fixed("unused", 7)), EXECUTOR);
    assertEquals(List.of(Duration.ofMillis(20), Duration.ofMillis(30)),
        mixer.slots().stream().map(CandidateMixer.Slot::budget).toList());
    assertEquals(List.of(9, 1, 2), mixer.mix(CTX, new Trace(USER)).stream().map(c -> c.video().value()).toList());
    assertEquals("the mixer config names source 'b', which is not available; available: [a]",
        assertThrows(IllegalArgumentException.class,
            () -> CandidateMixer.fromConfig(config, Map.of("a", fixed("a")), EXECUTOR)).getMessage());
  }

  @Test
  void rejectsInvalidJsonConfig() {
    assertRejects("{\"maxCandidates\": 3, \"sources\": [{\"name\": \"a\", \"quota\": 1, \"budgetMillis\": 5, "
        + "\"weight\": 2}]}", "Unrecognized field \"weight\"");
    assertRejects("{\"maxCandidates\": 3, \"sources\": [{\"name\": \"a\", \"quota\": 1}]}", "budgetMillis");
    assertRejects("{\"maxCandidates\": 3, \"sources\": [{\"name\": \"a\", \"quota\": 0, \"budgetMillis\": 5}]}",
        "quota of source 'a' must be in [1, 10000], got 0");
    assertRejects("{\"maxCandidates\": 3, \"sources\": [{\"name\": \"a\", \"quota\": 1, \"budgetMillis\": 0}]}",
        "budgetMillis of source 'a' must be in [1, 60000], got 0");
    assertRejects("{\"maxCandidates\": 0, \"sources\": [{\"name\": \"a\", \"quota\": 1, \"budgetMillis\": 5}]}",
        "maxCandidates must be in [1, 10000], got 0");
    assertRejects("{\"maxCandidates\": 3, \"sources\": []}", "sources must name at least one source");
    assertRejects("{\"maxCandidates\": 3, \"sources\": [{\"name\": \"a\", \"quota\": 1, \"budgetMillis\": 5},"
        + "{\"name\": \"a\", \"quota\": 2, \"budgetMillis\": 5}]}", "source 'a' appears twice");
    assertRejects("{\"maxCandidates\": 3,", "malformed JSON");
  }

  private static void assertRejects(String json, String expected) {
    MixerConfigException e = assertThrows(MixerConfigException.class, () -> CandidateMixerConfig.parse(json));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void rejectsInvalidConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> new CandidateMixer(List.of(), 10, EXECUTOR));
    assertEquals("quota of source 'a' must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> new CandidateMixer.Slot(fixed("a"), 0, AMPLE)).getMessage());
    assertEquals("budget of source 'a' must be > 0, got PT0S", assertThrows(IllegalArgumentException.class,
        () -> new CandidateMixer.Slot(fixed("a"), 1, Duration.ZERO)).getMessage());
    assertEquals("two sources are named 'a'", assertThrows(IllegalArgumentException.class,
        () -> mixer(10, slot(fixed("a"), 1), slot(fixed("a"), 1))).getMessage());
    assertEquals("maxCandidates must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> mixer(0, slot(fixed("a"), 1))).getMessage());
  }

  @Test
  void offlineJobsLiftEveryBudgetAndKeepTheRest() {
    CandidateMixerConfig config = CandidateMixerConfig.parse("{\"maxCandidates\": 300, \"sources\": ["
        + "{\"name\": \"a\", \"quota\": 100, \"budgetMillis\": 20}, {\"name\": \"b\", \"quota\": 50, "
        + "\"budgetMillis\": 5}]}");
    CandidateMixerConfig offline = config.withoutBudgets();
    assertEquals(300, offline.maxCandidates());
    assertEquals(List.of("a", "b"), offline.sources().stream().map(CandidateMixerConfig.SourceSpec::name).toList());
    assertEquals(List.of(100, 50), offline.sources().stream().map(CandidateMixerConfig.SourceSpec::quota).toList());
    assertEquals(List.of(CandidateMixerConfig.SourceSpec.MAX_BUDGET_MILLIS,
        CandidateMixerConfig.SourceSpec.MAX_BUDGET_MILLIS),
        offline.sources().stream().map(CandidateMixerConfig.SourceSpec::budgetMillis).toList());
  }
}

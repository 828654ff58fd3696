package dev.videorec.app.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A planted world: videos 0-99 are good (clicked often, watched long), 100-199 bad. */
class AbSimulationTest {
  private static final AbSimulation.Truth TRUTH = new AbSimulation.Truth() {
    @Override
    public double clickProbability(UserId user, VideoId video, long time, int position) {
      return (video.value() < 100 ? 0.3 : 0.1) / Math.sqrt(1 + position);
    }

    @Override
    public double watchSeconds(UserId user, VideoId video, long time) {
      return video.value() < 100 ? 300 : 60;
    }

    @Override
    public double sessionsPerDay(UserId user) {
      return 1 + user.value() % 3;
    }
  };

  private static AbSimulation.Arm arm(String name, int offset) {
    return new AbSimulation.Arm() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<VideoId> recommend(RequestContext ctx) {
        List<VideoId> out = new ArrayList<>();
        for (int v = offset; out.size() < ctx.request().k(); v++) {
          if (!ctx.history().hasWatched(new VideoId(v))) {
            out.add(new VideoId(v));
          }
        }
        return out;
      }
    };
  }

  private static AbSimulation.Result run(AbSimulation.Arm a, AbSimulation.Arm b, boolean interleaving, int threads) {
    return run(a, b, interleaving, threads, null);
  }

  private static AbSimulation.Result run(AbSimulation.Arm a, AbSimulation.Arm b, boolean interleaving, int threads,
                                         AbSimulation.Retrainer retrainer) {
    List<UserId> users = new ArrayList<>();
    Map<UserId, User> profiles = new HashMap<>();
    for (int u = 0; u < 400; u++) {
      users.add(new UserId(u));
      profiles.put(new UserId(u), new User(new UserId(u), "r0"));
    }
    return AbSimulation.run(new AbSimulation.Config(5, 10, 11, interleaving, threads), a, b, users, profiles,
        UserHistory::empty, 0, TRUTH, (x, y) -> x.equals(y) ? 1 : 0, retrainer, n -> {});
  }

  @Test
  void theBetterArmWinsSignificantlyOnWatchTimeAndCtr() {
    AbSimulation.Result r = run(arm("bad", 100), arm("good", 0), false, 2);
    AbStatistics.Comparison watch = AbStatistics.compare(r.a().watchMinutes(), r.b().watchMinutes());
    assertTrue(watch.diff() > 0 && watch.significant(), "watch minutes: " + watch);
    AbStatistics.Comparison ctr = AbStatistics.compare(r.a().ctr(), r.b().ctr());
    assertTrue(ctr.diff() > 0 && ctr.significant(), "CTR: " + ctr);
    assertEquals(400, r.a().users() + r.b().users(), "every user is in exactly one arm");
    assertTrue(Math.abs(r.a().users() - 200) < 40, "about half in each arm: " + r.a().users());
  }

  @Test
  void anAaTestIsNotSignificantAndResultsDoNotDependOnThreads() {
    AbSimulation.Result one = run(arm("a", 0), arm("a'", 0), false, 1);
    AbSimulation.Result two = run(arm("a", 0), arm("a'", 0), false, 3);
    assertFalse(AbStatistics.compare(one.a().watchMinutes(), one.b().watchMinutes()).pValue() < 0.01);
    assertEquals(one.a().clicks(), two.a().clicks());
    assertEquals(one.b().clicks(), two.b().clicks());
  }

  @Test
  void interleavingPrefersTheBetterArm() {
    AbSimulation.Result r = run(arm("bad", 100), arm("good", 0), true, 2);
    assertTrue(r.preference().winsB() > r.preference().winsA(), r.preference().toString());
    assertTrue(r.preference().pValue() < 0.05);
  }

  @Test
  void assignmentIsAStableHash() {
    assertEquals(AbSimulation.assign(1, new UserId(5)), AbSimulation.assign(1, new UserId(5)));
  }

  @Test
  void theFeedbackLoopRebuildsEachArmOnItsOwnLogBetweenDays() {
    java.util.List<String> calls = new java.util.ArrayList<>();
    AbSimulation.Retrainer learnsFromDayOne = (current, logged, now) -> {
      for (int i = 1; i < logged.size(); i++) {
        assertTrue(logged.get(i - 1).timestamp() <= logged.get(i).timestamp(), "time-ordered");
      }
      assertTrue(logged.stream().allMatch(x -> x.timestamp() < now), "nothing from after the day");
      calls.add(current.name() + "@" + now);
      // The bad arm learns to show good videos from the second day on.
      return current.name().startsWith("bad") ? arm("bad, retrained", 0) : current;
    };
    AbSimulation.Result r = run(arm("bad", 100), arm("good", 0), false, 2, learnsFromDayOne);
    assertEquals(8, r.retrains(), "two arms, between each of 5 days");
    assertEquals("bad@86400", calls.get(0));
    assertEquals("good@86400", calls.get(1));
    double[] daily = r.a().dailyMinutes();
    assertTrue(daily[4] > 2 * daily[0], "arm A improves once retrained: " + java.util.Arrays.toString(daily));
    assertEquals(5, daily.length);
    assertThrows(IllegalArgumentException.class,
        () -> run(arm("bad", 100), arm("good", 0), true, 2, learnsFromDayOne));
  }

  @Test
  void theLogCarriesTheArmsPropensitiesAndTheDailyExposure() {
    AbSimulation.Arm exploring = new AbSimulation.Arm() {
      @Override
      public String name() {
        return "exploring";
      }

      @Override
      public List<VideoId> recommend(RequestContext ctx) {
        return arm("good", 0).recommend(ctx);
      }

      @Override
      public AbSimulation.Shown show(RequestContext ctx) {
        List<VideoId> videos = recommend(ctx);
        double[] p = new double[videos.size()];
        java.util.Arrays.fill(p, 0.5);
        return new AbSimulation.Shown(videos, p);
      }
    };
    List<dev.videorec.core.Interaction> seen = new ArrayList<>();
    AbSimulation.Result r = run(arm("bad", 100), exploring, false, 2, (current, logged, now) -> {
      if (current.name().equals("exploring")) {
        seen.clear();
        seen.addAll(logged);
      }
      return current;
    });
    assertFalse(seen.isEmpty());
    assertTrue(seen.stream().allMatch(i -> i.propensity() == 0.5));
    for (AbSimulation.ArmOutcome o : List.of(r.a(), r.b())) {
      assertEquals(5, o.dailyGini().length);
      for (int d = 0; d < 5; d++) {
        assertTrue(o.dailyCtr()[d] > 0 && o.dailyCtr()[d] < 1, o.name() + " CTR " + o.dailyCtr()[d]);
        assertTrue(o.dailyCoverage()[d] > 0 && o.dailyCoverage()[d] <= 1);
        assertTrue(o.dailyGini()[d] >= 0 && o.dailyGini()[d] < 1);
      }
    }
  }
}

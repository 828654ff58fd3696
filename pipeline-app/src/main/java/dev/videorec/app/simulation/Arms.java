package dev.videorec.app.simulation;

import dev.videorec.app.funnel.Funnel;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.core.Candidate;
import dev.videorec.core.Catalog;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.data.synthetic.GroundTruth;
import dev.videorec.ranking.ValueModel;
import java.util.List;

/** The recommenders a simulation can put in front of its users, and the synthetic world's truth as they meet it. */
public final class Arms {
  /** The named arms {@link #arm} builds. */
  public static final List<String> NAMES = List.of("funnel", "click-only", "two-tower", "popular");

  private Arms() {}

  /**
   * The named recommender over the trained funnel: the funnel, the funnel ranking by its click head alone, or a
   * retrieval source alone.
   *
   * @throws IllegalArgumentException for a name not in {@link #NAMES}
   */
  public static AbSimulation.Arm arm(String name, FunnelBuilder.Trained t) {
    return switch (name) {
      case "funnel" -> funnelArm(name, t.funnel());
      case "click-only" -> funnelArm(name, t.funnel().withRanker(t.ranker().withValueModel(ValueModel.CLICK_ONLY)));
      case "two-tower" -> sourceArm(name, t, FunnelBuilder.TWO_TOWER_SOURCE);
      case "popular" -> sourceArm(name, t, FunnelBuilder.POPULAR_SOURCE);
      default -> throw new IllegalArgumentException("unknown arm '" + name + "'; arms: " + NAMES);
    };
  }

  /** The funnel as an arm; its lists carry the propensities of the re-ranking chain's exploration policy, if any. */
  public static AbSimulation.Arm funnelArm(String name, Funnel funnel) {
    return new AbSimulation.Arm() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<VideoId> recommend(RequestContext context) {
        return show(context).videos();
      }

      @Override
      public AbSimulation.Shown show(RequestContext context) {
        List<Recommendation> recs = funnel.recommend(context).recommendations();
        return new AbSimulation.Shown(recs.stream().map(Recommendation::video).toList(),
            recs.stream().mapToDouble(Recommendation::propensity).toArray());
      }
    };
  }

  /** A retrieval source alone, minus what the user has watched (the funnel's filters do that for the others). */
  private static AbSimulation.Arm sourceArm(String name, FunnelBuilder.Trained t, String source) {
    return AbSimulation.Arm.of(name, context -> {
      int k = context.request().k();
      return context.history().firstUnwatched(t.source(source).candidates(context, k + context.history().watched()
          .size()), Candidate::video, k).stream().map(Candidate::video).toList();
    });
  }

  /**
   * {@code n} of {@code users} drawn at random with {@code seed}, in id order; all of them, in id order, when
   * {@code n} is at least their number.
   */
  public static List<UserId> sample(java.util.Collection<UserId> users, int n, long seed) {
    List<UserId> all = new java.util.ArrayList<>(users);
    all.sort(null);
    if (n >= all.size()) {
      return all;
    }
    java.util.Collections.shuffle(all, new java.util.Random(seed));
    List<UserId> drawn = new java.util.ArrayList<>(all.subList(0, n));
    drawn.sort(null);
    return drawn;
  }

  /** The synthetic world's ground truth as simulated users act on it. */
  public static AbSimulation.Truth truth(GroundTruth truth, Catalog catalog) {
    return new AbSimulation.Truth() {
      @Override
      public double clickProbability(UserId user, VideoId video, long time, int position) {
        return truth.clickProbability(user, video, time, position);
      }

      @Override
      public double watchSeconds(UserId user, VideoId video, long time) {
        return truth.expectedWatchFraction(user, video, time) * catalog.get(video).durationSeconds();
      }

      @Override
      public double sessionsPerDay(UserId user) {
        return truth.sessionsPerDay(user);
      }
    };
  }
}

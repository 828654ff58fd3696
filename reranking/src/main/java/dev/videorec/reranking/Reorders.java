package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Builds a selector's result from a new order of the first items: the rest follow in their old order. */
final class Reorders {
  private Reorders() {}

  /**
   * @param ranked the input, best first
   * @param picked indices into {@code ranked}, in their new order
   * @param reason the reason recorded for a picked item that moved, given its index into {@code ranked}
   */
  static Selector.Selection apply(String rule, List<ScoredCandidate> ranked, int[] picked, IntFunction<String> reason) {
    boolean[] used = new boolean[ranked.size()];
    List<ScoredCandidate> kept = new ArrayList<>(ranked.size());
    List<Decision> decisions = new ArrayList<>();
    for (int p : picked) {
      used[p] = true;
      if (kept.size() != p) {
        decisions.add(new Decision(ranked.get(p).video(), rule, Decision.Action.MOVED,
            "moved from rank " + (p + 1) + " to " + (kept.size() + 1) + ": " + reason.apply(p)));
      }
      kept.add(ranked.get(p));
    }
    for (int i = 0; i < ranked.size(); i++) {
      if (!used[i]) {
        kept.add(ranked.get(i));
      }
    }
    return new Selector.Selection(kept, decisions);
  }

  /** The candidates' video ids, in list order. */
  static List<VideoId> ids(List<ScoredCandidate> ranked) {
    List<VideoId> ids = new ArrayList<>(ranked.size());
    for (ScoredCandidate c : ranked) {
      ids.add(c.video());
    }
    return ids;
  }

  /** Scores divided by the best score, so that relevance is in [0, 1] whatever the ranker's scale. */
  static double[] relevance(List<ScoredCandidate> ranked) {
    double max = 0;
    for (ScoredCandidate c : ranked) {
      max = Math.max(max, c.score());
    }
    double[] r = new double[ranked.size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = max > 0 ? Math.max(0, ranked.get(i).score()) / max : 0;
    }
    return r;
  }
}

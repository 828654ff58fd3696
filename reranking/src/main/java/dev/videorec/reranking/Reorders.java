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

  /**
   * {@code x} with {@code decimals} digits after the point (half up), as {@code String.format("%.3f")} would
   * write it, but cheap enough for reasons built on every request's hot path.
   */
  static String fixed(double x, int decimals) {
    long scale = (long) Math.pow(10, decimals);
    long v = Math.round(Math.abs(x) * scale);
    StringBuilder sb = new StringBuilder(12);
    if (x < 0 && v != 0) {
      sb.append('-');
    }
    sb.append(v / scale);
    if (decimals > 0) {
      String frac = Long.toString(v % scale);
      sb.append('.');
      for (int i = frac.length(); i < decimals; i++) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb.toString();
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

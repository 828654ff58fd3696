package dev.videorec.ranking;

import dev.videorec.core.Interaction;
import java.util.List;

/**
 * A model that predicts clicks on logged impressions, for offline evaluation (AUC, log loss) on a held-out window.
 * Same contract as a ranker: one output per input, in input order; the input is not modified; thread-safe.
 */
public interface ClickPredictor {
  /** A short stable name, used in reports. */
  String name();

  /** The predicted click probability of each impression, as of its timestamp. */
  double[] predictClicks(List<Interaction> impressions);
}

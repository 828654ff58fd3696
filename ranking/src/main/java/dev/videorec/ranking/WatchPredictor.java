package dev.videorec.ranking;

import dev.videorec.core.Interaction;
import java.util.List;

/**
 * A model that predicts how much of a video is watched after a click, for offline evaluation of a watch-time
 * head. Same contract as {@link ClickPredictor}: one output per input, in order; thread-safe.
 */
public interface WatchPredictor {
  /** The predicted watched fraction, in [0, 1], of each impression had it been clicked. */
  double[] predictWatchFractions(List<Interaction> impressions);
}

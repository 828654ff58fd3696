package dev.videorec.candidates.source;

import dev.videorec.candidates.cf.ItemItemModel;
import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Candidates from an item-item model (EASE or item-kNN, {@link dev.videorec.candidates.cf}): the videos whose
 * summed weights from the user's clicked history are highest, the history itself left out. The score is
 * {@code Σ_{i ∈ history} W[i][j]}, computed at request time, so the list follows the user's latest clicks without
 * retraining. A user whose history has no video the model knows gets nothing (the mixer's other sources cover
 * them). With a history limit, only the user's latest clicks count: what they are into now rather than all they
 * ever liked. Immutable and thread-safe: each request scores into its own array.
 */
public final class ItemItemCandidateSource implements CandidateSource {
  private final String name;
  private final ItemItemModel model;
  private final int historyLimit;

  /**
   * @param historyLimit how many of the latest clicks count, or 0 for the whole history
   * @throws IllegalArgumentException if {@code historyLimit < 0}
   */
  public ItemItemCandidateSource(String name, ItemItemModel model, int historyLimit) {
    this.name = Objects.requireNonNull(name, "name");
    this.model = Objects.requireNonNull(model, "model");
    if (historyLimit < 0) {
      throw new IllegalArgumentException("historyLimit must be >= 0, got " + historyLimit);
    }
    this.historyLimit = historyLimit;
  }

  @Override
  public String name() {
    return name;
  }

  /** The model behind this source. */
  public ItemItemModel model() {
    return model;
  }

  @Override
  public List<Candidate> candidates(RequestContext context, int limit) {
    CandidateSource.requireLimit(limit);
    List<dev.videorec.core.VideoId> history = context.history().watched();
    List<long[]> top;
    if (historyLimit > 0 && history.size() > historyLimit) {
      // Scored from the latest clicks, but nothing the user ever clicked comes back.
      top = model.top(history.subList(0, historyLimit), context.history()::hasWatched, limit);
    } else {
      top = model.top(history, v -> false, limit);
    }
    List<Candidate> out = new ArrayList<>(top.size());
    for (long[] t : top) {
      out.add(Candidate.of(model.item((int) t[0]), name, out.size(), Float.intBitsToFloat((int) t[1])));
    }
    return List.copyOf(out);
  }
}

package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.CandidateFilter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Removes a candidate whose embedding is nearly identical to one already kept above it (re-uploads, mirrors,
 * clips of the same video): cosine similarity at or above a threshold. Cost grows with the kept list, so it runs
 * after the set look-up filters. Immutable and thread-safe.
 */
public final class NearDuplicateFilter implements CandidateFilter {
  public static final String NAME = "near-duplicates";

  private final ItemSimilarity similarity;
  private final double maxCosine;

  /** @throws IllegalArgumentException unless {@code maxCosine} is in (0, 1] */
  public NearDuplicateFilter(ItemSimilarity similarity, double maxCosine) {
    this.similarity = Objects.requireNonNull(similarity, "similarity");
    if (!(maxCosine > 0 && maxCosine <= 1)) {
      throw new IllegalArgumentException("maxCosine must be in (0, 1], got " + maxCosine);
    }
    this.maxCosine = maxCosine;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int cost() {
    return 2;
  }

  @Override
  public Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate,
                                          List<ScoredCandidate> keptAbove) {
    for (ScoredCandidate above : keptAbove) {
      double s = similarity.similarity(candidate.video(), above.video());
      if (s >= maxCosine) {
        return Optional.of(String.format(Locale.ROOT, "cosine %.3f with %s above it >= %.3f", s, above.video(),
            maxCosine));
      }
    }
    return Optional.empty();
  }
}

package dev.videorec.reranking;

import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.CandidateFilter;
import java.util.Optional;

/** Removes videos the user has already watched. Stateless and thread-safe. */
public final class AlreadyWatchedFilter implements CandidateFilter {
  public static final String NAME = "already-watched";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate) {
    return context.history().hasWatched(candidate.video())
        ? Optional.of("user " + context.user() + " already watched " + candidate.video())
        : Optional.empty();
  }
}

package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.Video;
import dev.videorec.core.stage.CandidateFilter;
import java.util.Objects;
import java.util.Optional;

/**
 * Removes videos the user may not see: not licensed in the user's region, or age-restricted for a user not
 * verified as adult. A legal rule, so it is a filter and not a model's concern. Immutable and thread-safe.
 */
public final class AvailabilityFilter implements CandidateFilter {
  public static final String NAME = "unavailable";

  private final Catalog catalog;

  public AvailabilityFilter(Catalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate) {
    Video v = catalog.get(candidate.video());
    String region = context.profile().region();
    if (!v.availableIn(region)) {
      return Optional.of(v.id() + " is not licensed in region " + region);
    }
    if (v.ageRestricted() && !context.profile().adult()) {
      return Optional.of(v.id() + " is age-restricted and user " + context.user() + " is not verified as adult");
    }
    return Optional.empty();
  }
}

package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.stage.CandidateFilter;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Removes videos of creators on a platform blocklist (policy strikes, legal holds). Immutable and thread-safe. */
public final class BlockedCreatorFilter implements CandidateFilter {
  public static final String NAME = "blocked-creators";

  private final Catalog catalog;
  private final Set<CreatorId> blocked;

  public BlockedCreatorFilter(Catalog catalog, Set<CreatorId> blocked) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.blocked = Set.copyOf(blocked);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> rejectionReason(RequestContext context, ScoredCandidate candidate) {
    CreatorId creator = catalog.get(candidate.video()).creator();
    return blocked.contains(creator) ? Optional.of("creator " + creator + " is blocked") : Optional.empty();
  }
}

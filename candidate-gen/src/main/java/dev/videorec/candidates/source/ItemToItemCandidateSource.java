package dev.videorec.candidates.source;

import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.candidates.index.SearchResult;
import dev.videorec.candidates.index.VectorIndex;
import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * "Because you watched X": the nearest neighbours of the user's most recent watches in video-embedding space.
 *
 * <ol>
 *   <li>Take up to {@code seeds} of the user's most recent watches that have an embedding.</li>
 *   <li>Search the index with each seed's own vector for about {@code limit / seeds} neighbours (plus the seed
 *       itself, which is skipped), excluding everything the user watched.</li>
 *   <li>Interleave the seeds' lists, most recent seed first, keeping each video once; each candidate's detail
 *       names the seed it came from.</li>
 * </ol>
 * It needs no user embedding, so it serves users the retrieval model never saw as soon as they watch one video,
 * and it follows a change of interest at once. Immutable and thread-safe.
 */
public final class ItemToItemCandidateSource implements CandidateSource {
  /** Default number of recent watches used as seeds. */
  public static final int DEFAULT_SEEDS = 5;

  private final String name;
  private final VideoEmbeddings videos;
  private final VectorIndex index;
  private final int seeds;

  /**
   * @param videos the video table; ordinal {@code i} of {@code index} must be {@code videos.id(i)}
   * @param index  an index over {@code videos.vectors()}, preferably by cosine similarity
   * @param seeds  recent watches to expand, {@code >= 1}
   */
  public ItemToItemCandidateSource(String name, VideoEmbeddings videos, VectorIndex index, int seeds) {
    this.name = Objects.requireNonNull(name, "name");
    this.videos = Objects.requireNonNull(videos, "videos");
    this.index = Objects.requireNonNull(index, "index");
    if (seeds < 1) {
      throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
    }
    if (index.size() != videos.size() || index.dimension() != videos.dimension()) {
      throw new IllegalArgumentException("index (" + index.size() + " x " + index.dimension()
          + ") does not match the video table (" + videos.size() + " x " + videos.dimension() + ")");
    }
    this.seeds = seeds;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Candidate> candidates(RequestContext context, int limit) {
    CandidateSource.requireLimit(limit);
    UserHistory history = context.history();
    // 1. Seeds: the most recent watches with a vector.
    List<VideoId> seedIds = new ArrayList<>();
    List<float[]> seedVectors = new ArrayList<>();
    for (VideoId v : history.watched()) {
      Optional<Integer> ordinal = videos.ordinal(v);
      if (ordinal.isPresent()) {
        seedIds.add(v);
        seedVectors.add(videos.vector(ordinal.get()));
        if (seedIds.size() == seeds) {
          break;
        }
      }
    }
    if (seedIds.isEmpty()) {
      return List.of();
    }
    // 2. Neighbours of each seed.
    int perSeed = Math.min(index.size(), (limit + seedIds.size() - 1) / seedIds.size() + 1);
    List<SearchResult> lists = new ArrayList<>(seedIds.size());
    for (float[] vector : seedVectors) {
      lists.add(index.search(vector, perSeed, ordinal -> !history.hasWatchedId(videos.idValue(ordinal))));
    }
    // 3. Interleave, most recent seed first.
    List<Candidate> out = new ArrayList<>(limit);
    Set<VideoId> taken = new HashSet<>();
    for (int r = 0; r < perSeed && out.size() < limit; r++) {
      for (int s = 0; s < lists.size() && out.size() < limit; s++) {
        SearchResult hits = lists.get(s);
        if (r < hits.size()) {
          VideoId v = videos.id(hits.ordinals()[r]);
          if (taken.add(v)) {
            out.add(Candidate.of(v, name, out.size(), hits.scores()[r], "because you watched " + seedIds.get(s)));
          }
        }
      }
    }
    return List.copyOf(out);
  }
}

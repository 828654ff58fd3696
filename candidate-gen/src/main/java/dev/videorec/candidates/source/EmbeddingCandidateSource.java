package dev.videorec.candidates.source;

import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.embedding.UserEmbedder;
import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.candidates.index.SearchResult;
import dev.videorec.candidates.index.VectorIndex;
import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.UserHistory;
import dev.videorec.core.stage.CandidateSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Personalised retrieval: the videos whose embeddings score highest against the user's embedding, excluding what
 * the user already watched (as a filter inside the search, so the source still returns {@code limit} results).
 *
 * <p>The user's query vector comes from a {@link UserEmbedder}: looked up (static, batch-computed) or computed per
 * request from the user's history (dynamic). The index speaks ordinals; this source is the edge that maps them to
 * video ids. A user without an embedding (cold start) gets no candidates from here; other sources cover them.
 * Immutable and thread-safe.
 */
public final class EmbeddingCandidateSource implements CandidateSource {
  private final String name;
  private final UserEmbedder users;
  private final VideoEmbeddings videos;
  private final VectorIndex index;

  /**
   * @param name  the source's name in attributions
   * @param model the embeddings; ordinal {@code i} of {@code index} must be {@code model.video(i)}
   * @param index an index built over {@code model.videoVectors()}
   * @throws IllegalArgumentException if the index does not match the model's size or dimension
   */
  public EmbeddingCandidateSource(String name, EmbeddingModel model, VectorIndex index) {
    this(name, Objects.requireNonNull(model, "model").userEmbedder(), model.videoEmbeddings(), index);
  }

  /**
   * @param name   the source's name in attributions
   * @param users  the query vector of a request
   * @param videos the video table; ordinal {@code i} of {@code index} must be {@code videos.id(i)}
   * @param index  an index built over {@code videos.vectors()}
   * @throws IllegalArgumentException if the index does not match the table's size or dimension
   */
  public EmbeddingCandidateSource(String name, UserEmbedder users, VideoEmbeddings videos, VectorIndex index) {
    this.name = Objects.requireNonNull(name, "name");
    this.users = Objects.requireNonNull(users, "users");
    this.videos = Objects.requireNonNull(videos, "videos");
    this.index = Objects.requireNonNull(index, "index");
    if (index.size() != videos.size() || index.dimension() != videos.dimension()) {
      throw new IllegalArgumentException("index (" + index.size() + " x " + index.dimension()
          + ") does not match the video table (" + videos.size() + " x " + videos.dimension() + ")");
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Candidate> candidates(RequestContext context, int limit) {
    CandidateSource.requireLimit(limit);
    Optional<float[]> user = users.embed(context);
    if (user.isEmpty()) {
      return List.of();
    }
    UserHistory history = context.history();
    SearchResult hits = index.search(user.get(), limit, ordinal -> !history.hasWatchedId(videos.idValue(ordinal)));
    List<Candidate> out = new ArrayList<>(hits.size());
    for (int r = 0; r < hits.size(); r++) {
      out.add(Candidate.of(videos.id(hits.ordinals()[r]), name, r, hits.scores()[r]));
    }
    return List.copyOf(out);
  }
}

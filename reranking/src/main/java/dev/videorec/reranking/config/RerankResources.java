package dev.videorec.reranking.config;

import dev.videorec.core.Catalog;
import dev.videorec.reranking.ItemSimilarity;
import dev.videorec.reranking.VideoPopularity;
import java.util.Objects;

/**
 * What the rules need from the rest of the system: the catalogue (creators, upload times, restrictions), a
 * similarity between videos (for near-duplicates and diversification), and each video's clicks in the training
 * log (for popularity corrections).
 */
public record RerankResources(Catalog catalog, ItemSimilarity similarity, VideoPopularity popularity) {
  public RerankResources {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(similarity, "similarity");
    Objects.requireNonNull(popularity, "popularity");
  }

  /** Resources without popularity counts. */
  public RerankResources(Catalog catalog, ItemSimilarity similarity) {
    this(catalog, similarity, VideoPopularity.NONE);
  }
}

package dev.videorec.reranking.config;

import dev.videorec.core.Catalog;
import dev.videorec.reranking.ItemSimilarity;
import java.util.Objects;

/**
 * What the rules need from the rest of the system: the catalogue (creators, upload times, restrictions) and a
 * similarity between videos (for near-duplicates and diversification).
 */
public record RerankResources(Catalog catalog, ItemSimilarity similarity) {
  public RerankResources {
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(similarity, "similarity");
  }
}

package dev.videorec.reranking;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.VideoId;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Beyond-accuracy metrics of recommendation lists: what a list looks like to a user (diversity, coverage, novelty)
 * and what all lists together do to the catalogue (coverage, concentration of exposure). Pure functions;
 * thread-safe.
 */
public final class ListMetrics {
  private ListMetrics() {}

  /** Mean pairwise dissimilarity {@code 1 - sim(i, j)} over the list's pairs; 0 for fewer than two items. */
  public static double intraListDiversity(List<VideoId> list, ItemSimilarity similarity) {
    int n = list.size();
    if (n < 2) {
      return 0;
    }
    double sum = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        sum += 1 - similarity.similarity(list.get(i), list.get(j));
      }
    }
    return sum / (n * (n - 1) / 2.0);
  }

  /** Distinct primary topics in the list. */
  public static int topicCoverage(List<VideoId> list, Catalog catalog) {
    Set<Integer> topics = new HashSet<>();
    for (VideoId v : list) {
      topics.add(catalog.get(v).topic());
    }
    return topics.size();
  }

  /** Distinct creators over list length, in (0, 1]; 0 for an empty list. */
  public static double creatorCoverage(List<VideoId> list, Catalog catalog) {
    if (list.isEmpty()) {
      return 0;
    }
    Set<CreatorId> creators = new HashSet<>();
    for (VideoId v : list) {
      creators.add(catalog.get(v).creator());
    }
    return creators.size() / (double) list.size();
  }

  /**
   * Mean self-information {@code -log2 p(i)} of the list's items, where {@code p(i)} is the item's share of
   * {@code popularity} with add-one smoothing: recommending what everyone already sees scores low.
   *
   * @param popularity  interactions per video in the training window
   * @param catalogSize the number of videos, for the smoothing
   */
  public static double novelty(List<VideoId> list, Map<VideoId, Integer> popularity, int catalogSize) {
    if (list.isEmpty()) {
      return 0;
    }
    long total = 0;
    for (int c : popularity.values()) {
      total += c;
    }
    double sum = 0;
    for (VideoId v : list) {
      double p = (popularity.getOrDefault(v, 0) + 1.0) / (total + catalogSize);
      sum -= Math.log(p) / Math.log(2);
    }
    return sum / list.size();
  }

  /** Share of the catalogue that appears in at least one list. */
  public static double catalogueCoverage(Collection<List<VideoId>> lists, int catalogSize) {
    Set<VideoId> seen = new HashSet<>();
    for (List<VideoId> l : lists) {
      seen.addAll(l);
    }
    return seen.size() / (double) catalogSize;
  }

  /**
   * Gini coefficient of exposure: how unequally the lists' slots are spread over the whole catalogue (videos never
   * recommended count as zero). 0 is perfectly even, near 1 is everyone seeing the same few videos.
   */
  public static double exposureGini(Collection<List<VideoId>> lists, Catalog catalog) {
    Map<VideoId, Integer> counts = new HashMap<>();
    for (List<VideoId> l : lists) {
      for (VideoId v : l) {
        counts.merge(v, 1, Integer::sum);
      }
    }
    long[] values = new long[catalog.size()];
    int i = 0;
    for (int c : counts.values()) {
      values[i++] = c;
    }
    return dev.videorec.core.metrics.Metrics.gini(values);
  }
}

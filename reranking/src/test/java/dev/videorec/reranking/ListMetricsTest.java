package dev.videorec.reranking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListMetricsTest {
  private static final VideoId A = new VideoId(0);
  private static final VideoId B = new VideoId(1);
  private static final VideoId C = new VideoId(2);
  private static final VideoId D = new VideoId(3);
  /** A and B share creator 0 and topic 0; C has creator 1, topic 1; D creator 2, topic 1. */
  private static final VideoCatalog CATALOG = new VideoCatalog(List.of(
      new Video(A, new CreatorId(0), 0, 60, 0), new Video(B, new CreatorId(0), 0, 60, 0),
      new Video(C, new CreatorId(1), 1, 60, 0), new Video(D, new CreatorId(2), 1, 60, 0)));

  @Test
  void diversityAndCoverageOfOneList() {
    ItemSimilarity sim = new EmbeddingSimilarity(Map.of(A, new float[] {1, 0}, B, new float[] {1, 0},
        C, new float[] {0, 1}));
    // Pairs: (A,B) 1 - 1 = 0, (A,C) 1 - 0 = 1, (B,C) 1 - 0 = 1.
    assertEquals(2.0 / 3, ListMetrics.intraListDiversity(List.of(A, B, C), sim), 1e-6);
    assertEquals(0, ListMetrics.intraListDiversity(List.of(A), sim));
    assertEquals(2, ListMetrics.topicCoverage(List.of(A, B, C), CATALOG));
    assertEquals(2.0 / 3, ListMetrics.creatorCoverage(List.of(A, B, C), CATALOG), 1e-12);
  }

  @Test
  void noveltyPrefersTheLongTail() {
    Map<VideoId, Integer> popularity = Map.of(A, 96, B, 2, C, 2);
    double head = ListMetrics.novelty(List.of(A), popularity, 4);
    double tail = ListMetrics.novelty(List.of(D), popularity, 4);
    assertEquals(-Math.log((96 + 1.0) / (100 + 4)) / Math.log(2), head, 1e-12);
    assertEquals(-Math.log(1.0 / 104) / Math.log(2), tail, 1e-12);
  }

  @Test
  void catalogueCoverageAndExposureGini() {
    List<List<VideoId>> same = List.of(List.of(A), List.of(A), List.of(A), List.of(A));
    List<List<VideoId>> spread = List.of(List.of(A), List.of(B), List.of(C), List.of(D));
    assertEquals(0.25, ListMetrics.catalogueCoverage(same, CATALOG.size()), 1e-12);
    assertEquals(1.0, ListMetrics.catalogueCoverage(spread, CATALOG.size()), 1e-12);
    assertEquals(0.75, ListMetrics.exposureGini(same, CATALOG), 1e-12, "one video gets every slot of four");
    assertEquals(0.0, ListMetrics.exposureGini(spread, CATALOG), 1e-12, "every video gets one slot");
  }
}

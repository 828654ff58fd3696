package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VideoCatalogTest {
  /** The bounds the catalogue keeps are the ones the interface counts, for dense and for sparse ids. */
  @Test
  void keptBoundsAreTheCountedOnes() {
    SplittableRandom r = new SplittableRandom(3);
    for (int stride : new int[] {1, 1_000}) {
      List<Video> videos = new ArrayList<>();
      for (int v = 0; v < 500; v++) {
        // First topics below 20, further topics up to 39: the two bounds differ.
        List<Integer> topics = v % 3 == 0 ? List.of(r.nextInt(20), 20 + r.nextInt(20)) : List.of(r.nextInt(20));
        videos.add(new Video(new VideoId(v * stride + 7), new CreatorId(v % 9), topics, 60, 1_700_000_000L,
            Video.UNKNOWN, Video.UNKNOWN));
      }
      VideoCatalog kept = new VideoCatalog(videos);
      Catalog counted = new Catalog() {
        @Override
        public Optional<Video> find(VideoId id) {
          return kept.find(id);
        }

        @Override
        public Collection<Video> videos() {
          return kept.videos();
        }

        @Override
        public int size() {
          return kept.size();
        }
      };
      assertEquals(counted.idBound(), kept.idBound());
      assertEquals(499 * stride + 8, kept.idBound());
      assertEquals(counted.topicBound(), kept.topicBound());
      assertEquals(counted.firstTopicBound(), kept.firstTopicBound());
      assertEquals(true, kept.topicBound() > kept.firstTopicBound());
    }
    Catalog empty = new VideoCatalog(List.of());
    assertEquals(0, empty.idBound());
    assertEquals(1, empty.topicBound());
    assertEquals(1, empty.firstTopicBound());
  }
}

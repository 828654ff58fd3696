package dev.videorec.candidates.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UploadOrderTest {
  /** The radix order is the comparator's, with many ties, negative times and ranges from one second to 2^63. */
  @Test
  void sortsAsTheComparatorDoes() {
    Random random = new Random(17);
    for (long range : new long[] {1, 7, 3_000, 2_600_000, 1L << 40, Long.MAX_VALUE}) {
      List<Video> videos = new ArrayList<>();
      for (int i = 0; i < 5_000; i++) {
        long time = range == Long.MAX_VALUE ? random.nextLong() : Math.floorMod(random.nextLong(), range) - range / 3;
        // Ids shuffled against upload times, some of them sparse.
        videos.add(new Video(new VideoId(random.nextInt(3) == 0 ? 10_000 + 7 * i : i), new CreatorId(i % 13), i % 5,
            60, time));
      }
      VideoCatalog catalog = new VideoCatalog(videos);
      Comparator<Video> byId = Comparator.comparingInt(v -> v.id().value());
      Video[] oldest = catalog.videos().toArray(new Video[0]);
      java.util.Arrays.sort(oldest, Comparator.comparingLong(Video::uploadTime).thenComparing(byId));
      assertArrayEquals(oldest, UploadOrder.of(catalog, false), "oldest first, range " + range);
      Video[] newest = catalog.videos().toArray(new Video[0]);
      java.util.Arrays.sort(newest, Comparator.comparingLong(Video::uploadTime).reversed().thenComparing(byId));
      assertArrayEquals(newest, UploadOrder.of(catalog, true), "newest first, range " + range);
    }
  }
}

package dev.videorec.ranking.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PointInTimeFeaturesTest {
  private static final UserId U = new UserId(1);
  private static final VideoCatalog CATALOG = new VideoCatalog(List.of(
      new Video(new VideoId(0), new CreatorId(0), 0, 100, 0),
      new Video(new VideoId(1), new CreatorId(0), 1, 200, 0),
      new Video(new VideoId(2), new CreatorId(1), 1, 300, 0)));
  private static final int CTR = FeatureSpec.NAMES.indexOf("video_ctr_smoothed");
  private static final int USER_CLICKS = FeatureSpec.NAMES.indexOf("user_clicks_log");

  private static Interaction at(long t, int video, boolean click) {
    return new Interaction(U, new VideoId(video), t, 0, click, click ? 10 : 0);
  }

  private static PointInTimeFeatures store() {
    return new PointInTimeFeatures(CATALOG, PointInTimeFeatures.topicCount(CATALOG));
  }

  @Test
  void anImpressionNeverSeesItsOwnLabelNorItsSession() {
    List<Interaction> log = List.of(at(100, 0, true), at(200, 1, true), at(200, 2, false), at(300, 1, false));
    // Features read during the replay...
    Map<Interaction, float[]> seen = new HashMap<>();
    store().replay(log, (i, s) -> seen.put(i, s.features(i.user(), Device.UNKNOWN, i.video(), i.timestamp())));
    // ...equal those of a store that only ever saw strictly earlier interactions.
    for (Interaction i : log) {
      List<Interaction> earlier = new ArrayList<>();
      for (Interaction e : log) {
        if (e.timestamp() < i.timestamp()) {
          earlier.add(e);
        }
      }
      PointInTimeFeatures past = store();
      past.replay(earlier, null);
      assertArrayEquals(past.features(i.user(), Device.UNKNOWN, i.video(), i.timestamp()), seen.get(i),
          "features of " + i);
    }
    // The session at t=200 holds a click; neither of its impressions saw it.
    assertEquals(seen.get(log.get(1))[USER_CLICKS], seen.get(log.get(2))[USER_CLICKS]);
  }

  @Test
  void aRequestsBatchEqualsOneReadPerCandidate() {
    PointInTimeFeatures s = store();
    s.replay(List.of(at(100, 0, true), at(200, 1, false), at(300, 2, true)), null);
    List<VideoId> videos = List.of(new VideoId(2), new VideoId(0), new VideoId(1));
    float[] batch = new float[videos.size() * FeatureSpec.SIZE];
    s.features(U, Device.MOBILE, videos, 400, batch);
    for (int i = 0; i < videos.size(); i++) {
      assertArrayEquals(s.features(U, Device.MOBILE, videos.get(i), 400),
          java.util.Arrays.copyOfRange(batch, i * FeatureSpec.SIZE, (i + 1) * FeatureSpec.SIZE));
    }
  }

  @Test
  void readingBeforeTheLastObservationIsCaughtAsLeakage() {
    PointInTimeFeatures s = store();
    s.replay(List.of(at(100, 0, true), at(500, 1, true)), null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.features(U, Device.UNKNOWN, new VideoId(0), 400));
    assertTrue(e.getMessage().contains("features at 400 would read observations up to 500"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.replay(List.of(at(50, 0, true)), null),
        "observing the past after the future is rejected");
  }

  @Test
  void missingValuesHaveExplicitDefaults() {
    PointInTimeFeatures s = store();
    s.replay(List.of(at(100, 0, true), at(100, 1, false)), null);
    float[] coldUser = s.features(new UserId(9), Device.UNKNOWN, new VideoId(2), 200);
    assertEquals(0f, coldUser[FeatureSpec.NAMES.indexOf("user_topic_affinity_log")], "average interest");
    assertEquals(0f, coldUser[USER_CLICKS]);
    float[] known = s.features(U, Device.UNKNOWN, new VideoId(0), 200);
    assertTrue(known[CTR] > coldUser[CTR], "a clicked video's CTR beats the prior of an unseen one");
    double globalCtr = 0.5;
    assertEquals(globalCtr, coldUser[CTR], 1e-6, "an unseen video gets the global CTR");
    assertEquals(FeatureSpec.SIZE, known.length);
  }

  @Test
  void frozenStoreRejectsObservations() {
    PointInTimeFeatures s = store().freeze();
    assertThrows(IllegalStateException.class, () -> s.replay(List.of(at(1, 0, true)), null));
    assertThrows(IllegalArgumentException.class, () -> new PointInTimeFeatures(CATALOG, 0));
    assertThrows(IllegalArgumentException.class, () -> s.features(U, Device.UNKNOWN, new VideoId(42), 10),
        "unknown video");
  }
}

package dev.videorec.candidates.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.SearchResult;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.VideoCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImplicitAlsTrainerTest {
  /**
   * Two taste groups: even users click only even videos 0..39, odd users only odd ones, each a random half of their
   * group's videos. A working factorization must recommend each user's unclicked videos of their own group.
   */
  private static List<Interaction> blockLog() {
    SplittableRandom r = new SplittableRandom(1);
    List<Interaction> log = new ArrayList<>();
    long t = 0;
    for (int u = 0; u < 60; u++) {
      for (int v = u % 2; v < 40; v += 2) {
        if (r.nextBoolean()) {
          log.add(new Interaction(new UserId(u), new VideoId(v), t++, 0, true, 30));
        }
      }
    }
    return log;
  }

  private static VideoCatalog catalog() {
    List<Video> videos = new ArrayList<>();
    for (int v = 0; v < 40; v++) {
      videos.add(new Video(new VideoId(v), new CreatorId(v), 0, 60, 0));
    }
    return new VideoCatalog(videos);
  }

  /** Two factors: the log's true rank. With many more, 60 users suffice to memorise each one's random half. */
  private static ImplicitAlsConfig config(long seed) {
    return new ImplicitAlsConfig(2, 10, 0.5, 10, seed);
  }

  @Test
  void recoversTheTasteGroups() {
    EmbeddingModel m = new ImplicitAlsTrainer(config(3)).train(blockLog(), catalog());
    ExactIndex index = new ExactIndex(m.videoVectors(), Similarity.DOT_PRODUCT);
    for (int u = 0; u < 60; u++) {
      // The 20 best videos are exactly the user's group, clicked or not.
      SearchResult top = index.search(m.user(new UserId(u)).orElseThrow(), 20);
      for (int o : top.ordinals()) {
        assertEquals(u % 2, m.video(o).value() % 2, "user " + u + " got a video of the other group");
      }
    }
  }

  @Test
  void sameSeedSameEmbeddings() {
    EmbeddingModel a = new ImplicitAlsTrainer(config(3)).train(blockLog(), catalog());
    EmbeddingModel b = new ImplicitAlsTrainer(config(3)).train(blockLog(), catalog());
    assertArrayEquals(a.videoVectors(), b.videoVectors());
    assertArrayEquals(a.user(new UserId(5)).orElseThrow(), b.user(new UserId(5)).orElseThrow());
    assertTrue(a.user(new UserId(999)).isEmpty(), "users without clicks have no embedding");
  }

  @Test
  void rejectsInvalidConfigAndInput() {
    assertEquals("factors must be in [1, 1024], got 0",
        assertThrows(IllegalArgumentException.class, () -> new ImplicitAlsConfig(0, 1, 1, 1, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImplicitAlsConfig(4, 0, 1, 1, 0));
    assertEquals("regularization must be > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new ImplicitAlsConfig(4, 1, 0, 1, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ImplicitAlsConfig(4, 1, 1, -1, 0));
    ImplicitAlsTrainer trainer = new ImplicitAlsTrainer(config(1));
    List<Interaction> noClicks = List.of(new Interaction(new UserId(0), new VideoId(0), 0, 0, false, 0));
    assertThrows(IllegalArgumentException.class, () -> trainer.train(noClicks, catalog()));
    List<Interaction> unknown = List.of(new Interaction(new UserId(0), new VideoId(77), 0, 0, true, 1));
    assertEquals("unknown video v77",
        assertThrows(IllegalArgumentException.class, () -> trainer.train(unknown, catalog())).getMessage());
  }

  @Test
  void modelRejectsMismatchedShapes() {
    assertThrows(IllegalArgumentException.class,
        () -> new EmbeddingModel(java.util.Map.of(), List.of(new VideoId(1)), new float[][] {{1}, {2}}));
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingModel(
        java.util.Map.of(new UserId(1), new float[] {1, 2}), List.of(new VideoId(1)), new float[][] {{1}}));
    assertThrows(IllegalArgumentException.class, () -> new EmbeddingModel(
        java.util.Map.of(), List.of(new VideoId(1), new VideoId(1)), new float[][] {{1}, {2}}));
  }
}

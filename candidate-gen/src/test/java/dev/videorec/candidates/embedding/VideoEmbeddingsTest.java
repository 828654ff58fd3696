package dev.videorec.candidates.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.core.VideoId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VideoEmbeddingsTest {
  private static String rejected(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void mapsOrdinalsToIdsAndCopiesVectors() {
    float[][] vectors = {{1, 2}, {3, 4}};
    VideoEmbeddings t = new VideoEmbeddings(List.of(new VideoId(7), new VideoId(3)), vectors);
    vectors[0][0] = 99;
    assertEquals(new VideoId(3), t.id(1));
    assertEquals(7, t.idValue(0), "the value array answers as the id objects do");
    assertEquals(3, t.idValue(1));
    assertEquals(Optional.of(0), t.ordinal(new VideoId(7)));
    assertEquals(Optional.empty(), t.ordinal(new VideoId(8)));
    assertArrayEquals(new float[] {1, 2}, t.vector(0), "the table keeps its own copy");
    t.vector(0)[0] = 42;
    assertArrayEquals(new float[] {1, 2}, t.vectors()[0], "and hands out copies");
  }

  @Test
  void rejectsInconsistentTables() {
    assertEquals("video count differs: 1 ids, 2 vectors",
        rejected(() -> new VideoEmbeddings(List.of(new VideoId(1)), new float[][] {{1}, {2}})));
    assertEquals("an embedding table needs at least one video",
        rejected(() -> new VideoEmbeddings(List.of(), new float[0][])));
    assertEquals("vector dimensions differ: video v2 has 1 != 2",
        rejected(() -> new VideoEmbeddings(List.of(new VideoId(1), new VideoId(2)), new float[][] {{1, 2}, {3}})));
    assertEquals("duplicate video v1",
        rejected(() -> new VideoEmbeddings(List.of(new VideoId(1), new VideoId(1)), new float[][] {{1}, {2}})));
  }
}

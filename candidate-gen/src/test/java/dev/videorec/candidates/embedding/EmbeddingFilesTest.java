package dev.videorec.candidates.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingFilesTest {
  @TempDir
  Path dir;

  private static EmbeddingModel model() {
    return new EmbeddingModel(Map.of(new UserId(7), new float[] {1f, -2f, 0.5f}, new UserId(3),
        new float[] {0f, Float.MIN_VALUE, -0f}), List.of(new VideoId(20), new VideoId(10)),
        new float[][] {{1f, 2f, 3f}, {-1f, 0.25f, 1e-30f}});
  }

  @Test
  void roundTripsEveryVectorBitForBit() throws Exception {
    Path file = dir.resolve("f.bin");
    EmbeddingModel m = model();
    EmbeddingFiles.save(m, file);
    EmbeddingModel back = EmbeddingFiles.load(file);
    assertEquals(3, back.dimension());
    assertEquals(2, back.videoCount());
    assertEquals(new VideoId(20), back.video(0));
    assertEquals(new VideoId(10), back.video(1));
    assertArrayEquals(m.videoVectors(), back.videoVectors());
    assertEquals(2, back.users().size());
    for (UserId u : List.of(new UserId(7), new UserId(3))) {
      assertArrayEquals(m.user(u).orElseThrow(), back.user(u).orElseThrow());
    }
    // The same model writes the same bytes.
    Path again = dir.resolve("g.bin");
    EmbeddingFiles.save(back, again);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
  }

  @Test
  void refusesDamagedTruncatedAndForeignFiles() throws Exception {
    Path file = dir.resolve("f.bin");
    EmbeddingFiles.save(model(), file);
    byte[] bytes = Files.readAllBytes(file);

    byte[] flipped = bytes.clone();
    flipped[30] ^= 1;
    Files.write(file, flipped);
    assertTrue(assertThrows(EmbeddingFiles.EmbeddingFileException.class, () -> EmbeddingFiles.load(file))
        .getMessage().contains("CRC-32C"));

    Files.write(file, Arrays.copyOf(bytes, bytes.length - 5));
    assertTrue(assertThrows(EmbeddingFiles.EmbeddingFileException.class, () -> EmbeddingFiles.load(file))
        .getMessage().contains("truncated"));

    Files.writeString(file, "user,item\n1,2\n");
    assertTrue(assertThrows(EmbeddingFiles.EmbeddingFileException.class, () -> EmbeddingFiles.load(file))
        .getMessage().contains("not an embedding table"));
  }
}

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

  /** The layout the class comment documents, written out field by field: files of earlier builds still load. */
  private static byte[] documentedLayout(EmbeddingModel m) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(0x56524d46);
    out.writeInt(1);
    out.writeInt(m.dimension());
    out.writeInt(m.users().size());
    out.writeInt(m.videoCount());
    for (UserId u : new java.util.TreeSet<>(java.util.Comparator.comparingInt(UserId::value)) {
      { addAll(m.users().keySet()); }
    }) {
      out.writeInt(u.value());
      for (float f : m.user(u).orElseThrow()) {
        out.writeFloat(f);
      }
    }
    for (int i = 0; i < m.videoCount(); i++) {
      out.writeInt(m.video(i).value());
      for (float f : m.videoVectors()[i]) {
        out.writeFloat(f);
      }
    }
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes.toByteArray());
    out.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }

  @Test
  void writesAndReadsTheDocumentedLayoutAcrossManyBuffers() throws Exception {
    // 6,000 videos of 64 floats: more than a megabyte, so records straddle the reader's and writer's buffers.
    java.util.Random random = new java.util.Random(5);
    List<VideoId> ids = new java.util.ArrayList<>();
    float[][] vectors = new float[6_000][64];
    for (int i = 0; i < vectors.length; i++) {
      ids.add(new VideoId(3 * i + 1));
      for (int d = 0; d < 64; d++) {
        vectors[i][d] = (float) random.nextGaussian();
      }
    }
    EmbeddingModel m = new EmbeddingModel(Map.of(new UserId(4), vectors[0].clone()), ids, vectors);
    Path file = dir.resolve("big.bin");
    EmbeddingFiles.save(m, file);
    byte[] expected = documentedLayout(m);
    assertArrayEquals(expected, Files.readAllBytes(file));
    Path hand = dir.resolve("hand.bin");
    Files.write(hand, expected);
    EmbeddingModel back = EmbeddingFiles.load(hand);
    for (int i = 0; i < ids.size(); i++) {
      assertEquals(ids.get(i), back.video(i));
    }
    assertArrayEquals(vectors, back.videoVectors());
    assertArrayEquals(vectors[0], back.user(new UserId(4)).orElseThrow());
  }

  @Test
  void refusesRepeatedVideosAndTrailingBytes() throws Exception {
    byte[] twice = documentedLayout(new EmbeddingModel(Map.of(), List.of(new VideoId(5), new VideoId(6),
        new VideoId(7)), new float[][] {{1f}, {2f}, {3f}}));
    // The third video's id (after the 20-byte header and two 8-byte records) becomes 5, checksum recomputed.
    java.nio.ByteBuffer.wrap(twice).putInt(36, 5);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(twice, 0, twice.length - 4);
    java.nio.ByteBuffer.wrap(twice).putInt(twice.length - 4, (int) crc.getValue());
    Path file = dir.resolve("twice.bin");
    Files.write(file, twice);
    assertEquals(file + ": video 5 appears twice", assertThrows(EmbeddingFiles.EmbeddingFileException.class,
        () -> EmbeddingFiles.load(file)).getMessage());

    Path longer = dir.resolve("longer.bin");
    byte[] bytes = documentedLayout(model());
    Files.write(longer, Arrays.copyOf(bytes, bytes.length + 1));
    assertEquals(longer + " has bytes after its checksum", assertThrows(EmbeddingFiles.EmbeddingFileException.class,
        () -> EmbeddingFiles.load(longer)).getMessage());
  }
}

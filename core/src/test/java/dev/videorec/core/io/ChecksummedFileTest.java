package dev.videorec.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksummedFileTest {
  @TempDir
  Path dir;

  @Test
  void writesWhatDataOutputStreamWritesAndReadsItBackAcrossBuffers() throws Exception {
    // Three megabytes of mixed values, so that values straddle the one-megabyte buffer.
    Random random = new Random(11);
    float[] floats = new float[300_001];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) random.nextGaussian();
    }
    String text = "région,\"quoted\"\n" + "x".repeat(1_500_000);
    Path file = dir.resolve("f.bin");
    try (ChecksummedFile.Writer out = ChecksummedFile.Writer.create(file)) {
      out.putByte(7).putInt(-3).putLong(1L << 40).putDouble(0.1).putFloats(floats).putString(text).putInt(9);
      out.finish();
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream data = new DataOutputStream(expected);
    data.writeByte(7);
    data.writeInt(-3);
    data.writeLong(1L << 40);
    data.writeDouble(0.1);
    for (float f : floats) {
      data.writeFloat(f);
    }
    byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    data.writeInt(utf8.length);
    data.write(utf8);
    data.writeInt(9);
    CRC32C crc = new CRC32C();
    crc.update(expected.toByteArray());
    data.writeInt((int) crc.getValue());
    byte[] bytes = Files.readAllBytes(file);
    assertArrayEquals(expected.toByteArray(), bytes);

    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      assertEquals(7, in.getByte());
      assertEquals(-3, in.getInt());
      assertEquals(1L << 40, in.getLong());
      assertEquals(0.1, in.getDouble());
      assertArrayEquals(floats, in.getFloats(floats.length));
      assertEquals(text, in.getString(2_000_000));
      assertEquals(9, in.getInt());
      assertEquals(0, in.remaining());
      in.finish();
    }

    byte[] damaged = bytes.clone();
    damaged[2_000_000] ^= 4;
    Files.write(file, damaged);
    assertThrows(ChecksummedFile.ChecksumException.class, () -> readAll(file, floats.length));
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 9));
    assertThrows(EOFException.class, () -> readAll(file, floats.length));
  }

  private static void readAll(Path file, int floats) throws Exception {
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      in.getByte();
      in.getInt();
      in.getLong();
      in.getDouble();
      in.getFloats(floats);
      in.getString(2_000_000);
      in.getInt();
      in.finish();
    }
  }

  @Test
  void rowsOfFloatsReadTheSameOnEitherSideOfTheBufferBoundary() throws Exception {
    // Rows of an embedding table (an id, then 64 or 3 floats) over more than one buffer: short runs are read float
    // by float while the buffer holds them, through the chunked path where a row straddles a refill.
    Path file = dir.resolve("rows.bin");
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    int rows = 6_000;
    float[][] expected = new float[rows][];
    try (ChecksummedFile.Writer out = ChecksummedFile.Writer.create(file)) {
      for (int r = 0; r < rows; r++) {
        expected[r] = new float[r % 7 == 0 ? 3 : 64];
        out.putInt(r);
        for (int i = 0; i < expected[r].length; i++) {
          expected[r][i] = (float) random.nextGaussian();
        }
        out.putFloats(expected[r]);
      }
      out.finish();
    }
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      for (int r = 0; r < rows; r++) {
        assertEquals(r, in.getInt());
        float[] row = new float[expected[r].length + 5];
        in.getFloats(row, 5, expected[r].length);
        assertArrayEquals(expected[r], Arrays.copyOfRange(row, 5, row.length), "row " + r);
      }
      in.finish();
    }
  }

  @Test
  void refusesContentLeftUnreadAndImplausibleStrings() throws Exception {
    Path file = dir.resolve("g.bin");
    try (ChecksummedFile.Writer out = ChecksummedFile.Writer.create(file)) {
      out.putInt(-1).putInt(5);
      out.finish();
    }
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      assertThrows(java.io.IOException.class, () -> in.getString(100));
    }
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      in.getInt();
      assertEquals("4 bytes after the content", assertThrows(ChecksummedFile.ChecksumException.class, in::finish)
          .getMessage());
    }
  }
}

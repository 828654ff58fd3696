package dev.videorec.benchmarks.ann;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads embeddings for {@code ann-bench --data}. Two layouts:
 * <ul>
 *   <li>{@code .fvecs} (the format of the classic ANN benchmark sets): per vector, its dimension as a little-endian
 *       int32, then that many float32;</li>
 *   <li>anything else is text: one vector per line, numbers separated by commas or white space; blank lines and lines
 *       starting with {@code #} are skipped.</li>
 * </ul>
 * Every vector must have the same dimension and finite values; a violation names the file and the line (or vector).
 */
final class VectorFile {
  private VectorFile() {}

  static float[][] read(Path path) {
    try {
      return path.getFileName().toString().endsWith(".fvecs") ? fvecs(path) : text(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code rows} as little-endian {@code .fvecs}, the layout {@link #read} reads. */
  static void writeFvecs(Path path, float[][] rows) throws IOException {
    try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
      for (float[] v : rows) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(v.length);
        b.asFloatBuffer().put(v);
        out.write(b.array());
      }
    }
  }

  private static float[][] fvecs(Path path) throws IOException {
    List<float[]> rows = new ArrayList<>();
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path), 1 << 16);
        DataInputStream data = new DataInputStream(in)) {
      byte[] four = new byte[4];
      int dim = -1;
      while (true) {
        int first = data.read();
        if (first < 0) {
          break;
        }
        four[0] = (byte) first;
        data.readFully(four, 1, 3);
        int d = ByteBuffer.wrap(four).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int row = rows.size() + 1;
        if (d < 1 || d > 65_536 || (dim >= 0 && d != dim)) {
          throw new IllegalArgumentException(path + ": vector " + row + ": dimension " + d
              + (dim >= 0 ? " differs from " + dim : " is not plausible"));
        }
        dim = d;
        byte[] bytes = new byte[4 * d];
        try {
          data.readFully(bytes);
        } catch (EOFException e) {
          throw new IllegalArgumentException(path + ": vector " + row + ": truncated");
        }
        float[] v = new float[d];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        check(v, path + ": vector " + row);
        rows.add(v);
      }
    }
    return rows.toArray(new float[0][]);
  }

  private static float[][] text(Path path) throws IOException {
    List<float[]> rows = new ArrayList<>();
    int dim = -1;
    try (BufferedReader reader = Files.newBufferedReader(path)) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] parts = t.split("[,\\s]+");
        if (dim >= 0 && parts.length != dim) {
          throw new IllegalArgumentException(path + ":" + lineNo + ": " + parts.length + " values, expected " + dim);
        }
        dim = parts.length;
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
          try {
            v[i] = Float.parseFloat(parts[i]);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ":" + lineNo + ": value " + (i + 1) + " is not a number: '"
                + parts[i] + "'");
          }
        }
        check(v, path + ":" + lineNo);
        rows.add(v);
      }
    }
    return rows.toArray(new float[0][]);
  }

  private static void check(float[] v, String where) {
    for (float x : v) {
      if (!Float.isFinite(x)) {
        throw new IllegalArgumentException(where + ": non-finite value " + x);
      }
    }
  }
}

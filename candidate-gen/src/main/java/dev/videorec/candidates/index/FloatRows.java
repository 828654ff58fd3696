package dev.videorec.candidates.index;

import dev.videorec.core.vector.VectorOps;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;

/**
 * Row-major float vectors read one row at a time: on the heap, or memory-mapped from an index file. The int8 view
 * of an {@link HnswIndex} needs its float vectors only to re-score the few hundred nodes a walk keeps, so a loaded
 * int8 index leaves them in the file and lets the operating system page in the rows it touches.
 *
 * <p>Immutable; reads are thread-safe (mapped rows use absolute reads).
 */
abstract class FloatRows {
  final int dim;

  private FloatRows(int dim) {
    this.dim = dim;
  }

  /** Inner product of {@code q} with row {@code row}. */
  abstract float dot(float[] q, int row);

  /** Copies row {@code row} into {@code dst[0..dim)}. */
  abstract void copyRow(int row, float[] dst);

  /** Heap bytes held (0 for mapped rows). */
  abstract long heapBytes();

  static FloatRows heap(float[] data, int dim) {
    return new FloatRows(dim) {
      @Override
      float dot(float[] q, int row) {
        return VectorOps.dot(q, data, row * dim, dim);
      }

      @Override
      void copyRow(int row, float[] dst) {
        System.arraycopy(data, row * dim, dst, 0, dim);
      }

      @Override
      long heapBytes() {
        return 4L * data.length;
      }
    };
  }

  /**
   * {@code rows} rows of {@code dim} little-endian floats starting at byte {@code offset} of {@code channel}, mapped
   * read-only in chunks of at most 1 GiB (a single mapping is limited to 2 GiB). The mapping outlives the channel.
   */
  static FloatRows mapped(FileChannel channel, long offset, int rows, int dim) throws IOException {
    int rowsPerChunk = Math.max(1, (1 << 30) / (4 * dim));
    int chunkCount = (rows + rowsPerChunk - 1) / rowsPerChunk;
    FloatBuffer[] chunks = new FloatBuffer[chunkCount];
    for (int c = 0; c < chunkCount; c++) {
      int first = c * rowsPerChunk;
      int count = Math.min(rowsPerChunk, rows - first);
      chunks[c] = channel.map(FileChannel.MapMode.READ_ONLY, offset + 4L * first * dim, 4L * count * dim)
          .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    }
    return new FloatRows(dim) {
      @Override
      float dot(float[] q, int row) {
        // Through the same kernel as heap rows, so a loaded index scores exactly as the one that was saved.
        float[] r = new float[dim];
        copyRow(row, r);
        return VectorOps.dot(q, r, 0, dim);
      }

      @Override
      void copyRow(int row, float[] dst) {
        chunks[row / rowsPerChunk].get((row % rowsPerChunk) * dim, dst, 0, dim);
      }

      @Override
      long heapBytes() {
        return 0;
      }
    };
  }
}

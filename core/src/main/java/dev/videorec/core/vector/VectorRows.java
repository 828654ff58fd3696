package dev.videorec.core.vector;

/**
 * A read-only table of vectors of one dimension, addressed by row {@code 0..rows()-1}. A stage that needs a few
 * rows of a catalogue-sized table at a time (re-ranking's similarity of one request's candidates) reads them through
 * this view instead of keeping a copy of the whole table.
 */
public interface VectorRows {
  /** How many rows the table has. */
  int rows();

  /** The length of every row. */
  int dimension();

  /**
   * Copies row {@code row} into {@code dst[at .. at + dimension())}.
   *
   * @throws IndexOutOfBoundsException if the row or the destination range is out of bounds
   */
  void copyRow(int row, float[] dst, int at);

  /**
   * A view over a row-major array: row {@code i} is {@code flat[i * dim .. (i + 1) * dim)}. The array is not copied;
   * the caller must not change it afterwards.
   *
   * @throws IllegalArgumentException if {@code dim} is not positive or does not divide the array's length
   */
  static VectorRows of(float[] flat, int dim) {
    java.util.Objects.requireNonNull(flat, "flat");
    if (dim < 1 || flat.length % dim != 0) {
      throw new IllegalArgumentException("an array of " + flat.length + " floats is not rows of dimension " + dim);
    }
    int rows = flat.length / dim;
    return new VectorRows() {
      @Override
      public int rows() {
        return rows;
      }

      @Override
      public int dimension() {
        return dim;
      }

      @Override
      public void copyRow(int row, float[] dst, int at) {
        java.util.Objects.checkIndex(row, rows);
        System.arraycopy(flat, row * dim, dst, at, dim);
      }
    };
  }
}

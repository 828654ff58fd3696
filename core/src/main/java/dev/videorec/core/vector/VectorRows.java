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
}

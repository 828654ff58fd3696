package dev.videorec.core.vector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VectorRowsTest {
  @Test
  void aViewCopiesTheRowsOfItsArray() {
    float[] flat = {1, 2, 3, 4, 5, 6};
    VectorRows rows = VectorRows.of(flat, 2);
    assertEquals(3, rows.rows());
    assertEquals(2, rows.dimension());
    float[] dst = new float[5];
    rows.copyRow(2, dst, 1);
    assertArrayEquals(new float[] {0, 5, 6, 0, 0}, dst);
    assertThrows(IndexOutOfBoundsException.class, () -> rows.copyRow(3, dst, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> rows.copyRow(0, dst, 4));
    assertThrows(IllegalArgumentException.class, () -> VectorRows.of(flat, 4));
    assertThrows(IllegalArgumentException.class, () -> VectorRows.of(flat, 0));
  }
}

package dev.videorec.candidates.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OrdinalFilterTest {
  @Test
  void countsAndIteratesTheAllowedOrdinals() {
    OrdinalFilter f = OrdinalFilter.of(130, o -> o % 64 == 63 || o == 0);
    assertEquals(3, f.count());
    assertEquals(0, f.nextSetBit(0));
    assertEquals(63, f.nextSetBit(1));
    assertEquals(127, f.nextSetBit(64));
    assertEquals(-1, f.nextSetBit(128));
    assertTrue(f.test(127));
    assertFalse(f.test(126));
    assertFalse(f.test(-1));
    assertFalse(f.test(500));
  }

  @Test
  void rejectsOrdinalsOutsideTheUniverse() {
    assertThrows(IndexOutOfBoundsException.class, () -> OrdinalFilter.ofOrdinals(10, 10));
    assertThrows(IllegalArgumentException.class, () -> OrdinalFilter.of(-1, o -> true));
  }
}

package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ManifestTest {
  @Test
  void rejectsNegativeCounts() {
    assertEquals("counts must be >= 0, got users=-1 videos=0 interactions=0",
        assertThrows(IllegalArgumentException.class, () -> new Manifest(Manifest.FORMAT, 1, -1, 0, 0, null))
            .getMessage());
    assertThrows(NullPointerException.class, () -> new Manifest(null, 1, 0, 0, 0, null));
  }
}

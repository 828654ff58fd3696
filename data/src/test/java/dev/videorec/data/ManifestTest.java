package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ManifestTest {
  @Test
  void rejectsNegativeCounts() {
    assertEquals("counts must be >= 0, got topics=0 users=-1 videos=0 subscriptions=0 interactions=0",
        assertThrows(IllegalArgumentException.class,
            () -> new Manifest(Manifest.FORMAT, 2, 0, -1, 0, 0, 0, null)).getMessage());
    assertThrows(NullPointerException.class, () -> new Manifest(null, 2, 0, 0, 0, 0, 0, null));
  }
}

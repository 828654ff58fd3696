package dev.videorec.candidates.source;

import dev.videorec.core.Catalog;
import dev.videorec.core.Video;

/**
 * A catalogue's videos ordered by upload time, ties by id: what the fresh and subscription sources keep per topic
 * and per creator. Sorting a million {@code Video} objects with a comparator chases a pointer per comparison (about
 * a second at start-up); this sorts their times as primitive keys, by a stable least-significant-digit radix sort
 * over the catalogue's id order, so ties keep ascending ids.
 */
final class UploadOrder {
  private static final int DIGIT_BITS = 16;

  private UploadOrder() {}

  /**
   * The videos of {@code catalog} by upload time, oldest first or newest first; videos uploaded in the same second
   * by ascending id either way.
   */
  static Video[] of(Catalog catalog, boolean newestFirst) {
    // Catalog.videos() is in id order: a stable sort by time alone leaves ties in id order.
    return of(catalog.videos(), newestFirst);
  }

  /** The same for {@code inIdOrder}, videos in ascending id order (a catalogue, or part of one). */
  static Video[] of(java.util.Collection<Video> inIdOrder, boolean newestFirst) {
    Video[] videos = inIdOrder.toArray(new Video[0]);
    int n = videos.length;
    if (n == 0) {
      return videos;
    }
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (Video v : videos) {
      min = Math.min(min, v.uploadTime());
      max = Math.max(max, v.uploadTime());
    }
    // Unsigned distances from the earliest (or to the latest) time: exact for any two longs.
    long[] keys = new long[n];
    long largest = 0;
    for (int i = 0; i < n; i++) {
      keys[i] = newestFirst ? max - videos[i].uploadTime() : videos[i].uploadTime() - min;
      largest |= keys[i];
    }
    int[] order = stableOrder(keys, 64 - Long.numberOfLeadingZeros(largest));
    Video[] out = new Video[n];
    for (int i = 0; i < n; i++) {
      out[i] = videos[order[i]];
    }
    return out;
  }

  /** The positions of {@code keys} sorted by unsigned key (only the low {@code bits} bits are set), stably. */
  static int[] stableOrder(long[] keys, int bits) {
    int n = keys.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int[] next = new int[n];
    int[] counts = new int[(1 << DIGIT_BITS) + 1];
    for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
      java.util.Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[digit(keys[order[i]], shift) + 1]++;
      }
      for (int d = 0; d < 1 << DIGIT_BITS; d++) {
        counts[d + 1] += counts[d];
      }
      for (int i = 0; i < n; i++) {
        next[counts[digit(keys[order[i]], shift)]++] = order[i];
      }
      int[] t = order;
      order = next;
      next = t;
    }
    return order;
  }

  private static int digit(long key, int shift) {
    return (int) ((key >>> shift) & ((1 << DIGIT_BITS) - 1));
  }
}

package dev.videorec.benchmarks.ann;

import java.lang.management.ManagementFactory;

/** Retained heap after full collections: the memory measure for a library that does not account for its own. */
final class Heap {
  private Heap() {}

  static long retained() {
    long used = Long.MAX_VALUE;
    // Several collections, keeping the lowest reading: one System.gc() may leave garbage behind.
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}

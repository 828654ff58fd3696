package dev.videorec.benchmarks.ann;

/**
 * One index under test in {@code ann-bench}: built once, then searched at each efSearch of the sweep. The harness
 * measures every contender the same way; a contender only builds, searches and reports its memory.
 */
interface Contender {
  /** The {@code index} value of its rows. */
  String name();

  /** Whether efSearch changes its searches (false for exact search, which gets one row). */
  boolean sweepsEf();

  /** A searcher with candidate-list size {@code ef}; it must be safe to call from several threads at once. */
  Searcher at(int ef);

  /** Wall seconds the build took. */
  double buildSeconds();

  /** Bytes of memory the built index holds, all parts (see the README for how each is counted). */
  long bytes();

  /** Bytes of the vectors a search walks (float vectors, or int8 codes). */
  long vectorBytes();

  @FunctionalInterface
  interface Searcher {
    /** Ordinals of the {@code k} best vectors, best first. */
    int[] search(float[] query, int k);
  }
}

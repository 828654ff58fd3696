package dev.videorec.candidates.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HnswIndexTest {
  private static final int N = 20_000;
  private static final int DIM = 32;
  private static float[][] data;
  private static float[][] queries;
  private static HnswIndex index;
  private static ExactIndex exact;

  @BeforeAll
  static void build() {
    // 20k vectors in 200 clusters: about 100 per cluster, so a top-100 list spans cluster borders, the hard case.
    ClusteredVectors gen = new ClusteredVectors(DIM, 200, 11);
    data = gen.vectors(N);
    queries = gen.queries(100);
    index = HnswIndex.build(data, Similarity.DOT_PRODUCT, new HnswConfig(16, 100, 100, 7), 2, null);
    exact = new ExactIndex(data, Similarity.DOT_PRODUCT);
  }

  private static double recall(VectorIndex approx, int k) {
    double sum = 0;
    for (float[] q : queries) {
      Set<Integer> truth = new HashSet<>();
      for (int o : exact.search(q, k).ordinals()) {
        truth.add(o);
      }
      int hits = 0;
      for (int o : approx.search(q, k).ordinals()) {
        hits += truth.contains(o) ? 1 : 0;
      }
      sum += hits / (double) k;
    }
    return sum / queries.length;
  }

  @Test
  void recallAgainstTheExactTwin() {
    // Measured with these seeds: recall@10 1.000 and recall@100 0.995 at ef 100, recall@100 0.999 at ef 200. The
    // thresholds leave about two points of slack for changes that legitimately move individual hits (summation order
    // of a new kernel, another batch size); losing more than that means the graph got worse.
    assertTrue(recall(index, 10) >= 0.98, "recall@10 " + recall(index, 10));
    assertTrue(recall(index, 100) >= 0.975, "recall@100 " + recall(index, 100));
    // A bigger beam finds more: the knob works.
    assertTrue(recall(index.withEfSearch(200), 100) > recall(index.withEfSearch(100), 100));
  }

  @Test
  void scoresAreExactInnerProductsBestFirst() {
    SearchResult r = index.search(queries[0], 50);
    assertEquals(50, r.size());
    for (int i = 0; i < r.size(); i++) {
      float[] v = data[r.ordinals()[i]];
      double dot = 0;
      for (int d = 0; d < DIM; d++) {
        dot += (double) v[d] * queries[0][d];
      }
      assertEquals(dot, r.scores()[i], 1e-3);
      if (i > 0) {
        assertTrue(r.scores()[i - 1] >= r.scores()[i]);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameGraphOnAnyNumberOfThreads() {
    float[][] small = new ClusteredVectors(DIM, 50, 3).vectors(3000);
    HnswConfig config = new HnswConfig(8, 40, 40, 5);
    HnswIndex one = HnswIndex.build(small, Similarity.DOT_PRODUCT, config, 1, null);
    HnswIndex two = HnswIndex.build(small, Similarity.DOT_PRODUCT, config, 2, null);
    HnswIndex three = HnswIndex.build(small, Similarity.DOT_PRODUCT, config, 3, null);
    assertArrayEquals(one.graph().level0, two.graph().level0);
    assertArrayEquals(one.graph().level0, three.graph().level0);
    assertArrayEquals(one.graph().levels, three.graph().levels);
    for (int i = 0; i < small.length; i++) {
      assertArrayEquals(one.graph().upper[i], three.graph().upper[i]);
    }
    HnswIndex otherSeed = HnswIndex.build(small, Similarity.DOT_PRODUCT, new HnswConfig(8, 40, 40, 6), 2, null);
    assertFalse(java.util.Arrays.equals(one.graph().level0, otherSeed.graph().level0));
  }

  @Test
  void int8KeepsRecallInAQuarterOfTheVectorMemory() {
    // At ef = k, where the int8 walk has the least room: the re-score must recover what quantization misorders.
    HnswIndex q = index.quantized();
    double floatRecall = recall(index, 100);
    double int8Recall = recall(q, 100);
    assertTrue(Math.abs(floatRecall - int8Recall) <= 0.01, floatRecall + " vs " + int8Recall);
    assertTrue(q.searchVectorBytes() <= 0.3 * index.searchVectorBytes(),
        q.searchVectorBytes() + " vs " + index.searchVectorBytes());
    // Returned scores are the float re-scores, so they equal the float index's for the same ordinals.
    SearchResult a = index.search(queries[1], 10);
    SearchResult b = q.search(queries[1], 10);
    assertArrayEquals(a.ordinals(), b.ordinals());
    assertArrayEquals(a.scores(), b.scores());
  }

  @Test
  void cosineSearchMatchesTheExactTwin() {
    float[][] small = new ClusteredVectors(DIM, 50, 4).vectors(4000);
    HnswIndex cos = HnswIndex.build(small, Similarity.COSINE, new HnswConfig(12, 80, 80, 1), 2, null);
    ExactIndex twin = new ExactIndex(small, Similarity.COSINE);
    int agree = 0;
    for (float[] q : queries) {
      agree += cos.search(q, 1).ordinals()[0] == twin.search(q, 1).ordinals()[0] ? 1 : 0;
    }
    assertTrue(agree >= 97, agree + " of 100 top-1 agree");
  }

  @Test
  void filteredSearchNeverReturnsADisallowedItemAndNeverUnderfills() {
    SplittableRandom r = new SplittableRandom(9);
    // 0.5%, 3% and 30% of the items: the exact path, the graph path with fallback, and the plain graph path.
    for (double share : new double[] {0.005, 0.03, 0.3}) {
      OrdinalFilter filter = OrdinalFilter.of(N, o -> r.nextDouble() < share);
      assertTrue(filter.count() >= 100);
      for (int i = 0; i < 20; i++) {
        SearchResult res = index.search(queries[i], 100, filter);
        assertEquals(100, res.size(), "share " + share);
        for (int o : res.ordinals()) {
          assertTrue(filter.test(o), "disallowed " + o);
        }
        assertEquals(100, new HashSet<>(toList(res.ordinals())).size());
      }
    }
    // Fewer allowed than k: exactly the allowed ones.
    OrdinalFilter three = OrdinalFilter.ofOrdinals(N, 5, 700, 19_999);
    SearchResult res = index.search(queries[0], 10, three);
    assertEquals(Set.of(5, 700, 19_999), new HashSet<>(toList(res.ordinals())));
    // A plain predicate (count unknown) is honoured too, here one in two hundred.
    IntPredicate sparse = o -> o % 200 == 3;
    for (int i = 0; i < 10; i++) {
      SearchResult p = index.search(queries[i], 50, sparse);
      assertEquals(50, p.size());
      for (int o : p.ordinals()) {
        assertEquals(3, o % 200);
      }
      assertArrayEquals(exact.search(queries[i], 50, sparse).ordinals(), p.ordinals());
    }
  }

  @Test
  void theSelectiveFilterAnswerIsExact() {
    OrdinalFilter filter = OrdinalFilter.of(N, o -> o % 200 == 0); // 0.5%
    for (int i = 0; i < 10; i++) {
      assertArrayEquals(exact.search(queries[i], 20, filter).ordinals(), index.search(queries[i], 20, filter).ordinals());
    }
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>();
    for (int x : a) {
      l.add(x);
    }
    return l;
  }

  @Test
  void concurrentSearchesEqualSingleThreadedOnes() throws Exception {
    HnswIndex[] variants = {index, index.quantized()};
    for (HnswIndex idx : variants) {
      List<SearchResult> expected = new ArrayList<>();
      for (float[] q : queries) {
        expected.add(idx.search(q, 100));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<SearchResult>>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          final int offset = t * 25;
          futures.add(pool.submit(() -> {
            List<SearchResult> out = new ArrayList<>();
            // Each thread starts at a different query, so threads interleave different work.
            for (int i = 0; i < queries.length; i++) {
              out.add(idx.search(queries[(i + offset) % queries.length], 100));
            }
            return out;
          }));
        }
        for (int t = 0; t < 4; t++) {
          List<SearchResult> got = futures.get(t).get();
          for (int i = 0; i < queries.length; i++) {
            assertEquals(expected.get((i + t * 25) % queries.length), got.get(i));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void saveThenLoadSearchesIdentically(@TempDir Path dir) throws Exception {
    for (HnswIndex idx : new HnswIndex[] {index, index.quantized()}) {
      Path file = dir.resolve(idx.isQuantized() ? "int8.hnsw" : "float.hnsw");
      idx.save(file);
      HnswIndex back = HnswIndex.load(file);
      assertEquals(idx.config(), back.config());
      assertEquals(idx.isQuantized(), back.isQuantized());
      for (float[] q : queries) {
        assertEquals(idx.search(q, 100), back.search(q, 100));
      }
      try (var files = Files.list(dir)) {
        assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file is left behind");
      }
      if (idx.isQuantized()) {
        // The loaded int8 index maps its float vectors from the file: the heap holds the links and the codes only.
        assertEquals(0, back.rescoreVectorBytes());
        assertEquals(idx.searchVectorBytes(), back.searchVectorBytes());
        OrdinalFilter selective = OrdinalFilter.of(N, o -> o % 500 == 0);
        assertEquals(idx.search(queries[2], 10, selective), back.search(queries[2], 10, selective));
        // A mapped index saves the same bytes it was loaded from.
        Path again = dir.resolve("again.hnsw");
        back.save(again);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
      }
    }
  }

  @Test
  void nodesStoredInWalkOrderSearchExactlyAsNodesStoredByOrdinal(@TempDir Path dir) throws Exception {
    // Every vector three times: equal scores are common, so ties must break by ordinal in both layouts.
    float[][] distinct = new ClusteredVectors(16, 20, 3).vectors(1_000);
    float[][] tied = new float[3_000][];
    for (int i = 0; i < tied.length; i++) {
      tied[i] = distinct[(i * 7) % distinct.length];
    }
    HnswConfig config = new HnswConfig(8, 40, 40, 5);
    HnswIndex walkOrder = HnswIndex.build(tied, Similarity.COSINE, config, 1, null);
    float[] unit = ExactIndex.flatten(tied, Similarity.COSINE);
    HnswIndex byOrdinal = new HnswIndex(Similarity.COSINE, config, 16, unit,
        HnswBuilder.build(unit, 16, tied.length, config, 1, null), null, null);
    assertTrue(walkOrder.graph().ordinalOf != null && byOrdinal.graph().ordinalOf == null);
    assertFalse(java.util.Arrays.equals(walkOrder.graph().level0, byOrdinal.graph().level0));

    // A version 1 file: the same layout as version 2 by ordinal, without the slot ordinals.
    Path v2 = dir.resolve("by-ordinal.hnsw");
    byOrdinal.save(v2);
    byte[] bytes = Files.readAllBytes(v2);
    HnswGraph g = byOrdinal.graph();
    long at = HnswIndexFile.HEADER_BYTES + 4L * tied.length * 16 + tied.length + 4L * g.level0.length;
    for (int[] u : g.upper) {
      at += u == null ? 0 : 4L * u.length;
    }
    byte[] v1 = new byte[bytes.length - 4 * tied.length];
    System.arraycopy(bytes, 0, v1, 0, (int) at);
    System.arraycopy(bytes, (int) at + 4 * tied.length, v1, (int) at, bytes.length - (int) at - 4 * tied.length);
    ByteBuffer header = ByteBuffer.wrap(v1).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(8, 1);
    header.putLong(56, v1.length - HnswIndexFile.HEADER_BYTES);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(v1, HnswIndexFile.HEADER_BYTES, v1.length - HnswIndexFile.HEADER_BYTES);
    header.putLong(64, crc.getValue());
    crc.reset();
    crc.update(v1, 0, HnswIndexFile.HEADER_BYTES - 4);
    header.putInt(HnswIndexFile.HEADER_BYTES - 4, (int) crc.getValue());
    Path v1File = dir.resolve("version-1.hnsw");
    Files.write(v1File, v1);
    Path walkFile = dir.resolve("walk-order.hnsw");
    walkOrder.save(walkFile);

    HnswIndex[][] pairs = {
        {walkOrder, byOrdinal}, {walkOrder.quantized(), byOrdinal.quantized()},
        {HnswIndex.load(walkFile), HnswIndex.load(v1File)}, {walkOrder.withEfSearch(10), byOrdinal.withEfSearch(10)}};
    IntPredicate thirds = o -> o % 3 != 1;
    OrdinalFilter selective = OrdinalFilter.of(tied.length, o -> o % 40 == 0);
    float[][] probes = new ClusteredVectors(16, 20, 3).queries(50);
    for (HnswIndex[] pair : pairs) {
      for (int i = 0; i < probes.length; i++) {
        float[] q = i % 2 == 0 ? probes[i] : tied[i * 13];
        for (int k : new int[] {1, 10, 60}) {
          assertEquals(pair[1].search(q, k), pair[0].search(q, k));
          assertEquals(pair[1].search(q, k, thirds), pair[0].search(q, k, thirds));
          assertEquals(pair[1].search(q, k, selective), pair[0].search(q, k, selective));
        }
      }
    }
    assertEquals(byOrdinal.exactTwin().search(tied[5], 20), walkOrder.exactTwin().search(tied[5], 20));
    // The public view in ordinal order is that same index.
    HnswIndex back = walkOrder.inOrdinalOrder();
    assertArrayEquals(byOrdinal.graph().level0, back.graph().level0);
    assertTrue(back.graph().ordinalOf == null);
    assertEquals(byOrdinal.search(probes[0], 60), back.search(probes[0], 60));
  }

  @Test
  void damagedFilesAreRejectedWithAClearMessage(@TempDir Path dir) throws Exception {
    HnswIndex small = HnswIndex.build(new ClusteredVectors(8, 5, 1).vectors(500), Similarity.DOT_PRODUCT,
        new HnswConfig(4, 8, 8, 1), 1, null);
    Path good = dir.resolve("good.hnsw");
    small.save(good);
    byte[] bytes = Files.readAllBytes(good);

    byte[] corrupt = bytes.clone();
    corrupt[HnswIndexFile.HEADER_BYTES + 1000] ^= 0x10;
    assertRejected(dir, "corrupt.hnsw", corrupt, "checksum mismatch");

    assertRejected(dir, "truncated.hnsw", java.util.Arrays.copyOf(bytes, bytes.length - 7), "truncated");
    assertRejected(dir, "header-only.hnsw", java.util.Arrays.copyOf(bytes, 40), "truncated");

    byte[] version = bytes.clone();
    ByteBuffer.wrap(version).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99);
    assertRejected(dir, "version.hnsw", version, "unsupported format version 99");

    byte[] magic = bytes.clone();
    magic[0] = 'X';
    assertRejected(dir, "magic.hnsw", magic, "not a videorec HNSW index");

    byte[] header = bytes.clone();
    header[20] ^= 0x01; // the dimension field, caught by the header checksum
    assertRejected(dir, "header.hnsw", header, "corrupt header");

    IndexFileException mismatched = assertThrows(IndexFileException.class,
        () -> HnswIndex.load(good, 16, Similarity.DOT_PRODUCT));
    assertTrue(mismatched.getMessage().contains("mismatched index: it holds 8-dimensional DOT_PRODUCT vectors, "
        + "expected 16-dimensional DOT_PRODUCT"), mismatched.getMessage());
    assertEquals(500, HnswIndex.load(good, 8, Similarity.DOT_PRODUCT).size());

    IndexFileException missing = assertThrows(IndexFileException.class, () -> HnswIndex.load(dir.resolve("none")));
    assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
  }

  private static void assertRejected(Path dir, String name, byte[] content, String expected) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, content);
    IndexFileException e = assertThrows(IndexFileException.class, () -> HnswIndex.load(file));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void invalidInputIsRejectedWithTheValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HnswConfig(16, 8, 10, 1));
    assertEquals("efConstruction must be >= m, got 8 < 16", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HnswConfig(1, 8, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new HnswConfig(16, 100, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> index.search(queries[0], 0));
    e = assertThrows(IllegalArgumentException.class, () -> index.search(new float[3], 5));
    assertEquals("vector dimensions differ: query 3 != index 32", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> index.search(queries[0], 5, OrdinalFilter.ofOrdinals(10, 1)));
    assertThrows(IllegalArgumentException.class,
        () -> HnswIndex.build(new float[0][], Similarity.DOT_PRODUCT, HnswConfig.DEFAULT));
    assertThrows(IllegalArgumentException.class,
        () -> HnswIndex.build(new float[][] {{1, 2}, {1}}, Similarity.DOT_PRODUCT, HnswConfig.DEFAULT));
    assertThrows(IllegalArgumentException.class,
        () -> HnswIndex.build(new float[][] {{1, Float.NaN}}, Similarity.DOT_PRODUCT, HnswConfig.DEFAULT));
    assertThrows(IllegalArgumentException.class,
        () -> HnswIndex.build(data, Similarity.DOT_PRODUCT, HnswConfig.DEFAULT, 0, null));
  }

  @Test
  void tinyIndexesWork() {
    HnswIndex one = HnswIndex.build(new float[][] {{1, 0}}, Similarity.DOT_PRODUCT, HnswConfig.DEFAULT);
    assertArrayEquals(new int[] {0}, one.search(new float[] {1, 1}, 5).ordinals());
    float[][] few = {{1, 0}, {0, 1}, {-1, 0}, {0.5f, 0.5f}};
    HnswIndex four = HnswIndex.build(few, Similarity.DOT_PRODUCT, new HnswConfig(2, 4, 4, 1), 1, null);
    assertArrayEquals(new int[] {0, 3, 1, 2}, four.search(new float[] {1, 0.1f}, 10).ordinals());
    assertNotEquals(0, four.graphBytes());
  }
}

package dev.videorec.benchmarks;

import dev.videorec.core.IdSet;
import dev.videorec.core.VideoId;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Has this user watched this video?", as a served request asks it: for every node an ANN walk admits to its
 * results and every candidate the re-ranking filters see. Before and after in one run: the user's watched set as
 * the JDK's {@code Set.copyOf} (what {@code UserHistory} held), as a {@code HashSet}, and as {@link IdSet} (what it
 * holds now).
 *
 * <p>The histories are shaped like the 1M-video world's (2,000 users, a median of 16 watched videos and a long
 * tail to a few hundred, ids spread over 1.15M); the probes are random catalogue ids, nearly all misses, as the
 * walk's are. Each operation cycles through the users, so the sets are read from memory as the server reads them.
 *
 * <p>The ranker's vocabulary check ("did the training log show this video?", every candidate of every request) is a
 * dense set: 1,000,000 of the 1.15M ids. {@code vocabularyHashed} holds it in the open-addressing table (8 MB),
 * {@code vocabularyDense} as {@link IdSet#of} now picks for it, a bitset (144 KB); the probes are the same random
 * catalogue ids, mostly hits.
 */
// Time per membership test.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
// Small methods: two one-second warm-ups compile them.
@Warmup(iterations = 2, time = 1)
// Five one-second samples of millions of tests each.
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class IdSetBenchmark {
  private static final int USERS = 2_000;
  private static final int CATALOGUE = 1_150_000;
  /** Membership tests per operation: one per user, for {@value} users in turn. */
  private static final int TESTS = 1_024;

  private Set<VideoId>[] copyOf;
  private Set<VideoId>[] hashSet;
  private IdSet[] idSet;
  private IdSet vocabularyHashed;
  private IdSet vocabularyDense;
  private VideoId[] probes;
  private int[] probeIds;
  private int next;

  @SuppressWarnings("unchecked")
  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(7);
    copyOf = new Set[USERS];
    hashSet = new Set[USERS];
    idSet = new IdSet[USERS];
    for (int u = 0; u < USERS; u++) {
      // Log-normal history sizes: median 16, a few users with hundreds.
      int size = (int) Math.min(400, Math.max(1, Math.round(16 * Math.exp(0.9 * r.nextGaussian()))));
      Set<VideoId> watched = new HashSet<>();
      while (watched.size() < size) {
        watched.add(new VideoId(r.nextInt(CATALOGUE)));
      }
      copyOf[u] = Set.copyOf(watched);
      hashSet[u] = watched;
      idSet[u] = IdSet.of(watched.stream().mapToInt(VideoId::value).toArray(), true);
    }
    probes = new VideoId[1 << 16];
    probeIds = new int[probes.length];
    for (int i = 0; i < probes.length; i++) {
      probeIds[i] = r.nextInt(CATALOGUE);
      probes[i] = new VideoId(probeIds[i]);
    }
    int[] vocabulary = new int[1_000_000];
    for (int i = 0, id = 0; i < vocabulary.length; id++) {
      // A random 1,000,000 of the 1,150,000 ids, in id order.
      if (r.nextInt(CATALOGUE - id) < vocabulary.length - i) {
        vocabulary[i++] = id;
      }
    }
    vocabularyHashed = IdSet.hashed(vocabulary, true);
    vocabularyDense = IdSet.of(vocabulary, true);
    for (int i = 0; i < probeIds.length; i++) {
      if (vocabularyHashed.contains(probeIds[i]) != vocabularyDense.contains(probeIds[i])) {
        throw new IllegalStateException("the vocabularies disagree on " + probeIds[i]);
      }
    }
    // Self-check: the three answer alike.
    for (int u = 0; u < USERS; u++) {
      for (int i = 0; i < 100; i++) {
        boolean a = copyOf[u].contains(probes[i]);
        if (a != hashSet[u].contains(probes[i]) || a != idSet[u].contains(probeIds[i])) {
          throw new IllegalStateException("the sets disagree on " + probes[i]);
        }
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(TESTS)
  public int setCopyOf() {
    int hits = 0;
    int p = next;
    for (int i = 0; i < TESTS; i++, p++) {
      hits += copyOf[p % USERS].contains(probes[p & (probes.length - 1)]) ? 1 : 0;
    }
    next = p;
    return hits;
  }

  @Benchmark
  @OperationsPerInvocation(TESTS)
  public int hashSet() {
    int hits = 0;
    int p = next;
    for (int i = 0; i < TESTS; i++, p++) {
      hits += hashSet[p % USERS].contains(probes[p & (probes.length - 1)]) ? 1 : 0;
    }
    next = p;
    return hits;
  }

  @Benchmark
  @OperationsPerInvocation(TESTS)
  public int idSet() {
    int hits = 0;
    int p = next;
    for (int i = 0; i < TESTS; i++, p++) {
      hits += idSet[p % USERS].contains(probeIds[p & (probes.length - 1)]) ? 1 : 0;
    }
    next = p;
    return hits;
  }

  @Benchmark
  @OperationsPerInvocation(TESTS)
  public int vocabularyHashed() {
    return probe(vocabularyHashed);
  }

  @Benchmark
  @OperationsPerInvocation(TESTS)
  public int vocabularyDense() {
    return probe(vocabularyDense);
  }

  private int probe(IdSet set) {
    int hits = 0;
    int p = next;
    for (int i = 0; i < TESTS; i++, p++) {
      hits += set.contains(probeIds[p & (probeIds.length - 1)]) ? 1 : 0;
    }
    next = p;
    return hits;
  }
}

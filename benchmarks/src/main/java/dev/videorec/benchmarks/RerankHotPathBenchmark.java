package dev.videorec.benchmarks;

import dev.videorec.core.Candidate;
import dev.videorec.core.Decision;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Selector;
import dev.videorec.reranking.Reasons;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Two costs of the re-ranking chain that every served request pays, before and after in one run:
 * <ul>
 *   <li><b>Reasons</b>: the text recorded for each candidate a rescorer touches, here the freshness boost's
 *       ("uploaded 5.2 h ago (half-life 24 h)") inside the chain's factor line ("x1.137: ..."), for each of a
 *       request's 290 candidates: with {@code String.format}, as the rules wrote them, and with {@link Reasons},
 *       as they write them now. Both give the same text (checked at setup).</li>
 *   <li><b>The selector contract check</b> (every candidate a selector was given is kept once or recorded as
 *       removed): with boxed {@code HashSet}s of video ids, as the chain checked it, and with
 *       {@link Selector.Selection#requireAccountsFor}, on {@code IdSet}s, as it checks now. The selection is a
 *       window's: 290 candidates in, the first 100 kept, the rest removed.</li>
 * </ul>
 */
// Time per request: 290 reasons, or one selection checked.
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
// Small methods: two one-second warm-ups compile them.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-modules", "jdk.incubator.vector"})
public class RerankHotPathBenchmark {
  private static final int CANDIDATES = 290;
  private static final int KEPT = 100;
  private static final int CATALOGUE = 1_150_000;
  private static final double HALF_LIFE_HOURS = 24;

  private double[] factors;
  private double[] ageHours;
  private List<ScoredCandidate> input;
  private Selector.Selection selection;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(11);
    factors = new double[CANDIDATES];
    ageHours = new double[CANDIDATES];
    Set<Integer> ids = new HashSet<>();
    input = new ArrayList<>();
    for (int i = 0; i < CANDIDATES; i++) {
      factors[i] = 1 + r.nextDouble();
      // Ages as the catalogue gives them: whole seconds.
      ageHours[i] = r.nextInt(30 * 24 * 3600) / 3600.0;
      int id;
      do {
        id = r.nextInt(CATALOGUE);
      } while (!ids.add(id));
      input.add(new ScoredCandidate(Candidate.of(new VideoId(id), "two-tower", i, 1.0 / (i + 1)), 0.5, 0.5));
    }
    List<Decision> removed = new ArrayList<>();
    for (ScoredCandidate c : input.subList(KEPT, CANDIDATES)) {
      removed.add(new Decision(c.video(), "window", Decision.Action.REMOVED, "below the window"));
    }
    selection = new Selector.Selection(input.subList(0, KEPT), removed);
    // Self-checks: the same text, and both checks pass on a valid selection.
    for (int i = 0; i < CANDIDATES; i++) {
      if (!formatted(i).equals(fixed(i))) {
        throw new IllegalStateException("reasons differ: " + formatted(i) + " / " + fixed(i));
      }
    }
    checkWithHashSets(selection, input);
    selection.requireAccountsFor("window", input);
  }

  private String formatted(int i) {
    String reason = String.format(Locale.ROOT, "uploaded %.1f h ago (half-life %.0f h)", ageHours[i],
        HALF_LIFE_HOURS);
    return String.format(Locale.ROOT, "x%.3f: %s", factors[i], reason);
  }

  private String fixed(int i) {
    String reason = "uploaded " + Reasons.fixed(ageHours[i], 1) + " h ago (half-life "
        + Reasons.fixed(HALF_LIFE_HOURS, 0) + " h)";
    return "x" + Reasons.fixed(factors[i], 3) + ": " + reason;
  }

  @Benchmark
  public void reasonsStringFormat(Blackhole bh) {
    for (int i = 0; i < CANDIDATES; i++) {
      bh.consume(formatted(i));
    }
  }

  @Benchmark
  public void reasonsFixed(Blackhole bh) {
    for (int i = 0; i < CANDIDATES; i++) {
      bh.consume(fixed(i));
    }
  }

  @Benchmark
  public void contractHashSets() {
    checkWithHashSets(selection, input);
  }

  @Benchmark
  public void contractIdSets() {
    selection.requireAccountsFor("window", input);
  }

  /** The check as the chain made it before: boxed hash sets of the input, the kept and the removed videos. */
  private static void checkWithHashSets(Selector.Selection selection, List<ScoredCandidate> in) {
    Set<VideoId> given = new HashSet<>();
    for (ScoredCandidate c : in) {
      given.add(c.video());
    }
    Set<VideoId> kept = new HashSet<>();
    for (ScoredCandidate c : selection.kept()) {
      if (!kept.add(c.video()) || !given.contains(c.video())) {
        throw new IllegalStateException("kept a duplicate or a video it was not given: " + c.video());
      }
    }
    Set<VideoId> removed = new HashSet<>();
    for (Decision d : selection.decisions()) {
      if (d.action() == Decision.Action.REMOVED) {
        removed.add(d.video());
      }
    }
    for (ScoredCandidate c : in) {
      if (kept.contains(c.video()) == removed.contains(c.video())) {
        throw new IllegalStateException("neither or both: " + c.video());
      }
    }
  }
}

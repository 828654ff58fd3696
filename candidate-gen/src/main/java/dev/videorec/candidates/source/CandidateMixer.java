package dev.videorec.candidates.source;

import dev.videorec.core.Attribution;
import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Budgeted;
import dev.videorec.core.stage.CandidateSource;
import dev.videorec.core.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Merges several candidate sources into one candidate list, within per-source quotas and time budgets.
 *
 * <ol>
 *   <li>Every source is started at once on the executor, asked for up to its quota, so a request waits for the
 *       slowest source rather than for their sum.</li>
 *   <li>Each source is waited for until its own deadline (request start + its budget). A source that throws, or is
 *       still running at its deadline, is skipped and the request goes on with the others (fail-open); the trace
 *       records the degradation and why. A late source is cancelled (interrupted).</li>
 *   <li>Lists are interleaved by rank (every source's first, then every source's second...), so a truncated merge
 *       stays balanced across sources.</li>
 *   <li>A video proposed by several sources appears once, carrying one attribution per source (and so each
 *       source's score), the first proposer first.</li>
 *   <li>The merge stops at {@code maxCandidates}.</li>
 * </ol>
 * Immutable and thread-safe; each call records into its own trace. The executor is shared by all requests and
 * owned by the caller.
 */
public final class CandidateMixer {
  /**
   * One source, how many candidates it may contribute and how long it may take.
   *
   * @param source the source
   * @param quota  the most candidates asked of it, {@code >= 1}
   * @param budget how long a request waits for it, {@code > 0}
   */
  public record Slot(CandidateSource source, int quota, Duration budget) {
    public Slot {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(budget, "budget");
      if (quota < 1) {
        throw new IllegalArgumentException("quota of source '" + source.name() + "' must be >= 1, got " + quota);
      }
      if (budget.isNegative() || budget.isZero()) {
        throw new IllegalArgumentException("budget of source '" + source.name() + "' must be > 0, got " + budget);
      }
    }
  }

  private static volatile ExecutorService defaultExecutor;

  private final List<Slot> slots;
  private final int maxCandidates;
  private final Budgeted runner;

  /**
   * @param slots         the sources, in interleaving order
   * @param maxCandidates the most candidates returned, {@code >= 1}
   * @param executor      runs the sources; shared across requests and owned by the caller
   * @throws IllegalArgumentException if there is no source or two sources share a name
   */
  public CandidateMixer(List<Slot> slots, int maxCandidates, ExecutorService executor) {
    this.slots = List.copyOf(slots);
    this.runner = new Budgeted(Objects.requireNonNull(executor, "executor"));
    if (this.slots.isEmpty()) {
      throw new IllegalArgumentException("a mixer needs at least one source");
    }
    if (maxCandidates < 1) {
      throw new IllegalArgumentException("maxCandidates must be >= 1, got " + maxCandidates);
    }
    this.maxCandidates = maxCandidates;
    Set<String> names = new HashSet<>();
    for (Slot s : this.slots) {
      if (!names.add(s.source().name())) {
        throw new IllegalArgumentException("two sources are named '" + s.source().name() + "'");
      }
    }
  }

  /**
   * The mixer a configuration describes, over the sources available.
   *
   * @param available every source that may be configured, by name
   * @throws IllegalArgumentException if the configuration names a source that is not available
   */
  public static CandidateMixer fromConfig(CandidateMixerConfig config, Map<String, CandidateSource> available,
                                          ExecutorService executor) {
    Objects.requireNonNull(config, "config");
    List<Slot> slots = new ArrayList<>();
    for (CandidateMixerConfig.SourceSpec spec : config.sources()) {
      CandidateSource source = available.get(spec.name());
      if (source == null) {
        throw new IllegalArgumentException("the mixer config names source '" + spec.name()
            + "', which is not available; available: " + new java.util.TreeSet<>(available.keySet()));
      }
      slots.add(new Slot(source, spec.quota(), Duration.ofMillis(spec.budgetMillis())));
    }
    return new CandidateMixer(slots, config.maxCandidates(), executor);
  }

  /**
   * A process-wide pool of daemon threads for candidate sources, created on first use: enough for the common case
   * of one mixer per process. Threads are named {@code candidate-source-N}.
   */
  public static ExecutorService defaultExecutor() {
    ExecutorService e = defaultExecutor;
    if (e == null) {
      synchronized (CandidateMixer.class) {
        if (defaultExecutor == null) {
          defaultExecutor = Executors.newCachedThreadPool(Budgeted.daemonThreads("candidate-source"));
        }
        e = defaultExecutor;
      }
    }
    return e;
  }

  public List<Slot> slots() {
    return slots;
  }

  public int maxCandidates() {
    return maxCandidates;
  }

  /** The merged candidates of every source that answered in time, without duplicates. */
  public List<Candidate> mix(RequestContext context, Trace trace) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(trace, "trace");
    // 1. Start every source.
    List<Budgeted.Pending<List<Candidate>>> pending = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      pending.add(runner.start(() -> s.source().candidates(context, s.quota())));
    }
    // 2. Collect each within its budget, counted from when the sources were started.
    List<List<Candidate>> lists = new ArrayList<>(slots.size());
    int longest = 0;
    for (int i = 0; i < slots.size(); i++) {
      Slot s = slots.get(i);
      String stage = "source:" + s.source().name();
      Budgeted.Pending<List<Candidate>> p = pending.get(i);
      Budgeted.Outcome<List<Candidate>> outcome = p.await(pending.get(0).startNanos() + s.budget().toNanos(),
          s.budget());
      List<Candidate> got = List.of();
      // A source's own time when it answered; its whole budget when it did not.
      long nanos = outcome.miss() == Budgeted.Miss.TIMEOUT ? s.budget().toNanos() : outcome.nanos();
      if (outcome.answered()) {
        got = outcome.value();
        if (got.size() > s.quota()) {
          got = got.subList(0, s.quota());
        }
      } else if (outcome.miss() == Budgeted.Miss.TIMEOUT) {
        trace.degraded(stage, "timed out: no answer within its budget of " + s.budget().toMillis()
            + " ms; skipped");
      } else if (outcome.miss() == Budgeted.Miss.FAILED) {
        trace.degraded(stage, "failed and was skipped: " + outcome.message());
      } else {
        trace.degraded(stage, "not run (" + outcome.message() + "); skipped");
      }
      trace.stage(stage, 0, got.size(), nanos);
      lists.add(got);
      longest = Math.max(longest, got.size());
    }
    // 3-5. Interleave by rank, merge duplicates, cap.
    Map<VideoId, List<Attribution>> merged = new LinkedHashMap<>();
    for (int rank = 0; rank < longest; rank++) {
      for (List<Candidate> list : lists) {
        if (rank < list.size()) {
          Candidate c = list.get(rank);
          List<Attribution> sources = merged.get(c.video());
          if (sources == null) {
            if (merged.size() == maxCandidates) {
              continue;
            }
            sources = new ArrayList<>();
            merged.put(c.video(), sources);
          }
          sources.addAll(c.sources());
        }
      }
    }
    List<Candidate> out = new ArrayList<>(merged.size());
    merged.forEach((video, sources) -> out.add(new Candidate(video, sources)));
    return List.copyOf(out);
  }
}

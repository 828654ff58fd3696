package dev.videorec.candidates.source;

import dev.videorec.core.Attribution;
import dev.videorec.core.Candidate;
import dev.videorec.core.RequestContext;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import dev.videorec.core.trace.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Merges several candidate sources into one candidate list.
 *
 * <ol>
 *   <li>Each source is asked for up to its quota.</li>
 *   <li>A source that throws is skipped: the request goes on with the others (fail-open), and the failure is
 *       recorded in the trace as a degradation.</li>
 *   <li>Lists are interleaved by rank (every source's first, then every source's second...), so a truncated
 *       merge stays balanced across sources.</li>
 *   <li>A video proposed by several sources appears once, carrying one attribution per source, the first
 *       proposer first.</li>
 * </ol>
 * Immutable and thread-safe; each call records into its own trace.
 */
public final class CandidateMixer {
  /**
   * One source and how many candidates it may contribute.
   *
   * @param source the source
   * @param quota  the most candidates asked of it, {@code >= 1}
   */
  public record Quota(CandidateSource source, int quota) {
    public Quota {
      Objects.requireNonNull(source, "source");
      if (quota < 1) {
        throw new IllegalArgumentException("quota of source '" + source.name() + "' must be >= 1, got " + quota);
      }
    }
  }

  private final List<Quota> quotas;

  /** @throws IllegalArgumentException if there is no source or two sources share a name */
  public CandidateMixer(List<Quota> quotas) {
    this.quotas = List.copyOf(quotas);
    if (this.quotas.isEmpty()) {
      throw new IllegalArgumentException("a mixer needs at least one source");
    }
    Set<String> names = new HashSet<>();
    for (Quota q : this.quotas) {
      if (!names.add(q.source().name())) {
        throw new IllegalArgumentException("two sources are named '" + q.source().name() + "'");
      }
    }
  }

  public List<Quota> quotas() {
    return quotas;
  }

  /** The merged candidates of every source that answered, without duplicates. */
  public List<Candidate> mix(RequestContext context, Trace trace) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(trace, "trace");
    List<List<Candidate>> lists = new ArrayList<>(quotas.size());
    int longest = 0;
    for (Quota q : quotas) {
      String name = q.source().name();
      long start = System.nanoTime();
      List<Candidate> got;
      try {
        got = q.source().candidates(context, q.quota());
      } catch (RuntimeException e) {
        trace.degraded("source:" + name, "failed and was skipped: " + e);
        got = List.of();
      }
      trace.stage("source:" + name, 0, got.size(), System.nanoTime() - start);
      lists.add(got);
      longest = Math.max(longest, got.size());
    }
    Map<VideoId, List<Attribution>> merged = new LinkedHashMap<>();
    for (int rank = 0; rank < longest; rank++) {
      for (List<Candidate> list : lists) {
        if (rank < list.size()) {
          Candidate c = list.get(rank);
          merged.computeIfAbsent(c.video(), v -> new ArrayList<>()).addAll(c.sources());
        }
      }
    }
    List<Candidate> out = new ArrayList<>(merged.size());
    merged.forEach((video, sources) -> out.add(new Candidate(video, sources)));
    return List.copyOf(out);
  }
}

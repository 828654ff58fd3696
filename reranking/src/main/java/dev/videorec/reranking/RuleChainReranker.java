package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateFilter;
import dev.videorec.core.stage.Reranker;
import dev.videorec.core.stage.Selector;
import dev.videorec.core.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The re-ranking stage as an ordered chain of rules.
 *
 * <ol>
 *   <li>Sort by score, best first; equal scores by video id, so the result is deterministic.</li>
 *   <li>Run every filter on every candidate, in chain order; the first filter that rejects a candidate removes
 *       it.</li>
 *   <li>Run the selectors in chain order, each on the previous one's output.</li>
 *   <li>Number the survivors 1..n; each recommendation carries the decisions that touched it and stayed.</li>
 * </ol>
 * Every decision is recorded in the trace with the rule's name and reason. A selector must account for each
 * input candidate (kept, or removed with a decision); the chain checks this, so a buggy rule cannot silently
 * drop a video. Pure (no I/O), deterministic, immutable and thread-safe.
 */
public final class RuleChainReranker implements Reranker {
  private static final Comparator<ScoredCandidate> BEST_FIRST =
      Comparator.comparingDouble(ScoredCandidate::score).reversed().thenComparing(ScoredCandidate::video);

  private final List<CandidateFilter> filters;
  private final List<Selector> selectors;

  public RuleChainReranker(List<CandidateFilter> filters, List<Selector> selectors) {
    this.filters = List.copyOf(filters);
    this.selectors = List.copyOf(selectors);
  }

  @Override
  public String name() {
    return "rule-chain";
  }

  public List<CandidateFilter> filters() {
    return filters;
  }

  public List<Selector> selectors() {
    return selectors;
  }

  @Override
  public List<Recommendation> rerank(RequestContext context, List<ScoredCandidate> scored, Trace trace) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(trace, "trace");
    // 1. The visible sort.
    List<ScoredCandidate> list = new ArrayList<>(scored);
    list.sort(BEST_FIRST);
    Map<VideoId, List<Decision>> touched = new HashMap<>();

    // 2. Filters.
    List<ScoredCandidate> passed = new ArrayList<>(list.size());
    for (ScoredCandidate c : list) {
      Decision removal = null;
      for (CandidateFilter f : filters) {
        Optional<String> reason = f.rejectionReason(context, c);
        if (reason.isPresent()) {
          removal = new Decision(c.video(), f.name(), Decision.Action.REMOVED, reason.get());
          break;
        }
      }
      if (removal == null) {
        passed.add(c);
      } else {
        trace.decision(removal);
      }
    }
    list = passed;

    // 3. Selectors.
    for (Selector s : selectors) {
      Selector.Selection selection = s.select(context, List.copyOf(list));
      checkAccounted(s, list, selection);
      for (Decision d : selection.decisions()) {
        trace.decision(d);
        if (d.action() != Decision.Action.REMOVED) {
          touched.computeIfAbsent(d.video(), v -> new ArrayList<>()).add(d);
        }
      }
      list = selection.kept();
    }

    // 4. The final list.
    List<Recommendation> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      ScoredCandidate c = list.get(i);
      out.add(new Recommendation(i + 1, c.video(), c.score(), c.candidate().sources(),
          touched.getOrDefault(c.video(), List.of())));
    }
    return List.copyOf(out);
  }

  private static void checkAccounted(Selector s, List<ScoredCandidate> in, Selector.Selection selection) {
    Set<VideoId> kept = new HashSet<>();
    for (ScoredCandidate c : selection.kept()) {
      kept.add(c.video());
    }
    Set<VideoId> removed = new HashSet<>();
    for (Decision d : selection.decisions()) {
      if (d.action() == Decision.Action.REMOVED) {
        removed.add(d.video());
      }
    }
    for (ScoredCandidate c : in) {
      boolean isKept = kept.contains(c.video());
      if (isKept == removed.contains(c.video())) {
        throw new IllegalStateException("selector '" + s.name() + "' must either keep " + c.video()
            + " or record its removal, not " + (isKept ? "both" : "neither"));
      }
    }
    if (kept.size() != selection.kept().size() || !inputContainsAll(in, kept)) {
      throw new IllegalStateException("selector '" + s.name() + "' kept a duplicate or a video it was not given");
    }
  }

  private static boolean inputContainsAll(List<ScoredCandidate> in, Set<VideoId> kept) {
    Set<VideoId> input = new HashSet<>();
    for (ScoredCandidate c : in) {
      input.add(c.video());
    }
    return input.containsAll(kept);
  }
}

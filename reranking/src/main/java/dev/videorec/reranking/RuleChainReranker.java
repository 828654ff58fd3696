package dev.videorec.reranking;

import dev.videorec.core.Decision;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateFilter;
import dev.videorec.core.stage.Rescorer;
import dev.videorec.core.stage.Reranker;
import dev.videorec.core.stage.Selector;
import dev.videorec.core.trace.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The re-ranking stage as an ordered chain of rules.
 *
 * <ol>
 *   <li>Sort by score, best first; equal scores by video id, so the result is deterministic.</li>
 *   <li>Filters, cheapest first ({@link CandidateFilter#cost()}, then chain order): the first filter that rejects a
 *       candidate removes it.</li>
 *   <li>Rescorers, in chain order: each one's factors are multiplied into the scores, then the list is re-sorted.
 *   </li>
 *   <li>Selectors, in chain order, each on the previous one's output.</li>
 *   <li>Truncation to k, if the selectors left more (recorded as the {@code truncate} rule).</li>
 *   <li>Number the survivors 1..n; each recommendation carries every factor and move that touched it, and the
 *       probability that the chain shows it at its slot (1, unless an {@link ExplorationPolicy} drew the list).
 *   </li>
 * </ol>
 * Every decision is recorded in the trace with the rule's name and reason. A selector must account for each
 * input candidate (kept, or removed with a decision); the chain checks this, so a faulty rule cannot silently drop
 * a video. Pure (no I/O), deterministic, immutable and thread-safe.
 */
public final class RuleChainReranker implements Reranker {
  private static final Comparator<ScoredCandidate> BEST_FIRST =
      Comparator.comparingDouble(ScoredCandidate::score).reversed().thenComparing(ScoredCandidate::video);
  private static final TruncateSelector FINAL_TRUNCATION = new TruncateSelector();

  private final List<CandidateFilter> filters;
  private final List<Rescorer> rescorers;
  private final List<Selector> selectors;

  public RuleChainReranker(List<CandidateFilter> filters, List<Rescorer> rescorers, List<Selector> selectors) {
    List<CandidateFilter> sorted = new ArrayList<>(filters);
    sorted.sort(Comparator.comparingInt(CandidateFilter::cost));
    this.filters = List.copyOf(sorted);
    this.rescorers = List.copyOf(rescorers);
    this.selectors = List.copyOf(selectors);
    for (int i = 0; i < selectors.size(); i++) {
      if (selectors.get(i) instanceof ExplorationPolicy) {
        for (Selector later : selectors.subList(i + 1, selectors.size())) {
          if (!(later instanceof TruncateSelector)) {
            throw new IllegalArgumentException("the exploration policy '" + selectors.get(i).name() + "' must be "
                + "the last selector (a truncation aside): '" + later.name() + "' after it would move videos "
                + "away from the slots whose propensities it reported");
          }
        }
      }
    }
  }

  /** A chain without rescorers. */
  public RuleChainReranker(List<CandidateFilter> filters, List<Selector> selectors) {
    this(filters, List.of(), selectors);
  }

  @Override
  public String name() {
    return "rule-chain";
  }

  /** The filters in the order they run. */
  public List<CandidateFilter> filters() {
    return filters;
  }

  public List<Rescorer> rescorers() {
    return rescorers;
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
    List<ScoredCandidate> kept = new ArrayList<>(list.size());
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
        kept.add(c);
      } else {
        trace.decision(removal);
      }
    }
    list = kept;

    // 3. Rescorers.
    for (Rescorer r : rescorers) {
      Map<VideoId, Double> factors = new HashMap<>();
      for (Rescorer.Factor f : r.factors(context, List.copyOf(list))) {
        if (factors.put(f.video(), f.factor()) != null) {
          throw new IllegalStateException("rescorer '" + r.name() + "' gave two factors for " + f.video());
        }
        Decision d = new Decision(f.video(), r.name(), Decision.Action.RESCORED,
            "x" + Reasons.fixed(f.factor(), 3) + ": " + f.reason());
        trace.decision(d);
        touched.computeIfAbsent(f.video(), v -> new ArrayList<>()).add(d);
      }
      if (!factors.isEmpty()) {
        List<ScoredCandidate> rescored = new ArrayList<>(list.size());
        for (ScoredCandidate c : list) {
          Double f = factors.get(c.video());
          rescored.add(f == null ? c : c.withScore(c.score() * f));
        }
        rescored.sort(BEST_FIRST);
        list = rescored;
      }
    }

    // 4. Selectors, and 5. the final truncation.
    List<Selector> steps = new ArrayList<>(selectors);
    steps.add(FINAL_TRUNCATION);
    Map<VideoId, Double> propensities = Map.of();
    Map<VideoId, List<Double>> slotPropensities = Map.of();
    for (Selector s : steps) {
      Selector.Selection selection = s.select(context, List.copyOf(list));
      selection.requireAccountsFor(s.name(), list);
      if (!selection.propensities().isEmpty()) {
        propensities = selection.propensities();
        slotPropensities = selection.slotPropensities();
      }
      for (Decision d : selection.decisions()) {
        trace.decision(d);
        if (d.action() != Decision.Action.REMOVED) {
          touched.computeIfAbsent(d.video(), v -> new ArrayList<>()).add(d);
        }
      }
      list = selection.kept();
    }

    // 6. The final list.
    List<Recommendation> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      ScoredCandidate c = list.get(i);
      out.add(new Recommendation(i + 1, c.video(), c.score(), c.candidate().sources(),
          touched.getOrDefault(c.video(), List.of()), propensities.getOrDefault(c.video(), 1.0),
          slotPropensities.getOrDefault(c.video(), List.of())));
    }
    return List.copyOf(out);
  }
}

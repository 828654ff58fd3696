package dev.videorec.reranking.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.videorec.core.CreatorId;
import dev.videorec.core.stage.CandidateFilter;
import dev.videorec.core.stage.Rescorer;
import dev.videorec.core.stage.Selector;
import dev.videorec.reranking.AlreadyWatchedFilter;
import dev.videorec.reranking.EpsilonSlotsPolicy;
import dev.videorec.reranking.SoftmaxSamplingPolicy;
import dev.videorec.reranking.AvailabilityFilter;
import dev.videorec.reranking.BlockedCreatorFilter;
import dev.videorec.reranking.ClickbaitDemotionRescorer;
import dev.videorec.reranking.CreatorCapSelector;
import dev.videorec.reranking.CreatorDiversityRescorer;
import dev.videorec.reranking.DppSelector;
import dev.videorec.reranking.ExplorationSlotSelector;
import dev.videorec.reranking.FreshSlotSelector;
import dev.videorec.reranking.FreshnessBoostRescorer;
import dev.videorec.reranking.PopularHeadRescorer;
import dev.videorec.reranking.PopularityPenaltyRescorer;
import dev.videorec.reranking.MinQualityFilter;
import dev.videorec.reranking.MmrSelector;
import dev.videorec.reranking.NearDuplicateSelector;
import dev.videorec.reranking.NegativeFeedbackRescorer;
import dev.videorec.reranking.TruncateSelector;
import dev.videorec.reranking.WindowSelector;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One rule of the chain as written in JSON: {@code {"type": "<name>", ...parameters}}. Each record validates its
 * parameters through the rule it builds (the rule's constructor names the bad parameter and value). Defaults for
 * omitted parameters are the {@code DEFAULT_*} constants of each record.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RuleSpec.AlreadyWatched.class, name = AlreadyWatchedFilter.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Unavailable.class, name = AvailabilityFilter.NAME),
    @JsonSubTypes.Type(value = RuleSpec.BlockedCreators.class, name = BlockedCreatorFilter.NAME),
    @JsonSubTypes.Type(value = RuleSpec.MinQuality.class, name = MinQualityFilter.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Window.class, name = WindowSelector.NAME),
    @JsonSubTypes.Type(value = RuleSpec.NearDuplicates.class, name = NearDuplicateSelector.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Clickbait.class, name = ClickbaitDemotionRescorer.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Freshness.class, name = FreshnessBoostRescorer.NAME),
    @JsonSubTypes.Type(value = RuleSpec.PopularHead.class, name = PopularHeadRescorer.NAME),
    @JsonSubTypes.Type(value = RuleSpec.PopularityPenalty.class, name = PopularityPenaltyRescorer.NAME),
    @JsonSubTypes.Type(value = RuleSpec.CreatorDecay.class, name = CreatorDiversityRescorer.NAME),
    @JsonSubTypes.Type(value = RuleSpec.NegativeFeedback.class, name = NegativeFeedbackRescorer.NAME),
    @JsonSubTypes.Type(value = RuleSpec.CreatorCap.class, name = CreatorCapSelector.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Mmr.class, name = MmrSelector.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Dpp.class, name = DppSelector.NAME),
    @JsonSubTypes.Type(value = RuleSpec.FreshSlot.class, name = FreshSlotSelector.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Exploration.class, name = ExplorationSlotSelector.NAME),
    @JsonSubTypes.Type(value = RuleSpec.EpsilonSlots.class, name = EpsilonSlotsPolicy.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Softmax.class, name = SoftmaxSamplingPolicy.NAME),
    @JsonSubTypes.Type(value = RuleSpec.Truncate.class, name = TruncateSelector.NAME)})
public sealed interface RuleSpec {
  /** A rule that removes candidates one at a time. */
  sealed interface FilterSpec extends RuleSpec {
    CandidateFilter build(RerankResources r);
  }

  /** A rule that multiplies scores. */
  sealed interface RescorerSpec extends RuleSpec {
    Rescorer build(RerankResources r);
  }

  /** A list-wise rule. */
  sealed interface SelectorSpec extends RuleSpec {
    Selector build(RerankResources r);
  }

  /** {@code already-watched}: no parameters. */
  record AlreadyWatched() implements FilterSpec {
    @Override
    public CandidateFilter build(RerankResources r) {
      return new AlreadyWatchedFilter();
    }
  }

  /** {@code unavailable}: region licences and age restrictions; no parameters. */
  record Unavailable() implements FilterSpec {
    @Override
    public CandidateFilter build(RerankResources r) {
      return new AvailabilityFilter(r.catalog());
    }
  }

  /** {@code blocked-creators}: {@code creators}, a list of creator ids. */
  record BlockedCreators(List<Integer> creators) implements FilterSpec {
    public BlockedCreators {
      creators = creators == null ? List.of() : List.copyOf(creators);
    }

    @Override
    public CandidateFilter build(RerankResources r) {
      Set<CreatorId> ids = creators.stream().map(CreatorId::new).collect(Collectors.toSet());
      return new BlockedCreatorFilter(r.catalog(), ids);
    }
  }

  /** {@code min-quality}: {@code minWatchFraction} in [0, 1]. */
  record MinQuality(Double minWatchFraction) implements FilterSpec {
    public static final double DEFAULT_MIN_WATCH_FRACTION = 0.1;

    @Override
    public CandidateFilter build(RerankResources r) {
      return new MinQualityFilter(minWatchFraction == null ? DEFAULT_MIN_WATCH_FRACTION : minWatchFraction);
    }
  }

  /**
   * {@code popular-head}: {@code factor} in (0, 1] for the first {@code headSize} (at least 1) candidates of the
   * popularity source named {@code source}.
   */
  record PopularHead(String source, Integer headSize, Double factor) implements RescorerSpec {
    public static final String DEFAULT_SOURCE = "popular";
    public static final int DEFAULT_HEAD_SIZE = 100;
    public static final double DEFAULT_FACTOR = 0.8;

    @Override
    public Rescorer build(RerankResources r) {
      return new PopularHeadRescorer(source == null ? DEFAULT_SOURCE : source,
          headSize == null ? DEFAULT_HEAD_SIZE : headSize, factor == null ? DEFAULT_FACTOR : factor);
    }
  }

  /** {@code popularity-penalty}: {@code exponent} β in [0, 2]; needs the training log's click counts. */
  record PopularityPenalty(Double exponent) implements RescorerSpec {
    public static final double DEFAULT_EXPONENT = 0.1;

    @Override
    public Rescorer build(RerankResources r) {
      return new PopularityPenaltyRescorer(r.popularity(), exponent == null ? DEFAULT_EXPONENT : exponent);
    }
  }

  /** {@code near-duplicates}: {@code maxCosine} in (0, 1]. A selector: its verdict depends on the list. */
  record NearDuplicates(Double maxCosine) implements SelectorSpec {
    public static final double DEFAULT_MAX_COSINE = 0.98;

    @Override
    public Selector build(RerankResources r) {
      return new NearDuplicateSelector(r.similarity(), maxCosine == null ? DEFAULT_MAX_COSINE : maxCosine);
    }
  }

  /** {@code clickbait}: {@code minClick}, {@code maxWatchFraction} in [0, 1], {@code factor} in (0, 1]. */
  record Clickbait(Double minClick, Double maxWatchFraction, Double factor) implements RescorerSpec {
    public static final double DEFAULT_MIN_CLICK = 0.2;
    public static final double DEFAULT_MAX_WATCH_FRACTION = 0.4;
    public static final double DEFAULT_FACTOR = 0.5;

    @Override
    public Rescorer build(RerankResources r) {
      return new ClickbaitDemotionRescorer(minClick == null ? DEFAULT_MIN_CLICK : minClick,
          maxWatchFraction == null ? DEFAULT_MAX_WATCH_FRACTION : maxWatchFraction,
          factor == null ? DEFAULT_FACTOR : factor);
    }
  }

  /** {@code freshness}: {@code boost >= 0}, {@code halfLifeHours > 0}. */
  record Freshness(Double boost, Double halfLifeHours) implements RescorerSpec {
    public static final double DEFAULT_BOOST = 0.1;
    public static final double DEFAULT_HALF_LIFE_HOURS = 48;

    @Override
    public Rescorer build(RerankResources r) {
      return new FreshnessBoostRescorer(r.catalog(), boost == null ? DEFAULT_BOOST : boost,
          halfLifeHours == null ? DEFAULT_HALF_LIFE_HOURS : halfLifeHours);
    }
  }

  /** {@code creator-decay}: {@code decay} and {@code floor} in (0, 1]. */
  record CreatorDecay(Double decay, Double floor) implements RescorerSpec {
    public static final double DEFAULT_DECAY = 0.85;
    public static final double DEFAULT_FLOOR = 0.5;

    @Override
    public Rescorer build(RerankResources r) {
      return new CreatorDiversityRescorer(r.catalog(), decay == null ? DEFAULT_DECAY : decay,
          floor == null ? DEFAULT_FLOOR : floor);
    }
  }

  /** {@code negative-feedback}: {@code factor} in (0, 1]. */
  record NegativeFeedback(Double factor) implements RescorerSpec {
    public static final double DEFAULT_FACTOR = 0.5;

    @Override
    public Rescorer build(RerankResources r) {
      return new NegativeFeedbackRescorer(r.catalog(), factor == null ? DEFAULT_FACTOR : factor);
    }
  }

  /** {@code creator-cap}: {@code maxPerCreator >= 1}. */
  record CreatorCap(Integer maxPerCreator) implements SelectorSpec {
    public static final int DEFAULT_MAX = 2;

    @Override
    public Selector build(RerankResources r) {
      return new CreatorCapSelector(r.catalog(), maxPerCreator == null ? DEFAULT_MAX : maxPerCreator);
    }
  }

  /** {@code mmr}: {@code lambda} in [0, 1]. */
  record Mmr(Double lambda) implements SelectorSpec {
    public static final double DEFAULT_LAMBDA = 0.7;

    @Override
    public Selector build(RerankResources r) {
      return new MmrSelector(r.similarity(), lambda == null ? DEFAULT_LAMBDA : lambda);
    }
  }

  /** {@code dpp}: {@code theta} in [0, 1), {@code window} 0 (none) or {@code >= 2}. */
  record Dpp(Double theta, Integer window) implements SelectorSpec {
    public static final double DEFAULT_THETA = 0.7;

    @Override
    public Selector build(RerankResources r) {
      return new DppSelector(r.similarity(), theta == null ? DEFAULT_THETA : theta, window == null ? 0 : window);
    }
  }

  /** {@code fresh-slot}: {@code top >= 1} slots, {@code maxAgeHours > 0}. */
  record FreshSlot(Integer top, Double maxAgeHours) implements SelectorSpec {
    public static final int DEFAULT_TOP = 5;
    public static final double DEFAULT_MAX_AGE_HOURS = 72;

    @Override
    public Selector build(RerankResources r) {
      return new FreshSlotSelector(r.catalog(), top == null ? DEFAULT_TOP : top,
          maxAgeHours == null ? DEFAULT_MAX_AGE_HOURS : maxAgeHours);
    }
  }

  /** {@code exploration}: {@code slot >= 1} (1-based rank), {@code seed}. */
  record Exploration(Integer slot, Long seed) implements SelectorSpec {
    public static final int DEFAULT_SLOT = 8;

    @Override
    public Selector build(RerankResources r) {
      return new ExplorationSlotSelector(slot == null ? DEFAULT_SLOT : slot, seed == null ? 0 : seed);
    }
  }

  /**
   * {@code epsilon-slots}: {@code epsilon} in (0, 1), the probability that each slot shows a video drawn from below
   * the top k; {@code seed}.
   */
  record EpsilonSlots(Double epsilon, Long seed) implements SelectorSpec {
    public static final double DEFAULT_EPSILON = 0.1;

    @Override
    public Selector build(RerankResources r) {
      return new EpsilonSlotsPolicy(epsilon == null ? DEFAULT_EPSILON : epsilon, seed == null ? 0 : seed);
    }
  }

  /**
   * {@code softmax}: {@code temperature > 0} over standardised scores; {@code samples}, the draws that estimate the
   * propensities; {@code seed}.
   */
  record Softmax(Double temperature, Integer samples, Long seed) implements SelectorSpec {
    public static final double DEFAULT_TEMPERATURE = 0.5;

    @Override
    public Selector build(RerankResources r) {
      return new SoftmaxSamplingPolicy(temperature == null ? DEFAULT_TEMPERATURE : temperature,
          samples == null ? SoftmaxSamplingPolicy.DEFAULT_SAMPLES : samples, seed == null ? 0 : seed);
    }
  }

  /** {@code window}: {@code size >= 1}, the number of best candidates kept for the rules after it. */
  record Window(Integer size) implements SelectorSpec {
    public static final int DEFAULT_SIZE = 100;

    @Override
    public Selector build(RerankResources r) {
      return new WindowSelector(size == null ? DEFAULT_SIZE : size);
    }
  }

  /** {@code truncate}: no parameters (k comes from the request). */
  record Truncate() implements SelectorSpec {
    @Override
    public Selector build(RerankResources r) {
      return new TruncateSelector();
    }
  }
}

package dev.videorec.app.evaluation;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.Funnel;
import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.core.trace.Trace;
import dev.videorec.reranking.ListMetrics;
import dev.videorec.reranking.RuleChainReranker;
import dev.videorec.reranking.config.RerankConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares re-ranking variants on the same candidates and scores: for every evaluated user the mixer and the
 * ranker run once, then each variant's chain turns the same scored candidates into a final list. Accuracy (NDCG@k
 * against the user's clicks in the evaluation window) is set against what the lists look like (diversity,
 * coverage, novelty, clickbait share).
 */
public final class RerankingComparison {
  /**
   * The variant that ranks by the click head alone, without re-ranking: the baseline of the value model. It is the
   * only variant with other scores than the ranker's.
   */
  public static final String CLICK_ONLY = "click-only ranking";

  /** The name of the row of the funnel's own chain. */
  public static final String FUNNEL_CHAIN = "the funnel's chain";

  /** The variants of the comparison, by name, ending with the chain the funnel runs. */
  public static Map<String, RerankConfig> standardVariants(RerankConfig funnelChain) {
    Map<String, RerankConfig> v = new LinkedHashMap<>();
    v.put(CLICK_ONLY, RerankConfig.parse("{\"selectors\": [{\"type\": \"truncate\"}]}"));
    v.put("no re-ranking", RerankConfig.parse("{\"selectors\": [{\"type\": \"truncate\"}]}"));
    v.put("caps only", RerankConfig.parse(
        "{\"selectors\": [{\"type\": \"creator-cap\", \"maxPerCreator\": 2}, {\"type\": \"truncate\"}]}"));
    v.put("MMR (λ=0.7)", RerankConfig.parse("{\"selectors\": [{\"type\": \"mmr\", \"lambda\": 0.7}]}"));
    v.put("DPP (θ=0.7)", RerankConfig.parse("{\"selectors\": [{\"type\": \"dpp\", \"theta\": 0.7}]}"));
    v.put("MMR (λ=0.85)", RerankConfig.parse("{\"selectors\": [{\"type\": \"mmr\", \"lambda\": 0.85}]}"));
    v.put("DPP (θ=0.9)", RerankConfig.parse("{\"selectors\": [{\"type\": \"dpp\", \"theta\": 0.9}]}"));
    v.put("clickbait rule", RerankConfig.parse("{\"rescorers\": [{\"type\": \"clickbait\"}]}"));
    v.put(FUNNEL_CHAIN, funnelChain);
    return v;
  }

  /**
   * The variants that beat the funnel's chain ({@link #FUNNEL_CHAIN}) on every accuracy figure at once: NDCG,
   * watch-weighted NDCG and, with a ground truth, expected minutes watched (at least as good on each, better on
   * one). A default chain that such a variant dominates on validation data has no reason to be the default.
   *
   * @param truth whether the rows carry ground-truth minutes
   */
  public static List<String> dominating(Map<String, Row> rows, boolean truth) {
    Row chain = rows.get(FUNNEL_CHAIN);
    if (chain == null) {
      throw new IllegalArgumentException("no row named '" + FUNNEL_CHAIN + "'");
    }
    List<String> out = new ArrayList<>();
    rows.forEach((name, r) -> {
      if (name.equals(FUNNEL_CHAIN)) {
        return;
      }
      boolean atLeast = r.ndcg() >= chain.ndcg() && r.watchNdcg() >= chain.watchNdcg()
          && (!truth || r.truthWatchMinutes() >= chain.truthWatchMinutes());
      boolean better = r.ndcg() > chain.ndcg() || r.watchNdcg() > chain.watchNdcg()
          || (truth && r.truthWatchMinutes() > chain.truthWatchMinutes());
      if (atLeast && better) {
        out.add(name);
      }
    });
    return out;
  }

  /**
   * One variant's figures, averaged over users except the catalogue-wide ones.
   *
   * @param ndcg              NDCG@k against the evaluation window's clicks (binary gains)
   * @param watchNdcg         NDCG@k with the watched fraction of each click as its gain: a click that bounced
   *                          (clickbait) earns little
   * @param diversity         intra-list diversity (mean pairwise 1 - cosine of embeddings)
   * @param creatorCoverage   distinct creators / list length
   * @param topics            distinct topics per list
   * @param clickbaitShare    share of listed videos with the hidden clickbait trait, or NaN without ground truth
   * @param truthWatchMinutes expected minutes watched from the list under the ground-truth model, position bias
   *                          included, or NaN without ground truth: what users would really get
   * @param novelty           mean self-information of listed videos, in bits
   * @param catalogueCoverage share of the catalogue in at least one list
   * @param exposureGini      Gini of how often each video is listed, over the catalogue
   */
  public record Row(double ndcg, double watchNdcg, double diversity, double creatorCoverage, double topics,
                    double clickbaitShare, double truthWatchMinutes, double novelty, double catalogueCoverage,
                    double exposureGini) {}

  /** The variants side by side; the ground truth's columns read n/a without one. */
  public static MarkdownTable table(Map<String, Row> rows, int k) {
    MarkdownTable t = new MarkdownTable("variant", "NDCG@" + k, "wNDCG@" + k, "diversity", "creators/k", "topics",
        "clickbait", "true min", "novelty", "coverage", "exposure Gini");
    rows.forEach((name, r) -> t.row(name, MarkdownTable.number(r.ndcg(), 4), MarkdownTable.number(r.watchNdcg(), 4),
        MarkdownTable.number(r.diversity(), 3), MarkdownTable.number(r.creatorCoverage(), 2),
        MarkdownTable.number(r.topics(), 2), truthCell(r.clickbaitShare(), 3), truthCell(r.truthWatchMinutes(), 2),
        MarkdownTable.number(r.novelty(), 2), MarkdownTable.number(r.catalogueCoverage(), 4),
        MarkdownTable.number(r.exposureGini(), 3)));
    return t;
  }

  /** What the columns of {@link #table} mean, wrapped for a terminal (Markdown joins the lines). */
  public static final String TABLE_NOTE = String.join("\n",
      "NDCG uses the window's clicks as gains, wNDCG their watched fractions; diversity is the mean pairwise",
      "1 - cosine of the two-tower video vectors, creators/k the distinct creators per slot, topics the distinct",
      "topics per list; clickbait is the share of listed videos with the hidden trait and true min the expected",
      "minutes watched from the list under the synthetic world's ground truth (position bias included); novelty",
      "is the mean -log2 popularity share; coverage and exposure Gini are over the whole catalogue.");

  private static String truthCell(double v, int decimals) {
    return Double.isNaN(v) ? "n/a" : MarkdownTable.number(v, decimals);
  }

  /** The synthetic world's answers, for evaluation only: the hidden trait, and the expected outcome of a slot. */
  public interface Truth {
    boolean isClickbait(VideoId video);

    /** Expected seconds watched when {@code video} is shown to {@code user} at {@code position} at {@code time}. */
    double expectedWatchSeconds(UserId user, VideoId video, long time, int position);
  }

  private RerankingComparison() {}

  /** The ground truth of a synthetic dataset, or null when the dataset is not synthetic. */
  public static Truth truthOf(dev.videorec.data.Dataset dataset) {
    if (dataset.manifest() == null || dataset.manifest().generator() == null) {
      return null;
    }
    var world = dev.videorec.data.synthetic.SyntheticWorld.create(dataset.manifest().generator()).groundTruth();
    Catalog catalog = dataset.catalog();
    return new Truth() {
      @Override
      public boolean isClickbait(VideoId video) {
        return world.isClickbait(video);
      }

      @Override
      public double expectedWatchSeconds(UserId user, VideoId video, long time, int position) {
        return world.clickProbability(user, video, time, position) * world.expectedWatchFraction(user, video, time)
            * catalog.get(video).durationSeconds();
      }
    };
  }

  /**
   * Runs every variant over the users with clicks in {@code window} that are new to them.
   *
   * @param truth the ground truth, or null when the data has none
   */
  public static Map<String, Row> run(FunnelBuilder.Trained trained, List<Interaction> train,
                                     List<Interaction> window, int k, Map<String, RerankConfig> variants,
                                     Truth truth) {
    long requestTime = window.get(0).timestamp();
    Map<UserId, Set<VideoId>> relevant = new TreeMap<>();
    Map<UserId, Map<VideoId, Double>> watched = new HashMap<>();
    Catalog catalog = trained.catalog();
    for (Interaction i : window) {
      if (i.clicked() && !trained.histories().of(i.user()).hasWatched(i.video())) {
        relevant.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
        double fraction = Math.min(1, i.watchSeconds() / (double) catalog.get(i.video()).durationSeconds());
        watched.computeIfAbsent(i.user(), u -> new HashMap<>()).merge(i.video(), Math.max(fraction, 1e-3), Math::max);
      }
    }
    Map<VideoId, Integer> popularity = new HashMap<>();
    for (Interaction i : train) {
      popularity.merge(i.video(), 1, Integer::sum);
    }
    Map<String, RuleChainReranker> chains = new LinkedHashMap<>();
    variants.forEach((name, config) -> chains.put(name, trained.reranker(config)));
    Map<String, List<double[]>> perUser = new LinkedHashMap<>();
    Map<String, List<List<VideoId>>> lists = new LinkedHashMap<>();
    // The value model's scores (and its click head's, for the click-only row) under every chain.
    Funnel funnel = trained.funnel().withRanker(trained.ranker());
    for (Map.Entry<UserId, Set<VideoId>> e : relevant.entrySet()) {
      RequestContext ctx = trained.context(e.getKey(), requestTime, k);
      List<ScoredCandidate> scored = funnel.rank(ctx).scored();
      List<ScoredCandidate> byClicks = new ArrayList<>(scored.size());
      for (ScoredCandidate c : scored) {
        byClicks.add(c.withScore(c.clickProbability()));
      }
      for (Map.Entry<String, RuleChainReranker> chain : chains.entrySet()) {
        List<VideoId> ids = new ArrayList<>();
        List<ScoredCandidate> input = chain.getKey().equals(CLICK_ONLY) ? byClicks : scored;
        for (Recommendation r : funnel.rerank(ctx, input, chain.getValue(), new Trace(e.getKey()))) {
          ids.add(r.video());
        }
        double bait = Double.NaN;
        double minutes = Double.NaN;
        if (truth != null && !ids.isEmpty()) {
          bait = ids.stream().filter(truth::isClickbait).count() / (double) ids.size();
          minutes = 0;
          for (int p = 0; p < ids.size(); p++) {
            minutes += truth.expectedWatchSeconds(e.getKey(), ids.get(p), requestTime, p) / 60;
          }
        }
        perUser.computeIfAbsent(chain.getKey(), n -> new ArrayList<>()).add(new double[] {
            Metrics.ndcgAtK(ids, e.getValue(), k), Metrics.ndcgAtK(ids, watched.get(e.getKey()), k),
            ListMetrics.intraListDiversity(ids, trained.similarity()),
            ListMetrics.creatorCoverage(ids, catalog), ListMetrics.topicCoverage(ids, catalog), bait, minutes,
            ListMetrics.novelty(ids, popularity, catalog.size())});
        lists.computeIfAbsent(chain.getKey(), n -> new ArrayList<>()).add(ids);
      }
    }
    Map<String, Row> out = new LinkedHashMap<>();
    for (String name : chains.keySet()) {
      double[] mean = new double[8];
      List<double[]> rows = perUser.getOrDefault(name, List.of());
      for (double[] r : rows) {
        for (int m = 0; m < mean.length; m++) {
          mean[m] += r[m] / rows.size();
        }
      }
      List<List<VideoId>> all = lists.getOrDefault(name, List.of());
      out.put(name, new Row(mean[0], mean[1], mean[2], mean[3], mean[4], mean[5], mean[6], mean[7],
          ListMetrics.catalogueCoverage(all, catalog.size()), ListMetrics.exposureGini(all, catalog)));
    }
    return out;
  }
}

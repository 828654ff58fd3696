package dev.videorec.app;

import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.embedding.ImplicitAlsConfig;
import dev.videorec.candidates.embedding.ImplicitAlsTrainer;
import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.candidates.source.CandidateMixer;
import dev.videorec.candidates.source.EmbeddingCandidateSource;
import dev.videorec.candidates.source.PopularityCandidateSource;
import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.data.LeakageCheck;
import dev.videorec.data.UserHistories;
import dev.videorec.ranking.CtrBaselineRanker;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.ClickModelConfig;
import dev.videorec.ranking.model.ClickModelTrainer;
import dev.videorec.ranking.model.NeuralRanker;
import dev.videorec.reranking.AlreadyWatchedFilter;
import dev.videorec.reranking.CreatorCapSelector;
import dev.videorec.reranking.RuleChainReranker;
import dev.videorec.reranking.TruncateSelector;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Trains every stage on a training log and assembles the funnel. The one place where the stage modules meet.
 *
 * @param embeddingQuota  candidates asked of the personalised embedding source
 * @param popularityQuota candidates asked of the popularity source
 * @param maxPerCreator   the re-ranking cap on videos per creator
 * @param seed            seed of every trained component
 */
public record FunnelBuilder(int embeddingQuota, int popularityQuota, int maxPerCreator, long seed) {
  public static final int DEFAULT_EMBEDDING_QUOTA = 200;
  public static final int DEFAULT_POPULARITY_QUOTA = 100;
  public static final int DEFAULT_MAX_PER_CREATOR = 2;
  public static final String EMBEDDING_SOURCE = "mf-embedding";

  public FunnelBuilder {
    if (embeddingQuota < 1 || popularityQuota < 1) {
      throw new IllegalArgumentException("quotas must be >= 1, got embedding=" + embeddingQuota + " popularity="
          + popularityQuota);
    }
    if (maxPerCreator < 1) {
      throw new IllegalArgumentException("maxPerCreator must be >= 1, got " + maxPerCreator);
    }
  }

  public static FunnelBuilder defaults(long seed) {
    return new FunnelBuilder(DEFAULT_EMBEDDING_QUOTA, DEFAULT_POPULARITY_QUOTA, DEFAULT_MAX_PER_CREATOR, seed);
  }

  /**
   * Everything trained, kept separately so that evaluation can compare each stage with its baseline.
   *
   * @param embeddings  the MF user and video embeddings
   * @param retrieval   personalised retrieval over the embeddings
   * @param popular     the popularity source (and retrieval baseline)
   * @param ranker      the deep click model
   * @param ctrBaseline the smoothed-CTR ranking baseline
   * @param histories   every user's watches as of the end of training
   * @param funnel      the assembled funnel
   * @param trainSeconds wall seconds per trained component: MF, ranker
   */
  public record Trained(EmbeddingModel embeddings, EmbeddingCandidateSource retrieval,
                        PopularityCandidateSource popular, NeuralRanker ranker, CtrBaselineRanker ctrBaseline,
                        UserHistories histories, Funnel funnel, double mfSeconds, double rankerSeconds) {}

  /**
   * Trains on {@code train}, a time-ordered log that must end before {@code trainEnd}.
   *
   * @throws IllegalStateException if anything in {@code train} is at or after {@code trainEnd} (leakage)
   */
  public Trained train(List<Interaction> train, long trainEnd, Catalog catalog, Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    LeakageCheck.requireBefore("the funnel's training log", train, trainEnd);
    long t0 = System.nanoTime();
    progress.accept("training implicit ALS embeddings on " + train.size() + " interactions");
    EmbeddingModel mf = new ImplicitAlsTrainer(ImplicitAlsConfig.defaults(seed)).train(train, catalog);
    ExactIndex index = new ExactIndex(mf.videoVectors(), Similarity.DOT_PRODUCT);
    EmbeddingCandidateSource retrieval = new EmbeddingCandidateSource(EMBEDDING_SOURCE, mf, index);
    PopularityCandidateSource popular = PopularityCandidateSource.fromLog(PopularityCandidateSource.NAME, train);
    double mfSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    progress.accept("training the deep click model");
    NeuralRanker ranker = new ClickModelTrainer(ClickModelConfig.defaults(seed)).train(train, catalog, progress);
    double rankerSeconds = (System.nanoTime() - t1) / 1e9;
    PointInTimeFeatures ctrFeatures = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    ctrFeatures.replay(train, null);
    CtrBaselineRanker ctr = new CtrBaselineRanker(ctrFeatures.freeze());

    CandidateMixer mixer = new CandidateMixer(List.of(
        new CandidateMixer.Quota(retrieval, embeddingQuota),
        new CandidateMixer.Quota(popular, popularityQuota)));
    RuleChainReranker reranker = new RuleChainReranker(
        List.of(new AlreadyWatchedFilter()),
        List.of(new CreatorCapSelector(catalog, maxPerCreator), new TruncateSelector()));
    Funnel funnel = new Funnel(mixer, ranker, reranker);
    return new Trained(mf, retrieval, popular, ranker, ctr, UserHistories.of(train), funnel, mfSeconds,
        rankerSeconds);
  }
}

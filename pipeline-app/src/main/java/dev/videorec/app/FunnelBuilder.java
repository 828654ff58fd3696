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
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.data.LeakageCheck;
import dev.videorec.data.UserHistories;
import dev.videorec.ranking.CtrBaselineRanker;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.ClickModelConfig;
import dev.videorec.ranking.model.ClickModelTrainer;
import dev.videorec.ranking.model.NeuralRanker;
import dev.videorec.reranking.EmbeddingSimilarity;
import dev.videorec.reranking.ItemSimilarity;
import dev.videorec.reranking.RuleChainReranker;
import dev.videorec.reranking.config.RerankConfig;
import dev.videorec.reranking.config.RerankResources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Trains every stage on a training log and assembles the funnel. The one place where the stage modules meet.
 *
 * @param embeddingQuota  candidates asked of the personalised embedding source
 * @param popularityQuota candidates asked of the popularity source
 * @param rerank          the re-ranking chain
 * @param seed            seed of every trained component
 */
public record FunnelBuilder(int embeddingQuota, int popularityQuota, RerankConfig rerank, long seed) {
  public static final int DEFAULT_EMBEDDING_QUOTA = 200;
  public static final int DEFAULT_POPULARITY_QUOTA = 100;
  public static final String EMBEDDING_SOURCE = "mf-embedding";
  /** The default re-ranking chain, a resource beside this class. */
  public static final String DEFAULT_RERANK_RESOURCE = "rerank-default.json";

  public FunnelBuilder {
    if (embeddingQuota < 1 || popularityQuota < 1) {
      throw new IllegalArgumentException("quotas must be >= 1, got embedding=" + embeddingQuota + " popularity="
          + popularityQuota);
    }
    Objects.requireNonNull(rerank, "rerank");
  }

  public static FunnelBuilder defaults(long seed) {
    return new FunnelBuilder(DEFAULT_EMBEDDING_QUOTA, DEFAULT_POPULARITY_QUOTA, defaultRerankConfig(), seed);
  }

  /** The same builder with another re-ranking chain. */
  public FunnelBuilder withRerank(RerankConfig config) {
    return new FunnelBuilder(embeddingQuota, popularityQuota, config, seed);
  }

  /** The chain in {@value #DEFAULT_RERANK_RESOURCE}. */
  public static RerankConfig defaultRerankConfig() {
    try (InputStream in = FunnelBuilder.class.getResourceAsStream(DEFAULT_RERANK_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + DEFAULT_RERANK_RESOURCE + " is missing from the build");
      }
      return RerankConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DEFAULT_RERANK_RESOURCE, e);
    }
  }

  /**
   * Everything trained, kept separately so that evaluation can compare each stage with its baseline.
   *
   * @param catalog       the catalogue
   * @param embeddings    the MF user and video embeddings
   * @param similarity    cosine similarity of the MF video embeddings, for re-ranking
   * @param retrieval     personalised retrieval over the embeddings
   * @param popular       the popularity source (and retrieval baseline)
   * @param mixer         the candidate mixer over both sources
   * @param ranker        the deep click model
   * @param ctrBaseline   the smoothed-CTR ranking baseline
   * @param histories     every user's watches and dislikes as of the end of training
   * @param profiles      every known user's profile
   * @param funnel        the assembled funnel
   * @param mfSeconds     wall seconds to train the embeddings and build the index
   * @param rankerSeconds wall seconds to train the click model
   */
  public record Trained(Catalog catalog, EmbeddingModel embeddings, ItemSimilarity similarity,
                        EmbeddingCandidateSource retrieval, PopularityCandidateSource popular, CandidateMixer mixer,
                        NeuralRanker ranker, CtrBaselineRanker ctrBaseline, UserHistories histories,
                        Map<UserId, User> profiles, Funnel funnel, double mfSeconds, double rankerSeconds) {
    /** The context of a request by {@code user} at {@code time} for {@code k} videos. */
    public RequestContext context(UserId user, long time, int k) {
      User profile = profiles.getOrDefault(user, new User(user, dev.videorec.core.Video.UNKNOWN));
      return new RequestContext(new RecommendationRequest(user, time, k), profile, histories.of(user));
    }

    /** A re-ranking chain over this funnel's catalogue and similarity. */
    public RuleChainReranker reranker(RerankConfig config) {
      return config.build(new RerankResources(catalog, similarity));
    }
  }

  /**
   * Trains on {@code train}, a time-ordered log that must end before {@code trainEnd}.
   *
   * @param users every known user's profile
   * @throws IllegalStateException if anything in {@code train} is at or after {@code trainEnd} (leakage)
   */
  public Trained train(List<Interaction> train, long trainEnd, Catalog catalog, List<User> users,
                       Consumer<String> progress) {
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

    Map<VideoId, float[]> vectors = new HashMap<>();
    float[][] all = mf.videoVectors();
    for (int i = 0; i < all.length; i++) {
      vectors.put(mf.video(i), all[i]);
    }
    ItemSimilarity similarity = new EmbeddingSimilarity(vectors);
    CandidateMixer mixer = new CandidateMixer(List.of(
        new CandidateMixer.Quota(retrieval, embeddingQuota),
        new CandidateMixer.Quota(popular, popularityQuota)));
    RuleChainReranker reranker = rerank.build(new RerankResources(catalog, similarity));
    Map<UserId, User> profiles = new HashMap<>();
    users.forEach(u -> profiles.put(u.id(), u));
    return new Trained(catalog, mf, similarity, retrieval, popular, mixer, ranker, ctr, UserHistories.of(train),
        Map.copyOf(profiles), new Funnel(mixer, ranker, reranker), mfSeconds, rankerSeconds);
  }
}

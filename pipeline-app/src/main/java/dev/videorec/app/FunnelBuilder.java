package dev.videorec.app;

import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.embedding.ImplicitAlsConfig;
import dev.videorec.candidates.embedding.ImplicitAlsTrainer;
import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.candidates.embedding.UserEmbedder;
import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.candidates.index.HnswConfig;
import dev.videorec.candidates.index.HnswIndex;
import dev.videorec.candidates.index.VectorIndex;
import dev.videorec.candidates.source.CandidateMixer;
import dev.videorec.candidates.source.CandidateMixerConfig;
import dev.videorec.candidates.source.EmbeddingCandidateSource;
import dev.videorec.candidates.source.FreshCandidateSource;
import dev.videorec.candidates.source.ItemToItemCandidateSource;
import dev.videorec.candidates.source.MixerConfigException;
import dev.videorec.candidates.source.PopularityCandidateSource;
import dev.videorec.candidates.source.SubscriptionCandidateSource;
import dev.videorec.candidates.source.TrendingCandidateSource;
import dev.videorec.candidates.twotower.TwoTowerConfig;
import dev.videorec.candidates.twotower.TwoTowerModel;
import dev.videorec.candidates.twotower.TwoTowerTrainer;
import dev.videorec.core.Catalog;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.Subscription;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import dev.videorec.data.LeakageCheck;
import dev.videorec.data.UserHistories;
import dev.videorec.ranking.CtrBaselineRanker;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.MultiTaskConfig;
import dev.videorec.ranking.model.MultiTaskTrainer;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Trains every stage on a training log and assembles the funnel. The one place where the stage modules meet.
 *
 * <p>Candidate sources, all trained or built as of the end of training: {@value #TWO_TOWER_SOURCE} (the two-tower
 * model's dynamic user embedding against its video vectors), {@value #ITEM_TO_ITEM_SOURCE} (neighbours of recent
 * watches among the same vectors), {@value #SUBSCRIPTIONS_SOURCE}, {@value #FRESH_SOURCE}, {@value
 * #TRENDING_SOURCE} (regional, time-decayed), {@value #POPULAR_SOURCE} (all-time) and {@value #MF_SOURCE}. The
 * mixer configuration chooses among them and sets their quotas and budgets; the default,
 * {@value #DEFAULT_MIXER_RESOURCE}, leaves out {@value #FRESH_SOURCE} (see the candidate-gen README for the measured
 * trade-off) and {@value #MF_SOURCE} (the baseline). The implicit-ALS embeddings are trained too, as the
 * retrieval baseline of the offline evaluation; re-ranking's item similarity is the cosine of the two-tower video
 * vectors.
 *
 * @param mixer  which sources run, with their quotas and time budgets
 * @param rerank the re-ranking chain
 * @param seed   seed of every trained component
 */
public record FunnelBuilder(CandidateMixerConfig mixer, RerankConfig rerank, long seed) {
  public static final String TWO_TOWER_SOURCE = "two-tower";
  public static final String ITEM_TO_ITEM_SOURCE = "item-to-item";
  public static final String SUBSCRIPTIONS_SOURCE = "subscriptions";
  public static final String FRESH_SOURCE = "fresh";
  public static final String TRENDING_SOURCE = "trending";
  public static final String POPULAR_SOURCE = PopularityCandidateSource.NAME;
  /** The implicit-ALS source: evaluated beside the others, not in the default mixer. */
  public static final String MF_SOURCE = "mf-embedding";
  /** The default re-ranking chain, a resource beside this class. */
  public static final String DEFAULT_RERANK_RESOURCE = "rerank-default.json";
  /** The default candidate mixer, a resource beside this class. */
  public static final String DEFAULT_MIXER_RESOURCE = "mixer-default.json";
  /** From this many videos on, retrieval searches an HNSW graph instead of scanning every vector. */
  public static final int HNSW_THRESHOLD = 50_000;
  static final int WARM_UP_REQUESTS = 200;

  /** Every source the builder builds, which a mixer configuration may name. */
  public static final Set<String> SOURCES = Set.of(TWO_TOWER_SOURCE, ITEM_TO_ITEM_SOURCE, SUBSCRIPTIONS_SOURCE,
      FRESH_SOURCE, TRENDING_SOURCE, POPULAR_SOURCE, MF_SOURCE);

  /** @throws MixerConfigException if the mixer names a source this builder does not build */
  public FunnelBuilder {
    Objects.requireNonNull(mixer, "mixer");
    Objects.requireNonNull(rerank, "rerank");
    for (String name : mixer.names()) {
      if (!SOURCES.contains(name)) {
        throw new MixerConfigException("source '" + name + "' is not available; available: "
            + new TreeSet<>(SOURCES));
      }
    }
  }

  public static FunnelBuilder defaults(long seed) {
    return new FunnelBuilder(defaultMixerConfig(), defaultRerankConfig(), seed);
  }

  /** The same builder with another re-ranking chain. */
  public FunnelBuilder withRerank(RerankConfig config) {
    return new FunnelBuilder(mixer, config, seed);
  }

  /** The same builder with another candidate mixer. */
  public FunnelBuilder withMixer(CandidateMixerConfig config) {
    return new FunnelBuilder(config, rerank, seed);
  }

  /** The chain in {@value #DEFAULT_RERANK_RESOURCE}. */
  public static RerankConfig defaultRerankConfig() {
    return RerankConfig.parse(resource(DEFAULT_RERANK_RESOURCE));
  }

  /** The mixer in {@value #DEFAULT_MIXER_RESOURCE}. */
  public static CandidateMixerConfig defaultMixerConfig() {
    return CandidateMixerConfig.parse(resource(DEFAULT_MIXER_RESOURCE));
  }

  private static String resource(String name) {
    try (InputStream in = FunnelBuilder.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  /**
   * Everything trained, kept separately so that evaluation can compare each stage with its baseline.
   *
   * @param catalog          the catalogue
   * @param embeddings       the MF user and video embeddings
   * @param twoTower         the two-tower model
   * @param similarity       cosine similarity of the two-tower video vectors, for re-ranking
   * @param sources          every candidate source by name, those the mixer does not use included
   * @param popular          the popularity source (and retrieval baseline)
   * @param mixer            the candidate mixer
   * @param ranker           the deep multi-task ranker (click and watch heads, value model)
   * @param ctrBaseline      the smoothed-CTR ranking baseline
   * @param histories        every user's watches and dislikes as of the end of training
   * @param profiles         every known user's profile
   * @param funnel           the assembled funnel
   * @param mfSeconds        wall seconds to train the MF embeddings
   * @param twoTowerSeconds  wall seconds to train the two-tower model and build its index
   * @param rankerSeconds    wall seconds to train the ranker
   */
  public record Trained(Catalog catalog, EmbeddingModel embeddings, TwoTowerModel twoTower, ItemSimilarity similarity,
                        Map<String, CandidateSource> sources, PopularityCandidateSource popular,
                        CandidateMixer mixer, NeuralRanker ranker, CtrBaselineRanker ctrBaseline,
                        UserHistories histories, Map<UserId, User> profiles, Funnel funnel, double mfSeconds,
                        double twoTowerSeconds, double rankerSeconds) {
    /** The context of a request by {@code user} at {@code time} for {@code k} videos. */
    public RequestContext context(UserId user, long time, int k) {
      User profile = profiles.getOrDefault(user, new User(user, dev.videorec.core.Video.UNKNOWN));
      return new RequestContext(new RecommendationRequest(user, time, k), profile, histories.of(user));
    }

    /** A re-ranking chain over this funnel's catalogue and similarity. */
    public RuleChainReranker reranker(RerankConfig config) {
      return config.build(new RerankResources(catalog, similarity));
    }

    /** The source named {@code name}. */
    public CandidateSource source(String name) {
      CandidateSource s = sources.get(name);
      if (s == null) {
        throw new IllegalArgumentException("no source named '" + name + "'; sources: " + sources.keySet());
      }
      return s;
    }
  }

  /**
   * Trains on {@code train}, a time-ordered log that must end before {@code trainEnd}.
   *
   * @param users         every known user's profile
   * @param subscriptions every subscription (those starting after a request are ignored by it)
   * @throws IllegalStateException    if anything in {@code train} is at or after {@code trainEnd} (leakage)
   * @throws IllegalArgumentException if the mixer configuration names a source that does not exist
   */
  public Trained train(List<Interaction> train, long trainEnd, Catalog catalog, List<User> users,
                       List<Subscription> subscriptions, Consumer<String> progress) {
    Objects.requireNonNull(progress, "progress");
    LeakageCheck.requireBefore("the funnel's training log", train, trainEnd);
    Map<UserId, User> profiles = new HashMap<>();
    users.forEach(u -> profiles.put(u.id(), u));

    // 1. Retrieval: the MF baseline, the two-tower model and the sources over them.
    long t0 = System.nanoTime();
    progress.accept("training implicit ALS embeddings on " + train.size() + " interactions");
    EmbeddingModel mf = new ImplicitAlsTrainer(ImplicitAlsConfig.defaults(seed)).train(train, catalog);
    double mfSeconds = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    progress.accept("training the two-tower retrieval model");
    TwoTowerModel twoTower = new TwoTowerTrainer(TwoTowerConfig.defaults(seed)).train(train, catalog, users,
        line -> progress.accept("  " + line));
    VideoEmbeddings videos = twoTower.videoEmbeddings(catalog.videos(), trainEnd);
    VectorIndex videoIndex = index(videos.vectors(), progress);
    double twoTowerSeconds = (System.nanoTime() - t1) / 1e9;

    Map<String, CandidateSource> sources = new LinkedHashMap<>();
    // Dynamic user embeddings; a user without history is left to trending and popularity, which say why.
    UserEmbedder dynamic = twoTower.dynamicUsers();
    UserEmbedder withHistory = ctx -> ctx.history().watched().isEmpty() ? Optional.empty() : dynamic.embed(ctx);
    sources.put(TWO_TOWER_SOURCE, new EmbeddingCandidateSource(TWO_TOWER_SOURCE, withHistory, videos, videoIndex));
    sources.put(ITEM_TO_ITEM_SOURCE, new ItemToItemCandidateSource(ITEM_TO_ITEM_SOURCE, videos, videoIndex,
        ItemToItemCandidateSource.DEFAULT_SEEDS));
    sources.put(SUBSCRIPTIONS_SOURCE, new SubscriptionCandidateSource(SUBSCRIPTIONS_SOURCE, subscriptions, catalog,
        SubscriptionCandidateSource.DEFAULT_MAX_AGE_SECONDS));
    sources.put(FRESH_SOURCE, new FreshCandidateSource(FRESH_SOURCE, catalog,
        FreshCandidateSource.DEFAULT_MAX_AGE_SECONDS));
    sources.put(TRENDING_SOURCE, TrendingCandidateSource.fromLog(TRENDING_SOURCE, train,
        u -> profiles.containsKey(u) ? profiles.get(u).region() : Video.UNKNOWN, trainEnd,
        TrendingCandidateSource.DEFAULT_HALF_LIFE_SECONDS));
    PopularityCandidateSource popular = PopularityCandidateSource.fromLog(POPULAR_SOURCE, train);
    sources.put(POPULAR_SOURCE, popular);
    sources.put(MF_SOURCE, new EmbeddingCandidateSource(MF_SOURCE, mf,
        new ExactIndex(mf.videoVectors(), Similarity.DOT_PRODUCT)));
    CandidateMixer candidateMixer = CandidateMixer.fromConfig(mixer, sources, CandidateMixer.defaultExecutor());

    // 2. Ranking.
    long t2 = System.nanoTime();
    progress.accept("training the deep multi-task ranker");
    NeuralRanker ranker = new MultiTaskTrainer(MultiTaskConfig.defaults(seed)).train(train, catalog, users, progress);
    double rankerSeconds = (System.nanoTime() - t2) / 1e9;
    PointInTimeFeatures ctrFeatures = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
    ctrFeatures.replay(train, null);
    CtrBaselineRanker ctr = new CtrBaselineRanker(ctrFeatures.freeze());

    // 3. Re-ranking, with the two-tower video vectors as the item similarity (they cover every video uploaded by
    // the end of training, not only those with clicks).
    Map<VideoId, float[]> vectors = new HashMap<>();
    for (int i = 0; i < videos.size(); i++) {
      vectors.put(videos.id(i), videos.vector(i));
    }
    ItemSimilarity similarity = new EmbeddingSimilarity(vectors);
    RuleChainReranker reranker = rerank.build(new RerankResources(catalog, similarity));
    Trained trained = new Trained(catalog, mf, twoTower, similarity, Map.copyOf(sources), popular, candidateMixer,
        ranker, ctr, UserHistories.of(train), Map.copyOf(profiles), new Funnel(candidateMixer, ranker, reranker),
        mfSeconds, twoTowerSeconds, rankerSeconds);
    warmUp(trained, trainEnd);
    return trained;
  }

  /**
   * Serves {@value #WARM_UP_REQUESTS} requests before the funnel is handed out, as a server does before taking
   * traffic: the first requests of a fresh JVM run interpreted code and would overrun the sources' time budgets.
   */
  private static void warmUp(Trained trained, long time) {
    List<UserId> users = new ArrayList<>(new TreeSet<>(trained.histories().users()));
    for (int i = 0; i < Math.min(WARM_UP_REQUESTS, users.size()); i++) {
      trained.funnel().recommend(trained.context(users.get(i), time, 10));
    }
  }

  /** Exact search for a small catalogue; an HNSW graph (built on all cores) from {@value #HNSW_THRESHOLD} up. */
  private VectorIndex index(float[][] vectors, Consumer<String> progress) {
    if (vectors.length < HNSW_THRESHOLD) {
      return new ExactIndex(vectors, Similarity.COSINE);
    }
    progress.accept("building the HNSW index over " + vectors.length + " video vectors");
    HnswConfig config = new HnswConfig(HnswConfig.DEFAULT_M, HnswConfig.DEFAULT_EF_CONSTRUCTION,
        HnswConfig.DEFAULT_EF_SEARCH, seed);
    return HnswIndex.build(vectors, Similarity.COSINE, config, Runtime.getRuntime().availableProcessors(), null);
  }
}

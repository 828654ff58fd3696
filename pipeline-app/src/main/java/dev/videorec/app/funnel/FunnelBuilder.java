package dev.videorec.app.funnel;

import dev.videorec.candidates.cf.EaseConfig;
import dev.videorec.candidates.cf.EaseTrainer;
import dev.videorec.candidates.cf.ItemItemModel;
import dev.videorec.candidates.cf.ItemKnnConfig;
import dev.videorec.candidates.cf.ItemKnnTrainer;
import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.source.ItemItemCandidateSource;
import dev.videorec.core.stage.Ranker;
import dev.videorec.ranking.BoostedTreeRanker;
import dev.videorec.ranking.SourceOrderRanker;
import dev.videorec.ranking.features.CandidateFeatures;
import dev.videorec.ranking.trees.BoostedTrees;
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
import dev.videorec.core.Candidate;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
 * @param cf     the item-based collaborative models to train beside the others, and the stacked ranker that
 *               replaces the deep ranker in the funnel when there is one ({@link Collaborative#NONE}: neither)
 */
public record FunnelBuilder(CandidateMixerConfig mixer, RerankConfig rerank, long seed, Collaborative cf) {
  public static final String TWO_TOWER_SOURCE = "two-tower";
  public static final String ITEM_TO_ITEM_SOURCE = "item-to-item";
  public static final String SUBSCRIPTIONS_SOURCE = "subscriptions";
  public static final String FRESH_SOURCE = "fresh";
  public static final String TRENDING_SOURCE = "trending";
  public static final String POPULAR_SOURCE = PopularityCandidateSource.NAME;
  /** The implicit-ALS source: evaluated beside the others, not in the default mixer. */
  public static final String MF_SOURCE = "mf-embedding";
  /** EASE over the user's clicked history, when {@link Collaborative#ease()} is set. */
  public static final String EASE_SOURCE = "ease";
  /** Item-kNN over the user's clicked history, when {@link Collaborative#itemKnn()} is set. */
  public static final String ITEM_KNN_SOURCE = "item-knn";
  /** Item-kNN over the user's {@value #RECENT_HISTORY} latest clicks only: what they are into now. */
  public static final String RECENT_SOURCE = "item-knn-recent";
  /** The clicks the {@value #RECENT_SOURCE} and {@value #EASE_RECENT_SOURCE} sources look at. */
  public static final int RECENT_HISTORY = 10;
  /** EASE over the user's {@value #RECENT_HISTORY} latest clicks only. */
  public static final String EASE_RECENT_SOURCE = "ease-recent";

  /**
   * The item-based collaborative models trained beside the others, and the stacked ranker.
   *
   * @param ease         EASE's hyper-parameters, or null not to train it
   * @param itemKnn      item-kNN's hyper-parameters, or null not to train it
   * @param stack        boosted trees over the sources' attributions ({@link BoostedTreeRanker}), replacing the
   *                     deep ranker in the funnel; or null to rank with the deep ranker
   * @param stackSources the sources whose attributions the trees read, in feature order (empty without trees)
   * @param rankBy       without trees: the source whose own order ranks the funnel's candidates
   *                     ({@link SourceOrderRanker}), or null for the deep ranker
   */
  public record Collaborative(EaseConfig ease, ItemKnnConfig itemKnn, BoostedTrees stack,
                              List<String> stackSources, String rankBy) {
    /** No collaborative models, the deep ranker. */
    public static final Collaborative NONE = new Collaborative(null, null, null, List.of(), null);

    public Collaborative {
      stackSources = List.copyOf(stackSources);
      if (stack != null && stackSources.isEmpty()) {
        throw new IllegalArgumentException("a stacked ranker needs the sources it reads");
      }
      if (stack != null && rankBy != null) {
        throw new IllegalArgumentException("rank by trees or by a source's order, not both");
      }
    }
  }

  /** A builder without collaborative models: the deep ranker ranks. */
  public FunnelBuilder(CandidateMixerConfig mixer, RerankConfig rerank, long seed) {
    this(mixer, rerank, seed, Collaborative.NONE);
  }
  /** The default re-ranking chain, a resource beside this class. */
  public static final String DEFAULT_RERANK_RESOURCE = "rerank-default.json";
  /** The default candidate mixer, a resource beside this class. */
  public static final String DEFAULT_MIXER_RESOURCE = "mixer-default.json";
  /** From this many videos on, retrieval searches an HNSW graph instead of scanning every vector. */
  public static final int HNSW_THRESHOLD = 50_000;
  static final int WARM_UP_REQUESTS = 200;

  /** Every source the builder builds, which a mixer configuration may name. */
  public static final Set<String> SOURCES = Set.of(TWO_TOWER_SOURCE, ITEM_TO_ITEM_SOURCE, SUBSCRIPTIONS_SOURCE,
      FRESH_SOURCE, TRENDING_SOURCE, POPULAR_SOURCE, MF_SOURCE, EASE_SOURCE, ITEM_KNN_SOURCE, RECENT_SOURCE,
      EASE_RECENT_SOURCE);

  /** @throws MixerConfigException if the mixer names a source this builder does not build */
  public FunnelBuilder {
    Objects.requireNonNull(mixer, "mixer");
    Objects.requireNonNull(rerank, "rerank");
    Objects.requireNonNull(cf, "cf");
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
    return new FunnelBuilder(mixer, config, seed, cf);
  }

  /** The same builder with another candidate mixer. */
  public FunnelBuilder withMixer(CandidateMixerConfig config) {
    return new FunnelBuilder(config, rerank, seed, cf);
  }

  /** The chain in {@value #DEFAULT_RERANK_RESOURCE}. */
  public static RerankConfig defaultRerankConfig() {
    return RerankConfig.parse(resource(DEFAULT_RERANK_RESOURCE));
  }

  /** The mixer in {@value #DEFAULT_MIXER_RESOURCE}. */
  public static CandidateMixerConfig defaultMixerConfig() {
    return CandidateMixerConfig.parse(resource(DEFAULT_MIXER_RESOURCE));
  }

  /** The text of {@value #DEFAULT_MIXER_RESOURCE}. */
  public static String defaultMixerJson() {
    return resource(DEFAULT_MIXER_RESOURCE);
  }

  /** The text of {@value #DEFAULT_RERANK_RESOURCE}. */
  public static String defaultRerankJson() {
    return resource(DEFAULT_RERANK_RESOURCE);
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
   * The trained models, before the funnel is assembled around them: what {@link dev.videorec.app.model.ModelDirectory} saves and loads.
   *
   * @param mf              the MF retrieval baseline, or {@code null} when it was not trained (serving does not
   *                        need it)
   * @param twoTower        the two-tower model
   * @param videoIndex      the index over the two-tower video vectors of every video uploaded by the end of
   *                        training, or {@code null} to build it while assembling
   * @param ranker          the deep multi-task ranker
   * @param mfSeconds       wall seconds to train the MF embeddings (0 when loaded)
   * @param twoTowerSeconds wall seconds to train the two-tower model and build its index (0 when loaded)
   * @param rankerSeconds   wall seconds to train the ranker (0 when loaded)
   */
  public record Models(EmbeddingModel mf, TwoTowerModel twoTower, VectorIndex videoIndex, NeuralRanker ranker,
                       double mfSeconds, double twoTowerSeconds, double rankerSeconds, ItemItemModel ease,
                       ItemItemModel itemKnn) {
    public Models {
      Objects.requireNonNull(twoTower, "twoTower");
      Objects.requireNonNull(ranker, "ranker");
    }

    /** Models without the item-based collaborative ones. */
    public Models(EmbeddingModel mf, TwoTowerModel twoTower, VectorIndex videoIndex, NeuralRanker ranker,
                  double mfSeconds, double twoTowerSeconds, double rankerSeconds) {
      this(mf, twoTower, videoIndex, ranker, mfSeconds, twoTowerSeconds, rankerSeconds, null, null);
    }
  }

  /**
   * Everything trained, kept separately so that evaluation can compare each stage with its baseline.
   *
   * @param catalog          the catalogue
   * @param models           the trained models
   * @param videoVectors     the two-tower vectors of every video uploaded by the end of training
   * @param videoIndex       the index over {@code videoVectors}
   * @param similarity       cosine similarity of the two-tower video vectors, for re-ranking
   * @param sources          every candidate source by name, those the mixer does not use included
   * @param popular          the popularity source (and retrieval baseline)
   * @param mixer            the candidate mixer as the server runs it, each source within its budget ({@code
   *                         funnel}'s offline candidate generation runs the same sources to completion)
   * @param ctr              the smoothed-CTR ranking baseline, built on first use (evaluation compares against it;
   *                         serving never asks)
   * @param histories        every user's watches and dislikes as of the end of training
   * @param profiles         every known user's profile
   * @param funnel           the assembled funnel
   * @param trainEnd         when training ended: every model has seen the log up to here only
   */
  public record Trained(Catalog catalog, Models models, VideoEmbeddings videoVectors, VectorIndex videoIndex,
                        ItemSimilarity similarity, Map<String, CandidateSource> sources,
                        PopularityCandidateSource popular, CandidateMixer mixer,
                        java.util.function.Supplier<CtrBaselineRanker> ctr,
                        UserHistories histories, Map<UserId, User> profiles, Funnel funnel, long trainEnd) {
    /** The smoothed-CTR ranking baseline. */
    public CtrBaselineRanker ctrBaseline() {
      return ctr.get();
    }

    /**
     * Makes re-ranking's similarity table whole on a background thread ({@link EmbeddingSimilarity#complete}):
     * assembly leaves it reading rows from the video vectors as requests need them, which keeps it out of start-up
     * but costs requests a few percent until it is whole. Returns at once; the lists never change.
     */
    public void completeSimilarityInBackground() {
      if (similarity instanceof EmbeddingSimilarity table) {
        Thread t = new Thread(table::complete, "similarity-table");
        t.setDaemon(true);
        t.start();
      }
    }

    /** The MF embeddings, when they were trained. */
    public Optional<EmbeddingModel> embeddings() {
      return Optional.ofNullable(models.mf());
    }

    public TwoTowerModel twoTower() {
      return models.twoTower();
    }

    /** The deep multi-task ranker (click and watch heads, value model). */
    public NeuralRanker ranker() {
      return models.ranker();
    }

    /** The context of a request by {@code user} at {@code time} for {@code k} videos, with the history as of
     *  the end of training. */
    public RequestContext context(UserId user, long time, int k) {
      return context(user, time, k, histories);
    }

    /** The context of a request by {@code user} at {@code time} for {@code k} videos, with history from
     *  {@code history}. */
    public RequestContext context(UserId user, long time, int k, UserHistories history) {
      User profile = profiles.getOrDefault(user, new User(user, dev.videorec.core.Video.UNKNOWN));
      return new RequestContext(new RecommendationRequest(user, time, k), profile, history.of(user));
    }

    /** A re-ranking chain over this funnel's catalogue and similarity. */
    public RuleChainReranker reranker(RerankConfig config) {
      return config.build(new RerankResources(catalog, similarity, popular::clicks));
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

    // 1. Retrieval: the MF baseline and the two-tower model with its index.
    long t0 = System.nanoTime();
    progress.accept("training implicit ALS embeddings on " + train.size() + " interactions");
    EmbeddingModel mf = new ImplicitAlsTrainer(ImplicitAlsConfig.defaults(seed)).train(train, catalog);
    double mfSeconds = (System.nanoTime() - t0) / 1e9;
    ItemItemModel[] cfModels = trainCollaborative(train, progress);
    long t1 = System.nanoTime();
    progress.accept("training the two-tower retrieval model");
    TwoTowerModel twoTower = new TwoTowerTrainer(TwoTowerConfig.defaults(seed)).train(train, catalog, users,
        line -> progress.accept("  " + line));
    VideoEmbeddings videos = twoTower.videoEmbeddings(catalog.videos(), trainEnd);
    VectorIndex videoIndex = index(videos.vectors(), progress);
    double twoTowerSeconds = (System.nanoTime() - t1) / 1e9;

    // 2. Ranking.
    long t2 = System.nanoTime();
    progress.accept("training the deep multi-task ranker");
    NeuralRanker ranker = new MultiTaskTrainer(MultiTaskConfig.defaults(seed)).train(train, catalog, users, progress);
    double rankerSeconds = (System.nanoTime() - t2) / 1e9;
    return assemble(new Models(mf, twoTower, videoIndex, ranker, mfSeconds, twoTowerSeconds, rankerSeconds,
            cfModels[0], cfModels[1]),
        videos, train, trainEnd, catalog, users, subscriptions, CandidateMixer.defaultExecutor(), progress);
  }

  /** EASE and item-kNN as {@link #cf()} asks (null where it does not). */
  public ItemItemModel[] trainCollaborative(List<Interaction> train, Consumer<String> progress) {
    ItemItemModel ease = null;
    ItemItemModel knn = null;
    if (cf.ease() != null) {
      progress.accept("training EASE (lambda " + cf.ease().lambda() + ")");
      ease = new EaseTrainer(cf.ease()).train(train);
      if (ease.kind().contains("minSupport=")) {
        progress.accept(String.format(java.util.Locale.ROOT, "  EASE keeps the %,d most clicked videos, at most "
            + "its limit of %,d: %s", ease.itemCount(), cf.ease().maxItems(), ease.kind()));
      }
    }
    if (cf.itemKnn() != null) {
      progress.accept("training item-kNN (k " + cf.itemKnn().neighbours() + ")");
      knn = new ItemKnnTrainer(cf.itemKnn()).train(train);
    }
    return new ItemItemModel[] {ease, knn};
  }

  /**
   * Builds the funnel around trained (or loaded) models: the candidate sources over the training log, the mixer,
   * the CTR baseline and the re-ranking chain; then warms it up.
   *
   * @param videos   the two-tower vectors of the catalogue as of {@code trainEnd}, or {@code null} to compute them
   * @param executor runs the candidate sources; owned by the caller
   */
  public Trained assemble(Models models, VideoEmbeddings videos, List<Interaction> train, long trainEnd,
                          Catalog catalog, List<User> users, List<Subscription> subscriptions,
                          ExecutorService executor, Consumer<String> progress) {
    return assemble(models, videos, train, trainEnd, catalog, users, subscriptions, executor, progress, true);
  }

  /**
   * As above, with or without the warm-up: a caller that warms the funnel up itself (a server, through its own
   * request path) skips this one.
   */
  public Trained assemble(Models models, VideoEmbeddings videos, List<Interaction> train, long trainEnd,
                          Catalog catalog, List<User> users, List<Subscription> subscriptions,
                          ExecutorService executor, Consumer<String> progress, boolean warmUp) {
    Objects.requireNonNull(models, "models");
    LeakageCheck.requireBefore("the funnel's training log", train, trainEnd);
    Map<UserId, User> profiles = new HashMap<>();
    users.forEach(u -> profiles.put(u.id(), u));
    if (videos == null) {
      progress.accept("computing the two-tower vectors of " + catalog.size() + " videos");
      videos = models.twoTower().videoEmbeddings(catalog.videos(), trainEnd);
    }
    VectorIndex videoIndex = models.videoIndex() != null ? models.videoIndex() : index(videos.vectors(), progress);
    if (videoIndex.size() != videos.size() || videoIndex.dimension() != videos.dimension()) {
      throw new IllegalArgumentException("the video index holds " + videoIndex.size() + " vectors of dimension "
          + videoIndex.dimension() + ", but the catalogue has " + videos.size() + " videos of dimension "
          + videos.dimension() + " as of the end of training");
    }

    // The structures built over the whole catalogue or log do not depend on each other: they are built side by
    // side (on two threads at least), and put in place in the same order as before, so the funnel is the same.
    final VideoEmbeddings table = videos;
    Trained trained;
    try (Parallel.Group steps = new Parallel.Group("funnel-assembly",
        Math.max(2, Runtime.getRuntime().availableProcessors()))) {
      Future<SubscriptionCandidateSource> subscribed = steps.fork(() -> new SubscriptionCandidateSource(
          SUBSCRIPTIONS_SOURCE, subscriptions, catalog, SubscriptionCandidateSource.DEFAULT_MAX_AGE_SECONDS));
      // The fresh source sorts the whole catalogue; when the mixer does not run it (the default), it is built the
      // first time something asks it for candidates (an evaluation of every source).
      java.util.function.Supplier<CandidateSource> freshSource = () -> new FreshCandidateSource(FRESH_SOURCE,
          catalog, FreshCandidateSource.DEFAULT_MAX_AGE_SECONDS);
      Future<CandidateSource> fresh = mixer.names().contains(FRESH_SOURCE) ? steps.fork(freshSource::get) : null;
      Future<TrendingCandidateSource> trending = steps.fork(() -> TrendingCandidateSource.fromLog(TRENDING_SOURCE,
          train, u -> profiles.containsKey(u) ? profiles.get(u).region() : Video.UNKNOWN, trainEnd,
          TrendingCandidateSource.DEFAULT_HALF_LIFE_SECONDS));
      Future<PopularityCandidateSource> popularity = steps.fork(() -> PopularityCandidateSource.fromLog(
          POPULAR_SOURCE, train));
      java.util.function.Supplier<CtrBaselineRanker> ctr = new Once<>(() -> {
        PointInTimeFeatures ctrFeatures = new PointInTimeFeatures(catalog, PointInTimeFeatures.topicCount(catalog));
        ctrFeatures.replay(train, null);
        return new CtrBaselineRanker(ctrFeatures.freeze());
      });
      // Re-ranking's item similarity: the two-tower video vectors (they cover every video uploaded by the end of
      // training, not only those with clicks).
      Future<ItemSimilarity> similarityStep = steps.fork(() -> {
        // The table's ids as a view (each made when read), not a catalogue-sized list of new objects.
        List<VideoId> ids = new java.util.AbstractList<>() {
          @Override
          public VideoId get(int i) {
            return table.id(i);
          }

          @Override
          public int size() {
            return table.size();
          }
        };
        // Read from the table as requests need rows: no normalised copy of a catalogue's vectors to make at start.
        return new EmbeddingSimilarity(ids, table);
      });
      Future<UserHistories> historiesStep = steps.fork(() -> UserHistories.of(train));
      Future<Ranker> stackStep = cf.stack() == null ? null : steps.fork(
          () -> new BoostedTreeRanker(new CandidateFeatures(cf.stackSources(), catalog, train), cf.stack()));

      Map<String, CandidateSource> sources = new LinkedHashMap<>();
      // Dynamic user embeddings; a user without history is left to trending and popularity, which say why.
      UserEmbedder dynamic = models.twoTower().dynamicUsers();
      UserEmbedder withHistory = ctx -> ctx.history().watched().isEmpty() ? Optional.empty() : dynamic.embed(ctx);
      sources.put(TWO_TOWER_SOURCE, new EmbeddingCandidateSource(TWO_TOWER_SOURCE, withHistory, videos, videoIndex));
      sources.put(ITEM_TO_ITEM_SOURCE, new ItemToItemCandidateSource(ITEM_TO_ITEM_SOURCE, videos, videoIndex,
          ItemToItemCandidateSource.DEFAULT_SEEDS));
      sources.put(SUBSCRIPTIONS_SOURCE, Parallel.Group.join(subscribed));
      sources.put(FRESH_SOURCE, fresh != null ? Parallel.Group.join(fresh) : onFirstUse(FRESH_SOURCE, freshSource));
      sources.put(TRENDING_SOURCE, Parallel.Group.join(trending));
      PopularityCandidateSource popular = Parallel.Group.join(popularity);
      sources.put(POPULAR_SOURCE, popular);
      if (models.mf() != null) {
        sources.put(MF_SOURCE, new EmbeddingCandidateSource(MF_SOURCE, models.mf(),
            new ExactIndex(models.mf().videoVectors(), Similarity.DOT_PRODUCT)));
      }
      if (models.ease() != null) {
        sources.put(EASE_SOURCE, new ItemItemCandidateSource(EASE_SOURCE, models.ease(), 0));
        sources.put(EASE_RECENT_SOURCE, new ItemItemCandidateSource(EASE_RECENT_SOURCE, models.ease(),
            RECENT_HISTORY));
      }
      if (models.itemKnn() != null) {
        sources.put(ITEM_KNN_SOURCE, new ItemItemCandidateSource(ITEM_KNN_SOURCE, models.itemKnn(), 0));
        sources.put(RECENT_SOURCE, new ItemItemCandidateSource(RECENT_SOURCE, models.itemKnn(), RECENT_HISTORY));
      }
      for (String name : mixer.names()) {
        if (!sources.containsKey(name)) {
          throw new MixerConfigException("source '" + name + "' is in the mixer but its model was not trained");
        }
      }
      CandidateMixer candidateMixer = CandidateMixer.fromConfig(mixer, sources, executor);
      // Offline jobs run every source to completion, so that their results do not depend on the machine's load.
      CandidateMixer offlineMixer = CandidateMixer.fromConfig(mixer.withoutBudgets(), sources, executor);
      Ranker funnelRanker = models.ranker();
      if (stackStep != null) {
        funnelRanker = Parallel.Group.join(stackStep);
      } else if (cf.rankBy() != null) {
        funnelRanker = new SourceOrderRanker(cf.rankBy());
      }
      ItemSimilarity similarity = Parallel.Group.join(similarityStep);
      RuleChainReranker reranker = rerank.build(new RerankResources(catalog, similarity, popular::clicks));
      trained = new Trained(catalog, models, videos, videoIndex, similarity, Map.copyOf(sources), popular,
          candidateMixer, ctr, Parallel.Group.join(historiesStep), Map.copyOf(profiles),
          new Funnel(offlineMixer::mix, funnelRanker, reranker).withServingCandidates(candidateMixer::mix), trainEnd);
    }
    if (warmUp) {
      // A caller that takes a warm funnel is not waiting on the first second of its requests.
      trained.completeSimilarityInBackground();
      warmUp(trained, trainEnd);
    }
    return trained;
  }

  /** A source named {@code name}, built by {@code make} the first time it is asked for candidates. */
  private static CandidateSource onFirstUse(String name, java.util.function.Supplier<CandidateSource> make) {
    Once<CandidateSource> source = new Once<>(make);
    return new CandidateSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public List<Candidate> candidates(RequestContext context, int limit) {
        return source.get().candidates(context, limit);
      }
    };
  }

  /** A value computed by the first caller that asks for it; later callers get the same one. */
  private static final class Once<T> implements java.util.function.Supplier<T> {
    private java.util.function.Supplier<T> make;
    private T value;

    Once(java.util.function.Supplier<T> make) {
      this.make = make;
    }

    @Override
    public synchronized T get() {
      if (make != null) {
        value = make.get();
        make = null;
      }
      return value;
    }
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
    dev.videorec.core.io.Progress shown = dev.videorec.core.io.Progress.start("  HNSW build, videos", vectors.length,
        progress);
    HnswIndex index = HnswIndex.build(vectors, Similarity.COSINE, config, Runtime.getRuntime().availableProcessors(),
        (done, total) -> shown.set(done));
    shown.finish();
    return index;
  }
}

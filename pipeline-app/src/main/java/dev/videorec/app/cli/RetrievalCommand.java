package dev.videorec.app.cli;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.embedding.ImplicitAlsConfig;
import dev.videorec.candidates.embedding.ImplicitAlsTrainer;
import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.candidates.eval.RetrievalEvaluation;
import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.candidates.source.EmbeddingCandidateSource;
import dev.videorec.candidates.source.PopularityCandidateSource;
import dev.videorec.candidates.twotower.TwoTowerConfig;
import dev.videorec.candidates.twotower.TwoTowerModel;
import dev.videorec.candidates.twotower.TwoTowerTrainer;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.CandidateSource;
import dev.videorec.data.Dataset;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.UserHistories;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.util.function.Function;

/**
 * {@code videorec retrieval}: trains every retrieval model on the same global temporal split and compares their
 * recall, overall and on the tail.
 */
@Command(name = "retrieval", sortOptions = false, description = {"train every retrieval model on one temporal "
    + "split and compare recall, overall and on the tail", "",
    "Trains popularity, implicit-ALS matrix factorization and the two-tower model (with and without the logQ "
        + "correction) on the first 80%% of the log's time span and measures recall@50/100/200 of the videos each "
        + "user clicks in the last 10%%, overall and on the tail (the 80%% least-clicked videos). Requests are issued "
        + "at the start of the test window with the history the platform has then; the validation window in "
        + "between is the age of the trained embeddings, which static user embeddings do not see and dynamic ones "
        + "do.", ""})
public final class RetrievalCommand extends BaseCommand {
  static final String POPULAR = "popularity";
  static final String MF = "mf (implicit ALS)";
  static final String TWO_TOWER_NO_LOGQ = "two-tower, no logQ";
  static final String TWO_TOWER_STATIC = "two-tower + logQ, static user";
  static final String TWO_TOWER = "two-tower + logQ";

  @Mixin
  Datasets datasets;

  @Option(names = "--epochs", paramLabel = "N", description = "two-tower training epochs (default ${DEFAULT-VALUE})")
  int epochs = TwoTowerConfig.DEFAULT_EPOCHS;

  @Option(names = "--seed", paramLabel = "N", description = "seed of every model (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--out", paramLabel = "FILE.md", description = "also write the table and timings as Markdown")
  Path outFile;

  @Override
  int execute() {
    inRange("--epochs", epochs, 1, 1000);
    writable("--out", outFile);
    Dataset dataset = datasets.load(err);
    TemporalSplit split = TemporalSplit.atFractions(dataset.interactions(), Datasets.TRAIN_FRACTION,
        Datasets.VALIDATION_FRACTION);
    if (split.test().isEmpty()) {
      throw new IllegalArgumentException("the test window (last 10% of the time span) is empty");
    }
    long requestTime = split.validationEnd();
    out.printf(Locale.ROOT, "train < %s (%,d impressions), requests at %s, test window %,d impressions%n",
        Instant.ofEpochSecond(split.trainEnd()), split.train().size(), Instant.ofEpochSecond(requestTime),
        split.test().size());

    Map<String, Double> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    PopularityCandidateSource popular = PopularityCandidateSource.fromLog(POPULAR, split.train());
    seconds.put(POPULAR, (System.nanoTime() - t) / 1e9);

    err.println("training implicit ALS");
    t = System.nanoTime();
    EmbeddingModel mf = new ImplicitAlsTrainer(ImplicitAlsConfig.defaults(seed)).train(split.train(),
        dataset.catalog());
    seconds.put(MF, (System.nanoTime() - t) / 1e9);
    CandidateSource mfSource = new EmbeddingCandidateSource(MF, mf,
        new ExactIndex(mf.videoVectors(), Similarity.DOT_PRODUCT));

    TwoTowerConfig config = TwoTowerConfig.defaults(seed).withEpochs(epochs);
    err.println("training the two-tower model without logQ");
    t = System.nanoTime();
    TwoTowerModel plain = new TwoTowerTrainer(config.withLogQCorrection(false)).train(split.train(),
        dataset.catalog(), dataset.users(), line -> err.println("  " + line));
    seconds.put(TWO_TOWER_NO_LOGQ, (System.nanoTime() - t) / 1e9);
    err.println("training the two-tower model with logQ");
    t = System.nanoTime();
    TwoTowerModel corrected = new TwoTowerTrainer(config).train(split.train(), dataset.catalog(), dataset.users(),
        line -> err.println("  " + line));
    seconds.put(TWO_TOWER, (System.nanoTime() - t) / 1e9);

    // Requests see every watch before them; static user vectors were computed at the end of training.
    Map<UserId, User> profiles = new HashMap<>();
    dataset.users().forEach(u -> profiles.put(u.id(), u));
    List<Interaction> beforeRequest = new ArrayList<>(split.train());
    beforeRequest.addAll(split.validation());
    UserHistories now = UserHistories.of(beforeRequest);
    UserHistories atTrainEnd = UserHistories.of(split.train());
    Function<UserId, RequestContext> contextNow = user -> context(user, requestTime, profiles, now);
    List<RequestContext> batch = new ArrayList<>();
    for (UserId user : atTrainEnd.users()) {
      batch.add(context(user, split.trainEnd(), profiles, atTrainEnd));
    }
    List<CandidateSource> sources = List.of(popular, mfSource,
        twoTower(TWO_TOWER_NO_LOGQ, plain, plain.dynamicUsers(), dataset, requestTime),
        twoTower(TWO_TOWER_STATIC, corrected, corrected.staticUsers(batch), dataset, requestTime),
        twoTower(TWO_TOWER, corrected, corrected.dynamicUsers(), dataset, requestTime));
    List<VideoId> catalogue = new ArrayList<>();
    for (Video v : dataset.videos()) {
      if (v.uploadTime() <= requestTime) {
        catalogue.add(v.id());
      }
    }
    Set<VideoId> tail = RetrievalEvaluation.tail(split.train(), catalogue);
    err.println("evaluating");
    RetrievalEvaluation.Report report = RetrievalEvaluation.evaluate(split.test(), tail, sources, contextNow,
        n -> err.printf(Locale.ROOT, "  evaluated %,d users%n", n));

    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%,d users with %,d positives (%,d users with a tail positive); tail = "
        + "the %d%% least-clicked of %,d videos%n%n", report.users(), report.positives(), report.tailUsers(),
        100 - RetrievalEvaluation.HEAD_PERCENT, catalogue.size()));
    md.append(report.markdown()).append('\n');
    MarkdownTable training = new MarkdownTable("model", "training seconds");
    seconds.forEach((name, s) -> training.row(name, MarkdownTable.number(s, 1)));
    md.append(training);
    return report(md, outFile, null);
  }

  private static RequestContext context(UserId user, long time, Map<UserId, User> profiles, UserHistories h) {
    User profile = profiles.getOrDefault(user, new User(user, Video.UNKNOWN));
    return new RequestContext(new RecommendationRequest(user, time, 10), profile, h.of(user));
  }

  private static CandidateSource twoTower(String name, TwoTowerModel model,
                                          dev.videorec.candidates.embedding.UserEmbedder users, Dataset dataset,
                                          long asOf) {
    VideoEmbeddings videos = model.videoEmbeddings(dataset.videos(), asOf);
    return new EmbeddingCandidateSource(name, users, videos, new ExactIndex(videos.vectors(), Similarity.COSINE));
  }
}

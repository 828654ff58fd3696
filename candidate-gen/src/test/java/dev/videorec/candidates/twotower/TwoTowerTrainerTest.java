package dev.videorec.candidates.twotower;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.candidates.index.ExactIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.candidates.source.EmbeddingCandidateSource;
import dev.videorec.core.Candidate;
import dev.videorec.core.Interaction;
import dev.videorec.core.RecommendationRequest;
import dev.videorec.core.RequestContext;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.data.UserHistories;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TwoTowerTrainerTest {
  private static final PopularitySkewWorld WORLD = new PopularitySkewWorld(11);
  private static final int K = 10;
  private static TwoTowerConfig config;
  private static TwoTowerTrainer.Trained corrected;
  private static TwoTowerModel correctedModel;

  /** Small towers and batches: the world has 400 videos and 4,800 training clicks. */
  static TwoTowerConfig smallConfig(boolean logQ) {
    return new TwoTowerConfig(16, 8, 32, 16, 20, 0.1, 128, 6, 0.01, 0.0, logQ, 5);
  }

  @BeforeAll
  static void train() {
    config = smallConfig(true);
    corrected = new TwoTowerTrainer(config).trainGraph(WORLD.train, WORLD.catalog, WORLD.users, line -> { });
    correctedModel = corrected.export();
  }

  /** Mean over users of the top-K's mean popularity rank within the topic, and recall@K of the test clicks. */
  private record Exposure(double meanRank, double recall) {}

  private static Exposure exposure(TwoTowerModel model) {
    VideoEmbeddings videos = model.videoEmbeddings(WORLD.catalog.videos(), PopularitySkewWorld.SPLIT);
    EmbeddingCandidateSource source = new EmbeddingCandidateSource("tt", model.dynamicUsers(), videos,
        new ExactIndex(videos.vectors(), Similarity.COSINE));
    UserHistories histories = UserHistories.of(WORLD.train);
    Map<UserId, Set<VideoId>> later = WORLD.test.stream().collect(Collectors.groupingBy(Interaction::user,
        Collectors.mapping(Interaction::video, Collectors.toSet())));
    double rankSum = 0;
    double recallSum = 0;
    int recallUsers = 0;
    for (User u : WORLD.users) {
      UserHistory h = histories.of(u.id());
      RequestContext ctx = new RequestContext(new RecommendationRequest(u.id(), PopularitySkewWorld.SPLIT, K), u, h);
      List<Candidate> top = source.candidates(ctx, K);
      double ranks = 0;
      for (Candidate c : top) {
        ranks += PopularitySkewWorld.popularityRank(c.video());
      }
      rankSum += ranks / top.size();
      Set<VideoId> relevant = new HashSet<>(later.getOrDefault(u.id(), Set.of()));
      relevant.removeIf(h::hasWatched);
      if (!relevant.isEmpty()) {
        long hits = top.stream().filter(c -> relevant.contains(c.video())).count();
        recallSum += hits / (double) relevant.size();
        recallUsers++;
      }
    }
    return new Exposure(rankSum / WORLD.users.size(), recallSum / recallUsers);
  }

  @Test
  void logQCorrectionUndoesThePopularityPenaltyOfInBatchNegatives() {
    // Within a topic, clicks are proportional to popularity, which is also how often a video is an in-batch
    // negative. Uncorrected, the two cancel: the model learns P(v|u)/Q(v), flat within the topic, and retrieves
    // the topic's videos about uniformly (mean rank near 50 of 100). Corrected, it learns P(v|u) and retrieves the
    // popular head the users actually click (mean rank near 13: the top few are already watched). With the sign
    // flipped, it learns P(v|u)/Q(v)²
    // and prefers the tail. Thresholds leave room for training noise; the measured values are printed.
    Exposure right = exposure(correctedModel);
    Exposure none = exposure(new TwoTowerTrainer(smallConfig(false)).train(WORLD.train, WORLD.catalog,
        WORLD.users, line -> { }));
    Exposure flipped = exposure(new TwoTowerTrainer(config, -1f).train(WORLD.train, WORLD.catalog, WORLD.users,
        line -> { }));
    String figures = "mean popularity rank of the top " + K + ": corrected " + right.meanRank() + ", none "
        + none.meanRank() + ", flipped " + flipped.meanRank() + "; recall@" + K + ": corrected " + right.recall()
        + ", none " + none.recall() + ", flipped " + flipped.recall();
    System.out.println(figures);
    assertTrue(right.meanRank() < 20, figures);
    assertTrue(none.meanRank() > right.meanRank() + 15, figures);
    assertTrue(flipped.meanRank() > none.meanRank() + 10, figures);
    assertTrue(right.recall() > none.recall() + 0.05, figures);
    assertTrue(none.recall() > flipped.recall(), figures);
  }

  @Test
  void exportedTowersReproduceTheTrainedGraph() {
    UserHistories histories = UserHistories.of(WORLD.train);
    for (User u : WORLD.users.subList(0, 5)) {
      List<VideoId> watched = histories.of(u.id()).watched();
      float[] graph = corrected.graph().userVector(corrected.features(), watched, u, PopularitySkewWorld.SPLIT);
      float[] plain = correctedModel.userVector(watched, u, PopularitySkewWorld.SPLIT);
      assertArrayEquals(graph, plain, 1e-4f, "user " + u.id());
    }
    assertEquals(16, correctedModel.dimension());
    float[] v = correctedModel.videoVector(WORLD.catalog.videos().iterator().next(), 0);
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertEquals(1.0, Math.sqrt(norm), 1e-4, "tower outputs are L2-normalised");
  }

  @Test
  void sameSeedTrainsTheSameModel() {
    TwoTowerModel again = new TwoTowerTrainer(config).train(WORLD.train, WORLD.catalog, WORLD.users, line -> { });
    for (int id : new int[] {0, 57, 399}) {
      var video = WORLD.catalog.get(new VideoId(id));
      assertArrayEquals(correctedModel.videoVector(video, 0), again.videoVector(video, 0), "video " + id);
    }
  }

  @Test
  void dynamicUserEmbeddingsFollowNewWatchesStaticOnesDoNot() {
    User u = WORLD.users.get(0);
    UserHistory before = UserHistories.of(WORLD.train).of(u.id());
    RequestContext batchTime = new RequestContext(new RecommendationRequest(u.id(), PopularitySkewWorld.SPLIT, K),
        u, before);
    List<VideoId> more = new ArrayList<>();
    // Three watches in another topic since the batch ran.
    for (int r = 0; r < 3; r++) {
      more.add(new VideoId(PopularitySkewWorld.id(3, r)));
    }
    more.addAll(before.watched());
    RequestContext now = new RequestContext(new RecommendationRequest(u.id(), PopularitySkewWorld.SPLIT + 60, K), u,
        new UserHistory(u.id(), more));
    var dynamic = correctedModel.dynamicUsers();
    var staticUsers = correctedModel.staticUsers(List.of(batchTime));
    assertArrayEquals(dynamic.embed(batchTime).orElseThrow(), staticUsers.embed(batchTime).orElseThrow(),
        "at batch time both agree");
    assertArrayEquals(staticUsers.embed(batchTime).orElseThrow(), staticUsers.embed(now).orElseThrow(),
        "a static vector does not see later watches");
    assertFalse(java.util.Arrays.equals(dynamic.embed(batchTime).orElseThrow(), dynamic.embed(now).orElseThrow()),
        "a dynamic vector does");
    UserId stranger = new UserId(10_000);
    RequestContext cold = new RequestContext(new RecommendationRequest(stranger, 0, K), new User(stranger, "r0"),
        UserHistory.empty(stranger));
    assertTrue(staticUsers.embed(cold).isEmpty(), "static: unknown users have no vector");
    assertTrue(dynamic.embed(cold).isPresent(), "dynamic: the user tower runs on the profile alone");
  }

  @Test
  void saveAndLoadGiveIdenticalVectorsAndBadFilesAreRejected(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path saved = dir.resolve("two-tower");
    correctedModel.save(saved);
    TwoTowerModel loaded = TwoTowerFiles.load(saved, WORLD.catalog);
    UserHistories histories = UserHistories.of(WORLD.train);
    for (User u : WORLD.users.subList(0, 5)) {
      List<VideoId> watched = histories.of(u.id()).watched();
      assertArrayEquals(correctedModel.userVector(watched, u, PopularitySkewWorld.SPLIT),
          loaded.userVector(watched, u, PopularitySkewWorld.SPLIT));
    }
    for (var video : WORLD.catalog.videos()) {
      assertArrayEquals(correctedModel.videoVector(video, PopularitySkewWorld.SPLIT),
          loaded.videoVector(video, PopularitySkewWorld.SPLIT));
    }
    assertEquals(config, loaded.config());
    assertEquals(java.util.List.of("two-tower"), java.nio.file.Files.list(dir).map(p -> p.getFileName().toString())
        .toList(), "no temporary directory is left behind");

    java.nio.file.Path weights = saved.resolve(TwoTowerFiles.WEIGHTS_FILE);
    byte[] bytes = java.nio.file.Files.readAllBytes(weights);
    bytes[bytes.length / 2] ^= 1;
    java.nio.file.Files.write(weights, bytes);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TwoTowerFiles.load(saved, WORLD.catalog))
        .getMessage().endsWith("checksum mismatch (corrupt or replaced)"));
    java.nio.file.Path meta = saved.resolve(TwoTowerFiles.METADATA_FILE);
    java.nio.file.Files.writeString(meta, java.nio.file.Files.readString(meta)
        .replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> TwoTowerFiles.load(saved, WORLD.catalog))
        .getMessage().contains("format videorec-two-tower v9, expected videorec-two-tower v1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> TwoTowerFiles.load(dir.resolve("missing"), WORLD.catalog)).getMessage()
        .contains("holds no saved two-tower model"));
  }

  @Test
  void rejectsLogsItCannotTrainOn() {
    TwoTowerTrainer trainer = new TwoTowerTrainer(config);
    List<Interaction> reversed = new ArrayList<>(WORLD.train.subList(0, 10));
    java.util.Collections.reverse(reversed);
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> trainer.train(reversed, WORLD.catalog, WORLD.users, line -> { })).getMessage()
        .startsWith("log is not in time order"));
    assertEquals("the two-tower model needs at least 2 clicks, got 1", assertThrows(IllegalArgumentException.class,
        () -> trainer.train(WORLD.train.subList(0, 1), WORLD.catalog, WORLD.users, line -> { })).getMessage());
    List<Interaction> unknown = List.of(new Interaction(new UserId(1), new VideoId(99_999), 0, 0, true, 1),
        new Interaction(new UserId(1), new VideoId(1), 1, 0, true, 1));
    assertThrows(IllegalArgumentException.class,
        () -> trainer.train(unknown, WORLD.catalog, WORLD.users, line -> { }));
  }

  @Test
  void sparseLookUpsTrainTheOneHotGraphsModel() {
    // The world's 400 videos train with one-hot products; forcing sparse look-ups from row 0 trains with the tables
    // outside the graph and their Adam steps deferred, which must give the same model up to float rounding.
    List<String> lines = new ArrayList<>();
    TwoTowerTrainer.Trained sparse = new TwoTowerTrainer(config, 1f, 0)
        .trainGraph(WORLD.train, WORLD.catalog, WORLD.users, lines::add);
    assertTrue(lines.get(0).contains("sparse"), lines.get(0));
    assertTrue(sparse.graph().sparse);
    assertFalse(corrected.graph().sparse, "a 400-video world uses the one-hot graph");
    TwoTowerModel model = sparse.export();
    UserHistories histories = UserHistories.of(WORLD.train);
    for (User u : WORLD.users.subList(0, 5)) {
      List<VideoId> watched = histories.of(u.id()).watched();
      assertArrayEquals(sparse.graph().userVector(sparse.features(), watched, u, PopularitySkewWorld.SPLIT),
          model.userVector(watched, u, PopularitySkewWorld.SPLIT), 1e-4f, "user " + u.id());
    }
    double gap = 0;
    for (var video : WORLD.catalog.videos()) {
      float[] a = correctedModel.videoVector(video, PopularitySkewWorld.SPLIT);
      float[] b = model.videoVector(video, PopularitySkewWorld.SPLIT);
      for (int j = 0; j < a.length; j++) {
        gap = Math.max(gap, Math.abs(a[j] - b[j]));
      }
    }
    Exposure oneHot = exposure(correctedModel);
    Exposure lazy = exposure(model);
    String figures = "largest difference of a video vector's entry " + gap + "; one-hot: mean rank "
        + oneHot.meanRank() + ", recall@" + K + " " + oneHot.recall() + "; sparse: mean rank " + lazy.meanRank()
        + ", recall " + lazy.recall();
    System.out.println(figures);
    assertTrue(gap < 1e-4, figures);
    assertEquals(oneHot.recall(), lazy.recall(), 1e-9, figures);
    assertEquals(oneHot.meanRank(), lazy.meanRank(), 1e-9, figures);
    TwoTowerModel again = new TwoTowerTrainer(config, 1f, 0).train(WORLD.train, WORLD.catalog, WORLD.users,
        line -> { });
    var video = WORLD.catalog.get(new VideoId(57));
    assertArrayEquals(model.videoVector(video, 0), again.videoVector(video, 0), "same seed, same model");
  }

  @Test
  void aSparseAdamTableMovesEveryRowAsNd4jsAdamMovesADenseTable() {
    // ND4J's own Adam over the whole table, where rows a step does not use get a zero gradient, is the reference.
    // Row 0 is used at every step, row 1 every third step, row 2 at steps 0 and 250 only (a gap longer than the
    // replay's exact part), row 3 never; the table is read between steps, as training does.
    org.nd4j.linalg.learning.config.Adam adam = new org.nd4j.linalg.learning.config.Adam(0.01);
    int rows = 4;
    int width = 3;
    float[] start = new float[rows * width];
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    for (int j = 0; j < start.length; j++) {
      start[j] = (float) (random.nextDouble() - 0.5);
    }
    TwoTowerTrainer.SparseAdamTable table = new TwoTowerTrainer.SparseAdamTable(start.clone(), width, adam);
    org.nd4j.linalg.api.ndarray.INDArray params = org.nd4j.linalg.factory.Nd4j.create(start.clone(), rows, width);
    var updater = adam.instantiate(org.nd4j.linalg.factory.Nd4j.zeros(
        org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, adam.stateSize(rows * width)), true);
    for (int step = 0; step < 400; step++) {
      float[] g = new float[rows * width];
      for (int row = 0; row < 3; row++) {
        boolean used = row == 0 || row == 1 && step % 3 == 0 || row == 2 && (step == 0 || step == 250);
        if (!used) {
          continue;
        }
        float[] read = new float[width];
        table.addRow(row, 1f, read, 0);
        assertArrayEquals(params.getRow(row).toFloatVector(), read, 1e-5f, "row " + row + " read at step " + step);
        for (int j = 0; j < width; j++) {
          g[row * width + j] = (float) random.nextGaussian();
        }
        // Two look-ups of one row in a batch add up, as a history and a positive do.
        table.accumulate(row, g, row * width, 0.25f);
        table.accumulate(row, g, row * width, 0.75f);
      }
      table.step(step);
      org.nd4j.linalg.api.ndarray.INDArray update = org.nd4j.linalg.factory.Nd4j.create(g, rows, width);
      updater.applyUpdater(update, step, 0);
      params.subi(update);
    }
    float[][] trained = table.rows();
    for (int row = 0; row < rows; row++) {
      assertArrayEquals(params.getRow(row).toFloatVector(), trained[row], 1e-5f, "row " + row);
    }
    assertArrayEquals(java.util.Arrays.copyOfRange(start, 9, 12), trained[3], "a row never used does not move");
    assertThrows(IllegalStateException.class, () -> table.step(7), "steps come in order");
  }
}

package dev.videorec.app.cli;

import dev.videorec.app.evaluation.RerankingComparison;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.model.ModelDirectoryException;
import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.embedding.ImplicitAlsConfig;
import dev.videorec.candidates.embedding.ImplicitAlsTrainer;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.funnel.Funnel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.app.serving.RecommendServer;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.app.serving.ServingConfig;
import dev.videorec.core.UserId;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model directory workflow through the command line on a small synthetic world: generate, train, then
 * recommend, evaluate, simulate and serve from the saved directory.
 */
class ModelWorkflowTest {
  @TempDir
  static Path dir;
  private static Path data;
  private static Path model;
  private static String out;
  private static String err;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static int run(String... args) {
    Cli.Result r = Cli.run(args);
    out = r.out();
    err = r.err();
    return r.status();
  }

  @BeforeAll
  static void train() {
    data = dir.resolve("data");
    model = dir.resolve("model");
    assertEquals(0, run("generate", "--out", data.toString(), "--users", "300", "--videos", "1200", "--days", "12",
        "--seed", "3"), err);
    assertEquals(0, run("train", "--data", data.toString(), "--model", model.toString(), "--seed", "1"), err);
    assertTrue(out.startsWith("wrote " + model), out);
  }

  @AfterAll
  static void done() {
    // @TempDir cleans up.
  }

  @Test
  void theModelDirectoryHoldsEveryPart() throws Exception {
    for (String f : List.of("model.json", "mixer.json", "rerank.json", "two-tower/two-tower.json",
        "ranker/ranker.json", "ranker/network.zip", "ranker/network.bin", ModelDirectory.VIDEO_VECTORS_FILE)) {
      assertTrue(Files.isRegularFile(model.resolve(f)), f);
    }
    JsonNode meta = JSON.readTree(model.resolve("model.json").toFile());
    assertEquals("videorec-model", meta.get("format").asText());
    assertEquals(data.toAbsolutePath().toString(), meta.get("data").get("path").asText());
    assertEquals(64, meta.get("trainingLog").asText().length(), "a SHA-256 fingerprint");
  }

  @Test
  void aModelTrainedOnTheLogsLatestDaysReadsTheSameWindowOnEveryLoad() throws Exception {
    List<dev.videorec.core.Interaction> log = dev.videorec.data.DatasetReader.read(data).interactions();
    long since = log.get(log.size() / 2).timestamp();
    String sinceText = java.time.Instant.ofEpochSecond(since).toString();
    Path windowed = dir.resolve("windowed");
    assertEquals(0, run("train", "--data", data.toString(), "--model", windowed.toString(), "--seed", "1",
        "--since", sinceText), err);
    long kept = log.stream().filter(i -> i.timestamp() >= since).count();
    assertTrue(err.contains(String.format(java.util.Locale.ROOT, "of %,d interactions (from %s, before", kept,
        sinceText)), err);
    JsonNode meta = JSON.readTree(windowed.resolve("model.json").toFile());
    assertEquals(since, meta.get("data").get("since").asLong());
    assertTrue(JSON.readTree(model.resolve("model.json").toFile()).get("data").get("since").isNull(),
        "a model of the whole log records none");
    // Loaded from the binary copy, and from the CSV files of a copy of the dataset (files the binary copy was not
    // taken of, so they are parsed): the same window, the same lists.
    Path fromCsv = dir.resolve("data-copy");
    copyTree(data, fromCsv);
    ExecutorService pool = Serving.sourcePool(8);
    try {
      List<String> lines = new java.util.ArrayList<>();
      ModelDirectory.Loaded a = ModelDirectory.load(windowed, null, false, true, pool, line -> {});
      ModelDirectory.Loaded b = ModelDirectory.load(windowed, fromCsv, false, true, pool, lines::add);
      assertTrue(lines.stream().noneMatch(l -> l.contains(ModelDirectory.DATASET_FILE)), lines.toString());
      assertEquals(kept, a.dataset().interactions().size());
      assertEquals(a.dataset().interactions(), b.dataset().interactions());
      assertSameLists(a, b);
    } finally {
      pool.shutdownNow();
      deleteTree(fromCsv);
    }
    assertEquals(0, run("recommend", "--model", windowed.toString(), "--user", "1"), err);
    assertTrue(err.contains(", its log from " + sinceText), err);
    // A date reads as its midnight, UTC; bad values and other kinds of data are refused before anything is read.
    assertEquals(java.time.Instant.parse("2024-01-27T00:00:00Z").getEpochSecond(), TrainCommand.parseSince("2024-01-27"));
    Path none = dir.resolve("never-written");
    assertEquals(2, run("train", "--data", data.toString(), "--model", none.toString(), "--since", "yesterday"));
    assertTrue(err.contains("--since must be an ISO-8601 instant (2024-01-27T00:00:00Z) or a date (2024-01-27), "
        + "got 'yesterday'"), err);
    assertEquals(2, run("train", "--data", data.toString(), "--model", none.toString(), "--since",
        java.time.Instant.ofEpochSecond(log.get(log.size() - 1).timestamp() + 1).toString()));
    assertTrue(err.contains("has no interaction at or after"), err);
    assertFalse(Files.exists(none));
    deleteTree(windowed);
  }

  @Test
  void loadingGivesTheSameListsEveryTime() {
    ExecutorService pool = Serving.sourcePool(8);
    try {
      ModelDirectory.Loaded a = ModelDirectory.load(model, null, false, true, pool, line -> {});
      ModelDirectory.Loaded b = ModelDirectory.load(model, null, false, true, pool, line -> {});
      assertSameLists(a, b);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void savedVideoVectorsGiveTheListsTheVideoTowerGives() throws Exception {
    // A directory written before the vectors were saved: no file, and no checksum for it.
    Path older = dir.resolve("without-vectors");
    copyTree(model, older);
    Files.delete(older.resolve(ModelDirectory.VIDEO_VECTORS_FILE));
    com.fasterxml.jackson.databind.node.ObjectNode meta =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(older.resolve("model.json").toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) meta.get("checksums")).remove(ModelDirectory.VIDEO_VECTORS_FILE);
    ((com.fasterxml.jackson.databind.node.ObjectNode) meta.get("crc32c")).remove(ModelDirectory.VIDEO_VECTORS_FILE);
    JSON.writeValue(older.resolve("model.json").toFile(), meta);
    Files.writeString(older.resolve(ModelDirectory.METADATA_CHECKSUM_FILE),
        ModelDirectory.metadataChecksum(older) + "\n");
    ExecutorService pool = Serving.sourcePool(8);
    try {
      ModelDirectory.Loaded saved = ModelDirectory.load(model, null, false, true, pool, line -> {});
      ModelDirectory.Loaded computed = ModelDirectory.load(older, null, false, true, pool, line -> {});
      assertEquals(computed.trained().videoVectors().size(), saved.trained().videoVectors().size());
      for (int i = 0; i < saved.trained().videoVectors().size(); i++) {
        assertEquals(computed.trained().videoVectors().id(i), saved.trained().videoVectors().id(i));
        assertArrayEquals(computed.trained().videoVectors().vector(i), saved.trained().videoVectors().vector(i));
      }
      assertSameLists(computed, saved);
    } finally {
      pool.shutdownNow();
      deleteTree(older);
    }
  }

  @Test
  void theDatasetCopyStandsInForTheTextOnlyWhileItsFilesAreUnchanged() throws Exception {
    assertTrue(Files.isRegularFile(model.resolve(ModelDirectory.DATASET_FILE)));
    Path moved = dir.resolve("data-elsewhere");
    copyTree(data, moved);
    Path videos = data.resolve("videos.csv");
    java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(videos);
    ExecutorService pool = Serving.sourcePool(8);
    try {
      List<String> lines = new java.util.ArrayList<>();
      ModelDirectory.Loaded copy = ModelDirectory.load(model, null, false, true, pool, lines::add);
      assertTrue(lines.stream().anyMatch(l -> l.contains("from its copy " + ModelDirectory.DATASET_FILE)), lines
          .toString());
      lines.clear();
      ModelDirectory.Loaded text = ModelDirectory.load(model, moved, false, true, pool, lines::add);
      assertTrue(lines.stream().noneMatch(l -> l.contains("from its copy")), "--data elsewhere is read: " + lines);
      assertEquals(text.dataset().videos(), copy.dataset().videos());
      assertEquals(text.dataset().users(), copy.dataset().users());
      assertEquals(text.dataset().interactions(), copy.dataset().interactions());
      assertSameLists(text, copy);
      // A file touched since training: the text is read again.
      Files.setLastModifiedTime(videos, java.nio.file.attribute.FileTime.fromMillis(modified.toMillis() + 5_000));
      lines.clear();
      ModelDirectory.load(model, null, false, true, pool, lines::add);
      assertTrue(lines.stream().noneMatch(l -> l.contains("from its copy")), "a changed file is read: " + lines);
    } finally {
      Files.setLastModifiedTime(videos, modified);
      pool.shutdownNow();
      deleteTree(moved);
    }
  }

  @Test
  void factorsTrainedElsewhereTakeTheTwoTowerSourcesPlace() throws Exception {
    ExecutorService pool = Serving.sourcePool(8);
    try {
      ModelDirectory.Loaded base = ModelDirectory.load(model, null, false, true, pool, line -> {});
      EmbeddingModel factors = new ImplicitAlsTrainer(ImplicitAlsConfig.defaults(5)).train(base.split().train(),
          base.dataset().catalog());
      ModelDirectory.Factors info = new ModelDirectory.Factors("test-als", factors.dimension(), 0.1, 10, 3, 5,
          "given", "two-tower");
      Path withAls = dir.resolve("model-with-factors");
      ModelDirectory.withFactors(model, withAls, factors, info);
      assertEquals(info, ModelDirectory.check(withAls).factors());

      ModelDirectory.Loaded loaded = ModelDirectory.load(withAls, null, false, true, pool, line -> {});
      assertEquals(List.of("mf-embedding", "item-to-item", "subscriptions", "trending", "popular"),
          loaded.builder().mixer().names());
      assertTrue(java.util.Arrays.deepEquals(factors.videoVectors(), loaded.trained().models().mf().videoVectors()),
          "the saved factors are served, not factors trained on load");
      long time = loaded.split().trainEnd();
      int fromFactors = 0;
      for (int u = 0; u < 300; u += 7) {
        Funnel.Result r = loaded.trained().funnel().recommend(loaded.trained().context(new UserId(u), time, 10));
        fromFactors += (int) r.candidates().stream()
            .filter(x -> x.sources().stream().anyMatch(a -> a.source().equals("mf-embedding"))).count();
        assertTrue(r.candidates().stream().flatMap(x -> x.sources().stream())
            .noneMatch(a -> a.source().equals("two-tower")), "user " + u);
      }
      assertTrue(fromFactors > 0, "the factors' candidates reach the lists");

      // The copy is checked like any model, and refuses what would not make sense.
      Path file = withAls.resolve(ModelDirectory.MF_FACTORS_FILE);
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 1;
      Files.write(file, bytes);
      assertTrue(assertThrows(ModelDirectoryException.class,
          () -> ModelDirectory.load(withAls, null, false, true, pool, line -> {})).getMessage()
          .contains("does not match its checksum"));
      assertTrue(assertThrows(ModelDirectoryException.class,
          () -> ModelDirectory.withFactors(model, model, factors, info)).getMessage().contains("another directory"));
      ModelDirectory.withFactors(model, withAls, factors, info);
      assertTrue(assertThrows(ModelDirectoryException.class, () -> ModelDirectory.withFactors(withAls,
          dir.resolve("twice"), factors, info)).getMessage().contains("no 'two-tower' source"));

      EmbeddingModel foreign = new EmbeddingModel(java.util.Map.of(), List.of(new dev.videorec.core.VideoId(
          987_654)), new float[][] {new float[factors.dimension()]});
      Path foreignDir = dir.resolve("model-foreign-factors");
      ModelDirectory.withFactors(model, foreignDir, foreign, info);
      assertTrue(assertThrows(ModelDirectoryException.class,
          () -> ModelDirectory.load(foreignDir, null, false, true, pool, line -> {})).getMessage()
          .contains("not in the catalogue"));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Every 13th user's top 10 at the start of the test window is the same from both loads. */
  private static void assertSameLists(ModelDirectory.Loaded a, ModelDirectory.Loaded b) {
    long time = a.split().validationEnd();
    for (int u = 0; u < 300; u += 13) {
      UserId user = new UserId(u);
      assertEquals(ids(a.trained().funnel().recommend(a.trained().context(user, time, 10))),
          ids(b.trained().funnel().recommend(b.trained().context(user, time, 10))), "user " + u);
    }
  }

  private static List<Integer> ids(Funnel.Result r) {
    return r.recommendations().stream().map(x -> x.video().value()).toList();
  }

  @Test
  void recommendPrintsAnExplainedList() {
    assertEquals(0, run("recommend", "--model", model.toString(), "--user", "5", "--k", "4", "--explain"), err);
    assertTrue(out.startsWith("user 5, dynamic, 4 videos in "), out);
    assertTrue(out.contains("  1. v"), out);
    assertTrue(out.contains("retrieved by "), out);
    assertTrue(out.contains("stage candidate-gen"), out);
    assertEquals(0, run("recommend", "--model", model.toString(), "--user", "99999", "--region", "r1"), err);
    assertTrue(out.startsWith("user 99999, cold-start, 10 videos"), out);
  }

  @Test
  void badModelDirectoriesAndDataAreOneLineErrors() throws Exception {
    assertEquals(2, run("recommend", "--model", dir.resolve("nothing").toString(), "--user", "1"));
    assertEquals("videorec: " + dir.resolve("nothing") + " is not a model directory (model.json is missing; "
        + "'videorec train --model " + dir.resolve("nothing") + "' writes one)" + System.lineSeparator(), err);
    assertEquals(2, run("recommend", "--model", model.toString(), "--user", "1", "--mode", "fast"));
    assertEquals("videorec: recommend: --mode must be dynamic or static, got 'fast'" + System.lineSeparator(), err);
    // Other data than the model was trained on is refused.
    Path other = dir.resolve("other");
    assertEquals(0, run("generate", "--out", other.toString(), "--users", "300", "--videos", "1200", "--days", "12",
        "--seed", "4"));
    assertEquals(2, run("recommend", "--model", model.toString(), "--user", "1", "--data", other.toString()));
    assertTrue(err.contains("is not the one the model in " + model + " was trained on"), err);
    // A directory that is not a model is never replaced by train.
    Path notAModel = Files.createDirectories(dir.resolve("precious"));
    Files.writeString(notAModel.resolve("notes.txt"), "keep me");
    assertEquals(2, run("train", "--data", data.toString(), "--model", notAModel.toString()));
    assertTrue(err.contains("exists and is not a videorec-model directory written by videorec"), err);
    assertTrue(Files.exists(notAModel.resolve("notes.txt")));
  }

  @Test
  void serveRefusesABusyPortAndAMissingModelInOneLineEach() throws Exception {
    // The model loads while the server starts; a server that cannot listen says so alone, without the load's lines.
    try (java.net.ServerSocket busy = new java.net.ServerSocket(0)) {
      assertEquals(1, run("serve", "--model", model.toString(), "--port", String.valueOf(busy.getLocalPort())));
      assertTrue(err.startsWith("videorec: cannot listen on port " + busy.getLocalPort()), err);
      assertEquals(1, err.lines().count(), err);
    }
    assertEquals(2, run("serve", "--model", dir.resolve("no-model").toString(), "--port", "0"));
    List<String> lines = err.lines().toList();
    assertTrue(lines.get(0).startsWith("  listening on http://127.0.0.1:"), err);
    assertTrue(lines.get(lines.size() - 1).contains("is not a model directory"), err);
  }

  @Test
  void aVersionTwoDirectoryLoadsCheckedByItsSha256() throws Exception {
    // Version 2 listed only the SHA-256 of each file; loading then checks those.
    Path older = dir.resolve("version-2");
    copyTree(model, older);
    com.fasterxml.jackson.databind.node.ObjectNode meta =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(older.resolve("model.json").toFile());
    meta.remove("crc32c");
    meta.put("formatVersion", 2);
    JSON.writeValue(older.resolve("model.json").toFile(), meta);
    Files.writeString(older.resolve(ModelDirectory.METADATA_CHECKSUM_FILE),
        ModelDirectory.metadataChecksum(older) + "\n");
    try {
      assertEquals(0, run("recommend", "--model", older.toString(), "--user", "1"), err);
      Path file = older.resolve(ModelDirectory.RERANK_FILE);
      Files.writeString(file, Files.readString(file) + " ");
      assertEquals(2, run("recommend", "--model", older.toString(), "--user", "1"));
      assertTrue(err.contains(file.getFileName().toString()) && err.contains("does not match its checksum"), err);
      // A version 3 directory must list both sums of every file.
      meta.put("formatVersion", 3);
      JSON.writeValue(older.resolve("model.json").toFile(), meta);
      Files.writeString(older.resolve(ModelDirectory.METADATA_CHECKSUM_FILE),
          ModelDirectory.metadataChecksum(older) + "\n");
      assertEquals(2, run("recommend", "--model", older.toString(), "--user", "1"));
      assertTrue(err.contains("does not list the CRC32C"), err);
    } finally {
      deleteTree(older);
    }
  }

  @Test
  void everyFileOfTheModelIsCheckedAgainstItsChecksum() throws Exception {
    List<Path> files;
    try (var walk = Files.walk(model)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().equals(dev.videorec.core.io.AtomicFiles.MARKER)).toList();
    }
    assertTrue(files.size() >= 7, files.toString());
    for (Path original : files) {
      Path copy = dir.resolve("corrupt");
      copyTree(model, copy);
      Path file = copy.resolve(model.relativize(original));
      byte[] bytes = Files.readAllBytes(file);
      bytes[bytes.length / 2] ^= 0x01;
      Files.write(file, bytes);
      assertEquals(2, run("recommend", "--model", copy.toString(), "--user", "1"), file.toString());
      assertTrue(err.startsWith("videorec: ") && err.contains(file.getFileName().toString())
          && err.contains("does not match its checksum"), err);
      assertEquals(1, err.lines().count(), err);
      Files.delete(file);
      assertEquals(2, run("recommend", "--model", copy.toString(), "--user", "1"), file.toString());
      assertTrue(err.contains(file.getFileName().toString()) && err.lines().count() == 1, err);
      deleteTree(copy);
    }
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Files.copy(p, to.resolve(from.relativize(p).toString()));
      }
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void evaluateWritesMarkdownAndJson() throws Exception {
    Path report = dir.resolve("eval.md");
    assertEquals(0, run("evaluate", "--model", model.toString(), "--out", report.toString()), err);
    String md = Files.readString(report);
    for (String section : List.of("## 1. Retrieval", "## 2. Ranking", "## 3. The funnel", "## 4. Re-ranking",
        "## 5. Serving modes")) {
      assertTrue(md.contains(section), section);
    }
    JsonNode json = JSON.readTree(dir.resolve("eval.json").toFile());
    assertTrue(json.get("funnel").get("recall").has("two-tower"));
    assertTrue(json.get("funnel").get("recall").has("mf-embedding"));
    assertEquals(3, json.get("ranking").size(), "popularity, logistic regression, deep");
    assertTrue(json.get("reranking").has(RerankingComparison.FUNNEL_CHAIN));
    assertTrue(json.get("servingModes").get("ndcgDynamic").asDouble() >= 0);
    for (String chart : List.of("recall", "calibration", "variants-ndcg", "variants-minutes", "serving-modes")) {
      assertTrue(Files.readString(dir.resolve("eval-" + chart + ".svg")).contains("<svg"), chart);
    }
    String html = Files.readString(dir.resolve("eval.html"));
    assertEquals(5, html.split("<svg", -1).length - 1, "every chart inline in the page");
    assertTrue(html.contains("<h2>1. Retrieval</h2>"));
    assertEquals(2, run("evaluate", "--model", model.toString(), "--out", dir.resolve("eval.txt").toString()));
  }

  @Test
  void simulateReportsAnAbTestAndInterleaving() throws Exception {
    Path report = dir.resolve("ab.md");
    assertEquals(0, run("simulate", "--model", model.toString(), "--days", "2", "--out", report.toString()), err);
    assertTrue(out.contains("| watch minutes per day |"), out);
    assertTrue(out.contains("| CTR |"), out);
    assertTrue(Files.isRegularFile(dir.resolve("ab.json")));
    JsonNode json = JSON.readTree(dir.resolve("ab.json").toFile());
    assertTrue(json.get("metrics").get("watch minutes per day").has("pValue"));
    assertEquals(2, json.get("outcomeA").get("dailyMargin95").size(), "a 95% interval per day");
    assertTrue(Files.readString(dir.resolve("ab-daily-minutes.svg")).contains("<svg"));
    assertTrue(Files.readString(dir.resolve("ab.html")).contains("Watch minutes per user per day"));
    assertEquals(0, run("simulate", "--model", model.toString(), "--days", "1", "--users", "100",
        "--interleaving"), err);
    assertTrue(out.contains("Team-draft interleaving of popular (A) and funnel (B)"), out);
    assertEquals(2, run("simulate", "--model", model.toString(), "--arm-b", "magic"));
    assertEquals("videorec: simulate: --arm-b must be one of [funnel, click-only, two-tower, popular], got 'magic'"
        + System.lineSeparator(), err);
  }

  @Test
  void theFeedbackLoopRunsWithEveryCorrectionAndReportsExposureByDay() throws Exception {
    Path report = dir.resolve("loop.md");
    assertEquals(0, run("simulate", "--model", model.toString(), "--days", "2", "--users", "80", "--arm-a", "funnel",
        "--arm-b", "funnel", "--feedback", "--correct", "explore,ips,position,two-tower", "--out",
        report.toString()), err);
    assertTrue(out.contains("B: funnel, explore+ips+position+two-tower"), out);
    assertTrue(out.contains("exposure Gini"), out);
    assertTrue(err.contains("ranker and two-tower retrained"), err);
    assertTrue(err.contains("position bias from explored slots"), err);
    JsonNode json = JSON.readTree(dir.resolve("loop.json").toFile());
    for (String arm : List.of("outcomeA", "outcomeB")) {
      for (String series : List.of("dailyMinutes", "dailyCtr", "dailyCoverage", "dailyGini")) {
        assertEquals(2, json.get(arm).get(series).size(), arm + " " + series);
      }
    }
    assertTrue(Files.readString(dir.resolve("loop-daily-gini.svg")).contains("<svg"));
    assertEquals(0, run("simulate", "--model", model.toString(), "--days", "2", "--users", "80", "--feedback",
        "--feedback-control"), err);
    assertEquals(0, run("simulate", "--model", model.toString(), "--days", "2", "--users", "80", "--arm-a", "funnel",
        "--arm-b", "funnel", "--feedback", "--correct", "explore,position,warm-start,explored-only,explored-sources"),
        err);
    assertTrue(err.contains("funnel, explore+position+warm-start+explored-only+explored-sources rebuilt on ")
        && err.contains(
        "ranker continued from the day before's"), err);
    assertTrue(err.matches("(?s).*its ranker learned from [0-9,]+ of them, those it explored.*"), err);
    assertTrue(err.matches("(?s).*its popularity and trending counted [0-9,]+ of them, those it explored.*"), err);
    // The gate: the retrain after day 1 is judged on day 2's explored slots, once.
    assertEquals(0, run("simulate", "--model", model.toString(), "--days", "3", "--users", "80", "--arm-a", "funnel",
        "--arm-b", "funnel", "--feedback", "--correct", "explore,gate", "--gate-judge", "concordance", "--epsilon",
        "0.3", "--out", dir.resolve("gate.md").toString()), err);
    assertTrue(Files.readString(dir.resolve("gate.md")).contains("Deployment gate of arm B"));
    JsonNode gate = JSON.readTree(dir.resolve("gate.json").toFile()).get("gate");
    assertEquals(1, gate.size(), gate.toString());
    assertEquals(2, gate.get(0).get("judgedDay").asInt());
    assertTrue(gate.get(0).get("decision").has("deploy"), gate.toString());
    assertTrue(err.matches("(?s).*feedback: gate: yesterday's retrain [0-9.]+ against the serving ranker's [0-9.]+ "
        + "\\(concordance with watch time on [0-9,]+ explored impressions\\), higher in [0-9]+% of resamples: "
        + "(deployed|the serving ranker stays).*"), err);
    assertEquals(1, err.split("feedback: gate: ", -1).length - 1, err);
    // The off-policy judge (the default): both rankers' funnels replayed on day 2's requests, estimated from its
    // exploring log.
    assertEquals(0, run("simulate", "--model", model.toString(), "--days", "3", "--users", "80", "--arm-a", "funnel",
        "--arm-b", "funnel", "--feedback", "--correct", "explore,gate", "--epsilon", "0.3", "--out",
        dir.resolve("judge.md").toString()), err);
    assertTrue(Files.readString(dir.resolve("judge.md")).contains("estimated off-policy with SNIPS"));
    JsonNode judged = JSON.readTree(dir.resolve("judge.json").toFile()).get("gate");
    assertEquals(1, judged.size(), judged.toString());
    assertEquals("off-policy", judged.get(0).get("judge").asText());
    assertTrue(err.matches("(?s).*feedback: gate: yesterday's retrain [0-9.]+ minutes per request against the "
        + "serving ranker's [0-9.]+ \\(SNIPS, position-based, on [0-9,]+ logged requests\\), higher in [0-9]+% of "
        + "resamples: (deployed|the serving ranker stays).*"), err);
  }

  @Test
  void theServerAnswersFromTheModelDirectory() throws Exception {
    ExecutorService pool = Serving.sourcePool(8);
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, null, false, false, pool, line -> {});
    try (RecommendationService service = Serving.service(loaded, ServingConfig.defaults(ServingConfig.Mode.DYNAMIC),
        Serving.AsOf.TEST_START, line -> {});
         RecommendServer server = new RecommendServer(service, null, 0, 4, Map.of())) {
      String base = "http://127.0.0.1:" + server.port();
      JsonNode r = get(base + "/recommend?user=5&k=5&explain=true");
      assertEquals(5, r.get("recommendations").size());
      assertEquals("dynamic", r.get("mode").asText());
      JsonNode cold = get(base + "/recommend?user=4000&k=5&region=r1");
      assertEquals("cold-start", cold.get("mode").asText());
      assertEquals(5, cold.get("recommendations").size());
      JsonNode metrics = get(base + "/metrics.json");
      assertEquals(2, metrics.get("requests").asLong());
      assertEquals(0, metrics.get("errors").asLong());
      assertFalse(metrics.get("latency").get("ranking").isMissingNode());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aModelDirectoryAnswersFromJavaAsTheReadmeShows() throws Exception {
    Path modelDir = model;
    java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    java.io.PrintStream out = new java.io.PrintStream(buffer, true, java.nio.charset.StandardCharsets.UTF_8);
    // library example: begin
    ExecutorService sources = Serving.sourcePool(4);
    try {
      ModelDirectory.Loaded loaded = ModelDirectory.load(modelDir, null, false, false, sources, line -> {});
      try (RecommendationService service = Serving.service(loaded,
          ServingConfig.defaults(ServingConfig.Mode.DYNAMIC), Serving.AsOf.TEST_START, line -> {})) {
        RecommendationService.Response response = service.recommend(new UserId(5), 10, null);
        for (RecommendationService.Item item : response.items()) {
          out.println(item.rank() + ". video " + item.video().value() + ", score " + item.score());
        }
      }
    } finally {
      sources.shutdownNow();
    }
    // library example: end
    List<String> printed = buffer.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertEquals(10, printed.size());
    assertTrue(printed.get(0).startsWith("1. video "), printed.get(0));
    // The README quotes the lines between the markers; keep them the same.
    String source = Files.readString(Path.of("src/test/java/dev/videorec/app/cli/ModelWorkflowTest.java"));
    String begin = "// library example: begin\n";
    String example = source.substring(source.indexOf(begin) + begin.length(),
        source.indexOf("    // library example: end")).stripTrailing().stripIndent().strip();
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains(example), "pipeline-app/README.md quotes the example:\n" + example);
  }

  private static JsonNode get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    assertEquals(200, c.getResponseCode());
    try (InputStream in = c.getInputStream()) {
      return JSON.readTree(in);
    }
  }
}

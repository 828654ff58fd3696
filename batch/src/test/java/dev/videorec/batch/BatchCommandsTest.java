package dev.videorec.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.ServingConfig;
import dev.videorec.core.UserId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch commands end to end on a small generated world and a model trained on it: the Spark jobs give what the
 * in-process commands give, whatever the number of partitions, and bad input fails before Spark starts.
 */
class BatchCommandsTest {
  @TempDir
  static Path dir;
  static Path data;
  static Path model;
  static String out;
  static String err;

  @BeforeAll
  static void world() {
    data = dir.resolve("data");
    model = dir.resolve("model");
    assertEquals(0, app("generate", "--out", data.toString(), "--users", "300", "--videos", "1200", "--days", "12",
        "--seed", "3"), err);
    assertEquals(0, app("train", "--data", data.toString(), "--model", model.toString(), "--seed", "1"), err);
  }

  static int app(String... args) {
    return capture(true, args);
  }

  static int batch(String... args) {
    return capture(false, args);
  }

  private static int capture(boolean app, String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(List.of(args));
    if (!app) {
      all.add("--no-ui");
    }
    int status = app ? dev.videorec.app.cli.Main.run(all, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8))
        : BatchMain.run(all, new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return status;
  }

  /** Every data row of the CSV files at {@code path} (a file or a directory of parts), sorted. */
  static List<String> rows(Path path) throws IOException {
    List<String> lines = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> s = Files.list(path)) {
        s.filter(p -> p.toString().endsWith(".csv")).forEach(files::add);
      }
    } else {
      files.add(path);
    }
    for (Path f : files) {
      List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
      lines.addAll(all.subList(1, all.size()));
    }
    lines.sort(null);
    return lines;
  }

  @Test
  void batchRecommendEqualsRecommendAllUsersWhateverThePartitionsAndServesStatically() throws Exception {
    Path inProcess = dir.resolve("recs.csv");
    assertEquals(0, app("recommend", "--model", model.toString(), "--all-users", "--out", inProcess.toString()), err);
    List<String> expected = rows(inProcess);
    String toppedInProcess = topped(out);
    for (int partitions : new int[] {1, 3}) {
      Path csv = dir.resolve("lists-" + partitions);
      assertEquals(0, batch("recommend", "--master", "local[2]", "--partitions", Integer.toString(partitions),
          "--model", model.toString(), "--out", dir.resolve("pq-" + partitions).toString(), "--csv",
          csv.toString()), err);
      assertTrue(out.contains("x top 10 (funnel)"), out);
      assertEquals(expected, rows(csv), "lists with " + partitions + " partitions");
      assertEquals(toppedInProcess, topped(out), "each user's list is computed once, and counted once");
      assertTrue(Files.isDirectory(dir.resolve("pq-" + partitions)));
    }
    // serve --mode static --lists serves exactly those lists.
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, null, false, true, Serving.sourcePool(4), l -> { });
    try (RecommendationService service = Serving.service(loaded, ServingConfig.defaults(ServingConfig.Mode.STATIC),
        Serving.AsOf.TRAIN_END, dir.resolve("lists-3"), l -> { })) {
      String first = expected.get(0).split(",")[0];
      UserId u = loaded.user(first).orElseThrow();
      List<String> listed = new ArrayList<>();
      for (String line : expected) {
        if (line.startsWith(first + ",")) {
          listed.add(line);
        }
      }
      listed.sort(java.util.Comparator.comparingInt(l -> Integer.parseInt(l.split(",")[2])));
      List<String> served = new ArrayList<>();
      service.staticList(u).forEach(v -> served.add(loaded.videoId(v)));
      assertEquals(listed.stream().map(l -> l.split(",")[1]).toList(), served);
    }
  }

  /** The "N users' lists were topped up" count a command printed, or "none". */
  private static String topped(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9,]+) users' lists were topped up").matcher(text);
    return m.find() ? m.group(1) : "none";
  }

  @Test
  void alsIsScoredBesideTheFunnelAndPopularityOnTheSameUsers() throws Exception {
    Path lists = dir.resolve("als.csv");
    Path withAls = dir.resolve("model-als");
    assertEquals(0, batch("als", "--master", "local[2]", "--model", model.toString(), "--reg", "0.1", "--alpha",
        "10", "--iterations", "3", "--k", "20", "--lists", lists.toString(), "--funnel-model", withAls.toString()),
        err);
    assertTrue(out.contains("reg 0.1, alpha 10.0 (given)"), out);
    for (String row : List.of("| spark-als |", "| funnel |", "| popular |", "| funnel, ALS in the two-tower's place |")) {
      assertTrue(out.contains(row), out);
    }
    // The written model is a model directory like any other: the ALS factors serve in the two-tower's slot.
    ModelDirectory.Metadata meta = ModelDirectory.check(withAls);
    assertEquals("spark-mllib-als", meta.factors().trainer());
    assertEquals(0.1, meta.factors().regularisation());
    dev.videorec.candidates.source.CandidateMixerConfig mixer = dev.videorec.candidates.source.CandidateMixerConfig
        .load(withAls.resolve(ModelDirectory.MIXER_FILE));
    assertEquals(List.of("mf-embedding", "item-to-item", "subscriptions", "trending", "popular"), mixer.names());
    assertEquals(200, mixer.sources().get(0).quota());
    Path recs = dir.resolve("als-funnel.csv");
    assertEquals(0, app("recommend", "--model", withAls.toString(), "--all-users", "--out", recs.toString()), err);
    assertFalse(rows(recs).isEmpty());
    assertEquals(1, batch("als", "--model", model.toString(), "--funnel-model", model.toString()));
    assertTrue(err.contains("another directory"), err);
    List<String> rows = rows(lists);
    assertFalse(rows.isEmpty());
    assertTrue(rows.stream().allMatch(r -> Integer.parseInt(r.split(",")[2]) <= 20), "k videos at most");
    assertEquals(1, batch("als", "--model", model.toString(), "--alpha", "0"));
    assertTrue(err.contains("--alpha > 0"), err);
  }

  @Test
  void featuresAreTheSameWhateverThePartitions() {
    List<String> previous = null;
    for (int partitions : new int[] {1, 5}) {
      Path examples = dir.resolve("features-" + partitions);
      assertEquals(0, batch("features", "--master", "local[2]", "--partitions", Integer.toString(partitions),
          "--data", data.toString(), "--out", examples.toString()), err);
      assertTrue(out.startsWith("wrote "), out);
      org.apache.spark.sql.SparkSession spark = Spark.start("read", "local[2]", 2, false, null);
      try {
        List<String> rows = spark.read().parquet(examples.toString()).collectAsList().stream()
            .map(Object::toString).sorted().toList();
        assertFalse(rows.isEmpty());
        if (previous != null) {
          assertEquals(previous, rows);
        }
        previous = rows;
      } finally {
        spark.stop();
      }
    }
  }

  @Test
  void aParquetLogGivesTheSameExamplesAsItsCsv() {
    Path parquet = dir.resolve("data-parquet");
    assertEquals(0, app("generate", "--format", "parquet", "--out", parquet.toString(), "--users", "300",
        "--videos", "1200", "--days", "12", "--seed", "3"), err);
    assertTrue(Files.isDirectory(parquet.resolve("interactions")));
    assertFalse(Files.exists(parquet.resolve("interactions.csv")));
    Path fromCsv = dir.resolve("f-csv");
    Path fromParquet = dir.resolve("f-parquet");
    assertEquals(0, batch("features", "--master", "local[2]", "--data", data.toString(), "--out",
        fromCsv.toString()), err);
    assertEquals(0, batch("features", "--master", "local[2]", "--data", parquet.toString(), "--out",
        fromParquet.toString()), err);
    org.apache.spark.sql.SparkSession spark = Spark.start("read", "local[2]", 2, false, null);
    try {
      List<String> a = spark.read().parquet(fromCsv.toString()).collectAsList().stream().map(Object::toString)
          .sorted().toList();
      List<String> b = spark.read().parquet(fromParquet.toString()).collectAsList().stream().map(Object::toString)
          .sorted().toList();
      assertEquals(a, b);
    } finally {
      spark.stop();
    }
    // The in-process commands say what to do with a Parquet log.
    assertEquals(1, app("train", "--data", parquet.toString(), "--model", dir.resolve("m2").toString()));
    assertTrue(err.contains("Parquet"), err);
  }

  /** A log with the serving policy's propensities keeps them through to the examples; a log without reads as 1. */
  @Test
  void propensitiesInTheLogReachTheExamples() throws Exception {
    Path logged = dir.resolve("data-propensity");
    Files.createDirectories(logged);
    for (String f : List.of("videos.csv", "users.csv", "subscriptions.csv", "topics.csv", "manifest.json",
        "datacard.json")) {
      if (Files.exists(data.resolve(f))) {
        Files.copy(data.resolve(f), logged.resolve(f));
      }
    }
    List<String> lines = Files.readAllLines(data.resolve("interactions.csv"), StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>(List.of(lines.get(0) + ",propensity"));
    for (String line : lines.subList(1, lines.size())) {
      // The fourth column is the position: explored slots below the top three carry 0.25.
      out.add(line + (Integer.parseInt(line.split(",")[3]) >= 3 ? ",0.25" : ",1.0"));
    }
    Files.write(logged.resolve("interactions.csv"), out, StandardCharsets.UTF_8);
    Path with = dir.resolve("f-propensity");
    Path without = dir.resolve("f-no-propensity");
    assertEquals(0, batch("features", "--master", "local[2]", "--data", logged.toString(), "--out",
        with.toString()), err);
    assertEquals(0, batch("features", "--master", "local[2]", "--data", data.toString(), "--out",
        without.toString()), err);
    org.apache.spark.sql.SparkSession spark = Spark.start("read", "local[2]", 2, false, null);
    try {
      for (org.apache.spark.sql.Row r : spark.read().parquet(with.toString()).select("position", "propensity")
          .collectAsList()) {
        assertEquals(r.getInt(0) >= 3 ? 0.25 : 1.0, r.getDouble(1), 0.0, r.toString());
      }
      assertEquals(0, spark.read().parquet(without.toString()).filter("propensity != 1.0").count());
    } finally {
      spark.stop();
    }
  }

  @Test
  void badInputFailsInOneLineBeforeSparkStartsAndLeavesNothing() throws Exception {
    Path broken = Files.createDirectories(dir.resolve("broken"));
    for (String f : List.of("videos.csv", "users.csv")) {
      Files.copy(data.resolve(f), broken.resolve(f));
    }
    Files.writeString(broken.resolve("interactions.csv"), "ts,user,video\n1,2,3\n");
    Path target = dir.resolve("never");
    assertEquals(1, batch("features", "--data", broken.toString(), "--out", target.toString()));
    assertTrue(err.contains("interactions.csv:1: header must be"), err);
    assertFalse(err.contains("Spark "), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertFalse(Files.exists(target));

    assertEquals(1, batch("features", "--data", dir.resolve("nothing").toString(), "--out", target.toString()));
    assertTrue(err.contains("no such dataset directory"), err);
    assertEquals(1, batch("recommend", "--model", data.toString(), "--out", target.toString()));
    assertTrue(err.contains("model"), err);
    assertEquals(1, batch("features", "--data", data.toString(), "--out", data.toString()));
    assertTrue(err.contains("already exists"), err);
    assertEquals(2, batch("features", "--data"));
    // A model with a log it was not trained on.
    Path other = dir.resolve("other");
    assertEquals(0, app("generate", "--out", other.toString(), "--users", "20", "--videos", "50", "--days", "2",
        "--seed", "4"), err);
    assertEquals(1, batch("recommend", "--model", model.toString(), "--data", other.toString(), "--out",
        target.toString()));
    assertTrue(err.contains("is not the one the model"), err);
    assertFalse(err.contains("Spark "), err);
    assertFalse(Files.exists(target));
  }
}

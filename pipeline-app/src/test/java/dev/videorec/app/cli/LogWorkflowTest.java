package dev.videorec.app.cli;

import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.app.serving.RecommendServer;
import dev.videorec.app.serving.RecommendationService;
import dev.videorec.app.serving.ServingConfig;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Your own log, end to end: opaque string ids (hashes), ISO-8601 times and ratings, read through a column mapping,
 * trained on, recommended for in the log's own ids (batch, one user, over HTTP) and evaluated.
 */
class LogWorkflowTest {
  @TempDir
  static Path dir;
  private static Path model;
  private static final String COLUMNS = "user=account,item=clip,time=at,rating=stars";
  private static final Map<String, Set<String>> TRAINED = new HashMap<>();

  private static Cli.Result run(String... args) {
    return Cli.run(args);
  }

  /** 60 users who each like one of four kinds of clip, 120 clips; each user's latest fifth goes to test. */
  @BeforeAll
  static void trainOnALog() throws Exception {
    SplittableRandom r = new SplittableRandom(11);
    StringBuilder train = new StringBuilder("account,clip,at,stars\n");
    StringBuilder test = new StringBuilder("account,clip,at,stars\n");
    for (int u = 0; u < 60; u++) {
      String user = String.format("acct-%08x", (u * 2654435761L) & 0xffffffffL);
      int liked = r.nextInt(4);
      List<String> rows = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      long t = 1_600_000_000L + r.nextInt(200) * 86_400L;
      for (int n = 0; n < 30; n++) {
        int clip = r.nextInt(120);
        if (!seen.add(clip)) {
          continue;
        }
        double stars = Math.max(1, Math.min(5, (clip % 4 == liked ? 4.3 : 2.4) + r.nextGaussian() * 0.6));
        t += r.nextInt(86_400);
        rows.add(user + ",clip/" + Integer.toHexString(clip * 7919) + "," + Instant.ofEpochSecond(t) + ","
            + Math.round(stars));
      }
      int cut = rows.size() - rows.size() / 5;
      for (int i = 0; i < rows.size(); i++) {
        (i < cut ? train : test).append(rows.get(i)).append('\n');
        if (i < cut) {
          String[] f = rows.get(i).split(",");
          TRAINED.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
        }
      }
    }
    Files.writeString(dir.resolve("train.csv"), train);
    Files.writeString(dir.resolve("test.csv"), test);
    model = dir.resolve("model");
    Cli.Result t = run("train", "--log", dir.resolve("train.csv").toString(), "--columns", COLUMNS, "--model",
        model.toString());
    assertEquals(0, t.status(), t.err());
  }

  @Test
  void listsSpeakTheLogsOwnIdsAndEveryKnownUserGetsAFullOne() throws Exception {
    Path recs = dir.resolve("recs.csv");
    Cli.Result r = run("recommend", "--model", model.toString(), "--all-users", "--k", "10", "--out",
        recs.toString());
    assertEquals(0, r.status(), r.err());
    List<String> lines = Files.readAllLines(recs);
    assertEquals("user,item,rank", lines.get(0));
    Map<String, Integer> counts = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertTrue(f[0].startsWith("acct-") && f[1].startsWith("clip/"), line);
      assertFalse(TRAINED.get(f[0]).contains(f[1]), "a training item came back: " + line);
      counts.merge(f[0], 1, Integer::sum);
    }
    assertEquals(TRAINED.keySet(), counts.keySet());
    assertTrue(counts.values().stream().allMatch(n -> n == 10), "full lists: " + counts);

    Cli.Result e = run("evaluate", "--test", dir.resolve("test.csv").toString(), "--columns", COLUMNS, "--recs",
        recs.toString(), "--baseline", "--train", dir.resolve("train.csv").toString());
    assertEquals(0, e.status(), e.err());
    assertTrue(e.out().contains("| recs |") && e.out().contains("| popularity |"), e.out());
    assertTrue(e.out().contains("Paired differences"), e.out());

    String someone = TRAINED.keySet().iterator().next();
    Cli.Result one = run("recommend", "--model", model.toString(), "--user", someone, "--k", "3");
    assertEquals(0, one.status(), one.err());
    assertTrue(one.out().startsWith("user " + someone + ", "), one.out());
    assertTrue(one.out().contains("clip/"), one.out());
  }

  @Test
  void theServerTakesOpaqueIdsAndAnUnknownOneIsAColdStart() throws Exception {
    ExecutorService pool = Serving.sourcePool(8);
    ModelDirectory.Loaded loaded = ModelDirectory.load(model, null, false, false, pool, line -> {});
    try (RecommendationService service = Serving.service(loaded, ServingConfig.defaults(ServingConfig.Mode.DYNAMIC),
        Serving.AsOf.TEST_START, line -> {});
         RecommendServer server = new RecommendServer(service, loaded.externalIds(), null, 0,
             RecommendServer.Limits.defaults(4), Map.of())) {
      String base = "http://127.0.0.1:" + server.port();
      String someone = TRAINED.keySet().iterator().next();
      JsonNode r = get(base + "/recommend?user=" + someone + "&k=5");
      assertEquals(someone, r.get("user").asText());
      assertEquals(5, r.get("recommendations").size());
      assertTrue(r.get("recommendations").get(0).get("video").asText().startsWith("clip/"), r.toString());
      JsonNode cold = get(base + "/recommend?user=no-such-user-42&k=5");
      assertEquals("cold-start", cold.get("mode").asText());
      assertEquals(5, cold.get("recommendations").size());
    } finally {
      pool.shutdownNow();
    }
  }

  private static JsonNode get(String url) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
    assertEquals(200, c.getResponseCode(), url);
    try (var in = c.getInputStream()) {
      return new ObjectMapper().readTree(in);
    }
  }
}

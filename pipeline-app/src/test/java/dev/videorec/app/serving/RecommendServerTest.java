package dev.videorec.app.serving;

import dev.videorec.app.funnel.Funnel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.stage.Ranker;
import dev.videorec.core.stage.Reranker;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The API over real HTTP on a loopback port: status codes, JSON errors, cold starts, metrics, concurrency. */
class RecommendServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RecommendationService service;
  private static RecommendServer server;

  @BeforeAll
  static void start() throws Exception {
    Funnel.CandidateStage candidates = FakeStages.candidates(30);
    // Scores fall with the id, so the list is v1, v2, ... in retrieval order.
    Ranker ranker = FakeStages.ranker(id -> -id);
    Reranker reranker = FakeStages.byScore();
    service = new RecommendationService(new Funnel(candidates, ranker, reranker),
        Map.of(new UserId(7), new User(new UserId(7), "r0")), UserHistory::empty,
        new RecommendationService.Popularity(List.of(new VideoId(500), new VideoId(501)),
            Map.of("r2", List.of(new VideoId(600), new VideoId(601)))),
        1_000, new ServingConfig(ServingConfig.Mode.DYNAMIC, Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofSeconds(2), 20, 8), new ServingMetrics());
    server = new RecommendServer(service, null, 0, 8, Map.of("videos", 30));
  }

  @AfterAll
  static void stop() {
    server.close();
    service.close();
  }

  private record Answer(int status, JsonNode body) {}

  private static Answer get(String pathAndQuery) throws Exception {
    return call("GET", pathAndQuery);
  }

  private static Answer call(String method, String pathAndQuery) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + pathAndQuery).toURL()
        .openConnection();
    c.setRequestMethod(method);
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      assertEquals("application/json; charset=utf-8", c.getHeaderField("Content-Type"));
      return new Answer(status, JSON.readTree(in));
    }
  }

  @Test
  void recommendsForAKnownUser() throws Exception {
    Answer a = get("/recommend?user=7&k=3&explain=true");
    assertEquals(200, a.status());
    assertEquals(7, a.body().get("user").asInt());
    assertEquals("dynamic", a.body().get("mode").asText());
    assertEquals(3, a.body().get("recommendations").size());
    assertEquals(1, a.body().get("recommendations").get(0).get("video").asInt());
    assertEquals("retrieved by test-source #1", a.body().get("recommendations").get(0).get("why").asText());
    assertEquals(3, a.body().get("trace").get("stages").size());
    assertEquals(10, get("/recommend?user=u7").body().get("recommendations").size(), "k defaults to 10");
  }

  @Test
  void unknownUsersGetColdStartAnswersNotErrors() throws Exception {
    Answer a = get("/recommend?user=123456&k=2&region=r2");
    assertEquals(200, a.status());
    assertEquals("cold-start", a.body().get("mode").asText());
    assertEquals(600, a.body().get("recommendations").get(0).get("video").asInt());
    assertEquals(500, get("/recommend?user=123456&k=2").body().get("recommendations").get(0).get("video").asInt());
    // An id of any other shape is a user never seen, not a bad request; a digit of another script is not a number.
    for (String id : List.of("no-such-user-42", "-3", "%D9%A3", "2147483648")) {
      Answer b = get("/recommend?user=" + id + "&k=2");
      assertEquals(200, b.status(), id);
      assertEquals("cold-start", b.body().get("mode").asText(), id);
      assertEquals(java.net.URLDecoder.decode(id, java.nio.charset.StandardCharsets.UTF_8),
          b.body().get("user").asText(), id);
    }
  }

  @Test
  void badParametersAre400sWithAJsonError() throws Exception {
    Map<String, String> cases = Map.of(
        "/recommend", "parameter 'user' is required, e.g. /recommend?user=42",
        "/recommend?user=" + "x".repeat(257), "user id is 257 characters long; at most 256",
        "/recommend?user=7&k=0", "k must be an integer in [1, 20], got '0'",
        "/recommend?user=7&k=21", "k must be an integer in [1, 20], got '21'",
        "/recommend?user=7&k=ten", "k must be an integer in [1, 20], got 'ten'",
        "/recommend?user=7&explain=maybe", "explain must be true or false, got 'maybe'",
        "/recommend?user=7&explain=", "explain must be true or false, got ''",
        "/recommend?user=7&sort=new", "unknown parameter 'sort'; parameters: user, k, explain, region",
        "/recommend?user=7&user=8", "parameter 'user' is given twice",
        "/recommend?user=7&k=", "k must be an integer in [1, 20], got ''");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Answer a = get(e.getKey());
      assertEquals(400, a.status(), e.getKey());
      assertEquals(e.getValue(), a.body().get("error").asText(), e.getKey());
    }
    assertTrue(((Number) service.metrics().snapshot().get("badRequests")).longValue() >= cases.size());
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertEquals(404, get("/recommendations?user=7").status());
    assertEquals(405, call("POST", "/recommend?user=7").status());
  }

  @Test
  void healthAndMetricsAnswer() throws Exception {
    get("/recommend?user=7");
    Answer h = get("/health");
    assertEquals("ok", h.body().get("status").asText());
    assertEquals(30, h.body().get("videos").asInt());
    assertEquals(1, h.body().get("users").asInt());
    Answer m = get("/metrics");
    assertTrue(m.body().get("requests").asLong() >= 1);
    JsonNode ranking = m.body().get("latency").get("ranking");
    assertTrue(ranking.get("count").asLong() >= 1);
    assertTrue(ranking.get("p99Micros").asLong() >= ranking.get("p50Micros").asLong());
    assertTrue(m.body().get("latency").has("total"));
  }

  @Test
  void concurrentRequestsAllSucceedWithTheirOwnAnswers() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<Answer>> answers = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int k = 1 + i % 20;
        answers.add(clients.submit(() -> get("/recommend?user=7&k=" + k)));
      }
      for (int i = 0; i < answers.size(); i++) {
        Answer a = answers.get(i).get();
        assertEquals(200, a.status());
        assertEquals(1 + i % 20, a.body().get("recommendations").size());
      }
    } finally {
      clients.shutdownNow();
    }
  }
}

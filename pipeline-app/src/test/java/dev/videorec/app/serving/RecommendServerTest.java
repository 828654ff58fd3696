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
    service.batch(u -> new UserHistory(u, List.of(new VideoId(2), new VideoId(1))), 1_000);
    server = new RecommendServer(service, null, 0, 8, Map.of("videos", 30));
  }

  @AfterAll
  static void stop() {
    server.close();
    service.close();
  }

  private record Answer(int status, JsonNode body, String requestId) {}

  private static Answer get(String pathAndQuery) throws Exception {
    return call("GET", pathAndQuery);
  }

  private static Answer call(String method, String pathAndQuery) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + pathAndQuery).toURL()
        .openConnection();
    c.setRequestMethod(method);
    int status = c.getResponseCode();
    try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
      assertEquals(status < 400 ? "application/json; charset=utf-8" : "application/problem+json; charset=utf-8",
          c.getHeaderField("Content-Type"));
      JsonNode body = JSON.readTree(in);
      if (status >= 400) {
        assertEquals(status, body.get("status").asInt(), "an RFC 9457 problem document");
        assertEquals("about:blank", body.get("type").asText());
        assertTrue(body.get("title").asText().length() > 0);
      }
      return new Answer(status, body, c.getHeaderField("X-Request-Id"));
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
        "/recommend?user=7&sort=new", "unknown parameter 'sort'; parameters: user, k, explain, region, mode",
        "/recommend?user=7&user=8", "parameter 'user' is given twice",
        "/recommend?user=7&k=", "k must be an integer in [1, 20], got ''");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Answer a = get(e.getKey());
      assertEquals(400, a.status(), e.getKey());
      assertEquals(e.getValue(), a.body().get("detail").asText(), e.getKey());
      assertEquals("/recommend", a.body().get("instance").asText());
    }
    assertTrue(((Number) service.metrics().snapshot().get("badRequests")).longValue() >= cases.size());
    assertEquals("mode must be dynamic or static, got 'batch'", get("/recommend?user=7&mode=batch").body()
        .get("detail").asText());
    assertEquals("k must be an integer in [1, 20], got '0'", get("/v1/recommend?user=7&k=0").body().get("detail")
        .asText(), "the same under /v1");
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
    Answer m = get("/metrics.json");
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

  /** What came back on a raw connection: the status line's code (0 when none) and the body after the headers. */
  private record Raw(int status, String head, String body) {}

  /** Sends {@code bytes} as they are and reads until the server closes or {@code wait} passes. */
  private static Raw raw(int port, byte[] bytes, Duration wait) throws Exception {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.setSoTimeout((int) wait.toMillis());
      try {
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
      } catch (java.io.IOException e) {
        // The server may answer and close before it has read everything; read what it said.
      }
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      try {
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        for (int n; (n = in.read(buf)) > 0; ) {
          got.write(buf, 0, n);
          if (complete(got.toString(java.nio.charset.StandardCharsets.ISO_8859_1))) {
            break;
          }
        }
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        // what arrived so far is the answer
      }
      String text = got.toString(java.nio.charset.StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = split < 0 ? text : text.substring(0, split);
      String body = split < 0 ? "" : text.substring(split + 4);
      int status = head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : 0;
      return new Raw(status, head, body);
    }
  }

  private static boolean complete(String text) {
    int split = text.indexOf("\r\n\r\n");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
    return split >= 0 && m.find() && text.length() - split - 4 >= Integer.parseInt(m.group(1));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  @Test
  void httpOutsideTheContractGetsAJsonErrorWithTheRightStatus() throws Exception {
    int port = server.port();
    Duration wait = Duration.ofSeconds(5);
    long before = ((Number) service.metrics().snapshot().get("badRequests")).longValue();
    Map<String, Integer> cases = new java.util.LinkedHashMap<>();
    cases.put("GET /recommend?user=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    cases.put("GET /recom%ZZmend?user=7 HTTP/1.1\r\nHost: x\r\n\r\n", 400);
    cases.put("GET /recommend?user=" + "7".repeat(1 << 20) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414);
    cases.put("GET /recommend?user=7 HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(1 << 20) + "\r\n\r\n", 431);
    cases.put("GET /recommend?user=7 HTTP/1.1\r\nHost: x\r\n" + "X-A: b\r\n".repeat(10_000) + "\r\n", 431);
    cases.put("GET /recommend?user=7 HTTP/9.9\r\nHost: x\r\n\r\n", 505);
    cases.put("DELETE /recommend?user=7 HTTP/1.1\r\nHost: x\r\n\r\n", 405);
    for (Map.Entry<String, Integer> e : cases.entrySet()) {
      String label = e.getKey().length() > 60 ? e.getKey().substring(0, 60) + "..." : e.getKey();
      Raw r = raw(port, ascii(e.getKey()), wait);
      assertEquals(e.getValue(), r.status(), label + " -> " + r.head());
      assertTrue(r.head().contains("Content-Type: application/problem+json; charset=utf-8"), label + " -> " + r.head());
      assertEquals(e.getValue(), JSON.readTree(r.body()).get("status").asInt(), label);
      assertTrue(r.head().contains("X-Request-Id: "), label);
    }
    assertTrue(raw(port, ascii("DELETE /v1/recommend HTTP/1.1\r\nHost: x\r\n\r\n"), wait).head().contains("Allow: GET"));
    // Random binary is answered (400) and closed at once, not left hanging.
    byte[] junk = new byte[4096];
    new java.util.Random(17).nextBytes(junk);
    long t0 = System.nanoTime();
    Raw r = raw(port, junk, wait);
    assertEquals(400, r.status(), r.head());
    assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(3).toNanos());
    long after = ((Number) service.metrics().snapshot().get("badRequests")).longValue();
    assertTrue(after - before >= cases.size(), "every one counted as a bad request: " + (after - before));
  }

  @Test
  void slowAndIdleClientsNeitherStarveOthersNorStayForever() throws Exception {
    // Two workers, 16 clients sending a byte every 100 ms, 200 that sent a request line and stopped, 50 silent.
    RecommendServer.Limits limits = new RecommendServer.Limits(2, 1024, 512, Duration.ofMillis(1500),
        Duration.ofSeconds(30));
    try (RecommendServer small = new RecommendServer(service, dev.videorec.app.model.ExternalIds.NUMERIC, null, 0,
        limits, Map.of())) {
      List<java.net.Socket> idle = new ArrayList<>();
      ExecutorService loris = Executors.newFixedThreadPool(16);
      try {
        for (int i = 0; i < 200; i++) {
          java.net.Socket s = new java.net.Socket("127.0.0.1", small.port());
          s.getOutputStream().write(ascii("GET /recommend?user=7 HTTP/1.1\r\n"));
          idle.add(s);
        }
        for (int i = 0; i < 50; i++) {
          idle.add(new java.net.Socket("127.0.0.1", small.port()));
        }
        List<Future<Raw>> slow = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          slow.add(loris.submit(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", small.port())) {
              s.setSoTimeout(10_000);
              byte[] request = ascii("GET /recommend?user=7 HTTP/1.1\r\nHost: x\r\n" + "X-Slow: y\r\n".repeat(20));
              for (byte b : request) {
                s.getOutputStream().write(b);
                Thread.sleep(100);
                if (s.getInputStream().available() > 0) {
                  break;
                }
              }
              return new Raw(Integer.parseInt(new String(s.getInputStream().readNBytes(12),
                  java.nio.charset.StandardCharsets.ISO_8859_1).substring(9)), "", "");
            } catch (java.io.IOException e) {
              return new Raw(0, e.toString(), "");
            }
          }));
        }
        Thread.sleep(300);
        for (int i = 0; i < 20; i++) {
          long t0 = System.nanoTime();
          HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + small.port()
              + "/recommend?user=7&k=3").toURL().openConnection();
          c.setReadTimeout(5000);
          assertEquals(200, c.getResponseCode());
          c.getInputStream().readAllBytes();
          assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(), "answered within a second");
        }
        for (Future<Raw> f : slow) {
          Raw r = f.get();
          assertEquals(408, r.status(), "a request that does not arrive in time is a 408: " + r.head());
        }
        // The request lines that stopped are answered 408 and closed too.
        java.net.Socket first = idle.get(0);
        first.setSoTimeout(5000);
        String answer = new String(first.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(answer.contains("request not received within 1500 ms"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
      } finally {
        loris.shutdownNow();
        for (java.net.Socket s : idle) {
          s.close();
        }
      }
    }
  }

  @Test
  void oneClientCannotHoldMoreThanItsShareOfConnections() throws Exception {
    RecommendServer.Limits limits = new RecommendServer.Limits(2, 100, 3, Duration.ofSeconds(10),
        Duration.ofSeconds(30));
    try (RecommendServer small = new RecommendServer(service, dev.videorec.app.model.ExternalIds.NUMERIC, null, 0,
        limits, Map.of())) {
      List<java.net.Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          held.add(new java.net.Socket("127.0.0.1", small.port()));
        }
        for (int waited = 0; small.openConnections() < 3 && waited < 5000; waited += 10) {
          Thread.sleep(10);   // the server has taken all three
        }
        Raw refused = raw(small.port(), ascii("GET /health HTTP/1.1\r\nHost: x\r\n\r\n"), Duration.ofSeconds(5));
        assertEquals(0, refused.status(), "the fourth connection is closed unanswered: " + refused.head());
        held.remove(0).close();
        Thread.sleep(200);
        Raw served = raw(small.port(), ascii("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            Duration.ofSeconds(5));
        assertEquals(200, served.status(), served.head());
        for (int waited = 0; small.openConnections() > 2 && waited < 5000; waited += 10) {
          Thread.sleep(10);   // the server has seen that connection close
        }
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + small.port() + "/metrics.json").toURL()
            .openConnection();
        c.setRequestProperty("Connection", "close");
        JsonNode m = JSON.readTree(c.getInputStream());
        assertEquals(1, m.get("connections").get("refused").asLong());
      } finally {
        for (java.net.Socket s : held) {
          s.close();
        }
      }
    }
  }

  @Test
  void everyAnswerCarriesARequestIdAndEchoesTheClientsOwn() throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port()
        + "/v1/recommend?user=7").toURL().openConnection();
    c.setRequestProperty("X-Request-Id", "trace-42.a_b:c");
    assertEquals(200, c.getResponseCode());
    assertEquals("trace-42.a_b:c", c.getHeaderField("X-Request-Id"));
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (String path : List.of("/v1/recommend?user=7", "/v1/recommend?k=0", "/nowhere", "/v1/health")) {
      String id = get(path).requestId();
      assertTrue(id != null && !id.isEmpty(), path);
      ids.add(id);
    }
    assertEquals(4, ids.size(), "a new id per request");
    HttpURLConnection bad = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port()
        + "/v1/health").toURL().openConnection();
    bad.setRequestProperty("X-Request-Id", "no spaces or <html> allowed");
    assertEquals(200, bad.getResponseCode());
    assertTrue(bad.getHeaderField("X-Request-Id").matches("[0-9a-f]+-[0-9a-f]+"), "a malformed id is replaced");
  }

  @Test
  void prometheusScrapeParsesAndHasTheServingMeters() throws Exception {
    get("/recommend?user=7");
    get("/recommend?user=nobody&region=r2");
    get("/recommend?user=7&k=0");
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + "/v1/metrics")
        .toURL().openConnection();
    assertEquals(200, c.getResponseCode());
    assertTrue(c.getHeaderField("Content-Type").startsWith("text/plain; version=0.0.4"));
    String text = new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    Map<String, PrometheusText.Family> families = PrometheusText.parse(text);
    assertEquals("counter", families.get("videorec_requests_total").type());
    assertTrue(value(families, "videorec_requests_total", Map.of("outcome", "ok")) >= 2);
    assertTrue(value(families, "videorec_requests_total", Map.of("outcome", "bad_request")) >= 1);
    assertTrue(value(families, "videorec_cold_starts_total", Map.of("kind", "region")) >= 1);
    PrometheusText.Family latency = families.get("videorec_stage_latency_seconds");
    assertEquals("histogram", latency.type());
    for (String stage : List.of("candidate-gen", "ranking", "reranking", "total")) {
      assertTrue(latency.samples().stream().anyMatch(x -> x.name().endsWith("_bucket")
          && stage.equals(x.labels().get("stage"))), "a latency histogram for " + stage);
    }
    assertEquals(1.0, value(families, "videorec_model_info", Map.of("videos", "30", "mode", "dynamic")));
    assertTrue(families.containsKey("videorec_http_connections_open"));
    assertTrue(families.containsKey("videorec_http_request_timeouts_total"));
    for (String jvm : List.of("jvm_memory_used_bytes", "jvm_threads_live_threads", "process_cpu_usage",
        "process_uptime_seconds", "jvm_gc_memory_allocated_bytes_total")) {
      assertTrue(families.keySet().stream().anyMatch(f -> f.equals(jvm)), jvm + " in " + families.keySet());
    }
  }

  private static double value(Map<String, PrometheusText.Family> families, String family,
                              Map<String, String> labels) {
    return families.get(family).samples().stream()
        .filter(x -> x.labels().entrySet().containsAll(labels.entrySet()))
        .mapToDouble(PrometheusText.Sample::value).sum();
  }

  @Test
  void theOpenApiDocumentAndTheServerAgreeOnEveryPathAndParameter() throws Exception {
    JsonNode doc = JSON.readTree(java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/openapi.json")
        .toURL());
    assertEquals("3.1.0", doc.get("openapi").asText());
    Map<String, java.util.Set<String>> documented = new java.util.TreeMap<>();
    doc.get("paths").fields().forEachRemaining(p -> {
      assertTrue(p.getKey().startsWith("/v1/"), p.getKey());
      java.util.Set<String> params = new java.util.TreeSet<>();
      p.getValue().get("get").path("parameters").forEach(x -> params.add(x.get("name").asText()));
      documented.put(p.getKey().substring(3), params);
      assertEquals(1, p.getValue().size(), "GET only: " + p.getKey());
    });
    Map<String, java.util.Set<String>> served = new java.util.TreeMap<>();
    RecommendServer.ENDPOINTS.forEach((path, params) -> served.put(path, new java.util.TreeSet<>(params)));
    assertEquals(served, documented);
    // What the server answers: every documented path (with and without /v1), nothing else.
    for (String path : documented.keySet()) {
      String query = path.equals("/recommend") || path.equals("/history") ? "?user=7" : "";
      assertEquals(200, status("/v1" + path + query), path);
      assertEquals(200, status(path + query), path);
    }
    for (String path : List.of("/index.html", "/v2/recommend", "/v1", "/admin", "/v1/recommend/7", "/health/", "/metrics.txt")) {
      assertEquals(404, status(path), path);
    }
    // Every documented parameter is accepted; an undocumented one is refused.
    assertEquals(200, status("/v1/recommend?user=7&k=2&explain=true&region=r1&mode=static"));
    assertEquals(200, status("/v1/history?user=7&n=5"));
    assertEquals(200, status("/v1/users?n=5"));
    assertEquals(400, status("/v1/users?n=0"));
    assertEquals(400, status("/v1/history?user=7&k=2"));
    assertEquals(400, status("/v1/recommend?user=7&page=2"));
  }

  private static int status(String pathAndQuery) throws Exception {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + pathAndQuery).toURL()
        .openConnection();
    return c.getResponseCode();
  }

  @Test
  void liveAtOnceReadyOnlyOnceTheModelIsServed() throws Exception {
    try (RecommendServer loading = new RecommendServer(null, 0, RecommendServer.Limits.defaults(2))) {
      String base = "http://127.0.0.1:" + loading.port();
      assertEquals(200, ((HttpURLConnection) URI.create(base + "/v1/health/live").toURL().openConnection())
          .getResponseCode());
      for (String path : List.of("/v1/health/ready", "/v1/recommend?user=7", "/v1/health")) {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + path).toURL().openConnection();
        assertEquals(503, c.getResponseCode(), path);
        assertEquals("application/problem+json; charset=utf-8", c.getHeaderField("Content-Type"));
      }
      assertEquals(200, ((HttpURLConnection) URI.create(base + "/v1/metrics").toURL().openConnection())
          .getResponseCode(), "metrics answer while loading");
      long before = service.metrics().requests();
      loading.serve(service, dev.videorec.app.model.ExternalIds.NUMERIC, Map.of("videos", 30));
      assertEquals(before, service.metrics().requests(), "the warm-up requests are not counted");
      assertTrue(loading.ready());
      assertEquals(200, ((HttpURLConnection) URI.create(base + "/v1/health/ready").toURL().openConnection())
          .getResponseCode());
      assertEquals(200, ((HttpURLConnection) URI.create(base + "/v1/recommend?user=7").toURL().openConnection())
          .getResponseCode());
    }
  }

  @Test
  void historyUsersAndBothModesForThePage() throws Exception {
    assertEquals(List.of(7), JSON.convertValue(get("/v1/users").body().get("users"), List.class));
    Answer h = get("/v1/history?user=nobody");
    assertEquals("nobody", h.body().get("user").asText());
    assertEquals(false, h.body().get("known").asBoolean());
    assertEquals(0, h.body().get("watched").size());
    Answer dynamic = get("/v1/recommend?user=7&k=3&explain=true&mode=dynamic");
    assertEquals("dynamic", dynamic.body().get("mode").asText());
    JsonNode bySource = dynamic.body().get("trace").get("candidatesBySource");
    assertEquals(30, bySource.get("test-source").get("count").asInt());
    assertEquals(RecommendationService.CANDIDATES_SHOWN, bySource.get("test-source").get("first").size());
    // Static on a dynamic server: the user's batch list, made on first use, minus what the batch's history holds.
    Answer fromBatch = get("/v1/recommend?user=7&k=3&mode=static");
    assertEquals("static", fromBatch.body().get("mode").asText());
    assertEquals(3, fromBatch.body().get("recommendations").get(0).get("video").asInt(),
        "videos 1 and 2 were watched by the batch's time");
  }

  @Test
  void theWebPageAndItsAssetsAreServed() throws Exception {
    Map<String, String> types = Map.of("/", "text/html; charset=utf-8", "/ui/app.js",
        "text/javascript; charset=utf-8", "/ui/style.css", "text/css; charset=utf-8");
    for (Map.Entry<String, String> e : types.entrySet()) {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + server.port() + e.getKey()).toURL()
          .openConnection();
      assertEquals(200, c.getResponseCode(), e.getKey());
      assertEquals(e.getValue(), c.getHeaderField("Content-Type"), e.getKey());
      assertTrue(c.getInputStream().readAllBytes().length > 500, e.getKey());
    }
    String html = new String(URI.create("http://127.0.0.1:" + server.port() + "/").toURL().openStream()
        .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(html.contains("/ui/app.js") && !html.contains("http://") && !html.contains("https://"),
        "no CDN: every asset comes from this server");
    assertEquals(405, call("POST", "/").status());
  }
}

package dev.videorec.app.serving;

import dev.videorec.core.json.Json;
import dev.videorec.app.model.ExternalIds;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.videorec.core.UserId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP JSON API over a {@link RecommendationService}, on the JDK's built-in server.
 *
 * <pre>
 *   GET /recommend?user=ID[&amp;k=N][&amp;explain=true][&amp;region=R]   the list (k defaults to 10)
 *   GET /health                                           status, mode, users, videos, uptime
 *   GET /metrics                                          latency p50/p95/p99 per stage, counts
 * </pre>
 * A bad parameter (a missing or over-long user id, k out of range, explain not true/false, an unknown parameter)
 * is a 400 with {@code {"error": "..."}}; an unknown path a 404; a method other than GET a 405; a failure inside
 * the service a 500 (counted as an error in the metrics). A request for an unknown user, whatever the id's shape,
 * is not an error: it is a cold start.
 */
public final class RecommendServer implements AutoCloseable {
  static {
    // The JDK server writes a response's headers and body in separate packets; with Nagle's algorithm on, the body
    // waits for the client's delayed ACK of the headers (40 ms on Linux). Must be set before the server's
    // configuration class loads.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectWriter JSON = Json.compact();
  private static final Set<String> RECOMMEND_PARAMS = Set.of("user", "k", "explain", "region");
  public static final int DEFAULT_K = 10;

  private final HttpServer server;
  private final ExecutorService threads;
  private final RecommendationService service;
  private final ExternalIds ids;
  private final Map<String, Object> health;
  private final long started = System.nanoTime();

  /**
   * Binds to {@code port} on the loopback address ({@code host} null) or {@code host}, and starts serving.
   *
   * @param port    0 for any free port
   * @param threads HTTP worker threads
   * @param info    fixed facts added to {@code /health} (model, videos, ...)
   */
  public RecommendServer(RecommendationService service, String host, int port, int threads,
                         Map<String, Object> info) throws IOException {
    this(service, ExternalIds.NUMERIC, host, port, threads, info);
  }

  /** As above, with the ids the API speaks. */
  public RecommendServer(RecommendationService service, ExternalIds ids, String host, int port, int threads,
                         Map<String, Object> info) throws IOException {
    this.service = service;
    this.ids = java.util.Objects.requireNonNull(ids, "ids");
    this.health = new LinkedHashMap<>(info);
    InetSocketAddress address = host == null ? new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port)
        : new InetSocketAddress(host, port);
    this.server = HttpServer.create(address, 256);
    this.threads = Executors.newFixedThreadPool(threads, dev.videorec.core.stage.Budgeted.daemonThreads("http"));
    server.setExecutor(this.threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      URI uri = ex.getRequestURI();
      String path = uri.getPath();
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, error("method " + ex.getRequestMethod() + " not allowed; use GET"));
        return;
      }
      switch (path) {
        case "/recommend" -> recommend(ex, uri);
        case "/health" -> {
          Map<String, Object> h = new LinkedHashMap<>();
          h.put("status", "ok");
          h.putAll(health);
          h.put("mode", service.config().mode().name().toLowerCase(java.util.Locale.ROOT));
          h.put("users", service.users().size());
          h.put("uptimeSeconds", (System.nanoTime() - started) / 1_000_000_000L);
          send(ex, 200, h);
        }
        case "/metrics" -> send(ex, 200, service.metrics().snapshot());
        default -> send(ex, 404, error("no endpoint " + path + "; endpoints: /recommend, /health, /metrics"));
      }
    } catch (IOException e) {
      // The client went away; nothing to answer.
    }
  }

  private void recommend(HttpExchange ex, URI uri) throws IOException {
    Map<String, String> q;
    UserId user;
    int k;
    boolean explain;
    try {
      q = query(uri.getRawQuery());
      for (String name : q.keySet()) {
        if (!RECOMMEND_PARAMS.contains(name)) {
          throw new BadRequest("unknown parameter '" + name + "'; parameters: user, k, explain, region");
        }
      }
      user = user(q.get("user"), ids);
      k = k(q.get("k"), service.config().maxK());
      explain = bool("explain", q.get("explain"));
    } catch (BadRequest e) {
      service.metrics().badRequest();
      send(ex, 400, error(e.getMessage()));
      return;
    }
    RecommendationService.Response r;
    try {
      r = service.recommend(user, k, q.get("region"));
    } catch (RuntimeException e) {
      service.metrics().error();
      send(ex, 500, error("internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())));
      return;
    }
    Map<String, Object> json = RecommendationService.toJson(r, explain, ids);
    if (user.equals(ExternalIds.NOT_A_NUMBER)) {
      json.put("user", q.get("user"));
    }
    send(ex, 200, json);
  }

  private static final class BadRequest extends Exception {
    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  private static Map<String, String> query(String raw) throws BadRequest {
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new BadRequest("malformed query string: " + e.getMessage());
      }
      if (q.put(name, value) != null) {
        throw new BadRequest("parameter '" + name + "' is given twice");
      }
    }
    return q;
  }

  /** A user id as {@code ids} spells it. */
  static UserId user(String v, ExternalIds ids) throws BadRequest {
    if (v == null || v.isEmpty()) {
      throw new BadRequest("parameter 'user' is required, e.g. /recommend?user=42");
    }
    try {
      return ids.user(v);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(e.getMessage());
    }
  }

  static int k(String v, int max) throws BadRequest {
    if (v == null) {
      return Math.min(DEFAULT_K, max);
    }
    try {
      int k = Integer.parseInt(v);
      if (k >= 1 && k <= max) {
        return k;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequest("k must be an integer in [1, " + max + "], got '" + v + "'");
  }

  static boolean bool(String name, String v) throws BadRequest {
    if (v == null || v.equals("false")) {
      return false;
    }
    if (v.equals("true")) {
      return true;
    }
    throw new BadRequest(name + " must be true or false, got '" + v + "'");
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }

  private static void send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops accepting requests, lets those in flight finish (up to a second), and stops the threads. */
  @Override
  public void close() {
    server.stop(1);
    threads.shutdownNow();
  }
}

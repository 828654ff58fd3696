package dev.videorec.app.serving;

import dev.videorec.app.model.ExternalIds;
import dev.videorec.core.UserId;
import dev.videorec.core.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP JSON API over a {@link RecommendationService}, on an embedded Jetty server.
 *
 * <pre>
 *   GET /recommend?user=ID[&amp;k=N][&amp;explain=true][&amp;region=R]   the list (k defaults to 10)
 *   GET /health                                           status, mode, users, videos, uptime
 *   GET /metrics                                          latency p50/p95/p99 per stage, counts
 * </pre>
 * A bad parameter (a missing or over-long user id, k out of range, explain not true/false, an unknown parameter,
 * a malformed query string) is a 400 with {@code {"error": "..."}}; an unknown path a 404; a method other than GET
 * a 405 with {@code Allow: GET}; a failure inside the service a 500 (counted as an error in the metrics). A request
 * for an unknown user, whatever the id's shape, is not an error: it is a cold start.
 *
 * <p>Requests that are not HTTP the server speaks get the same JSON error and are counted as bad requests: a
 * request line longer than the header buffer is a 414, headers beyond it a 431, an unknown HTTP version a 505,
 * anything unparseable a 400. Requests are read without blocking a worker thread, so slow or idle clients cost
 * a connection, not a thread, and {@link Limits} bounds the connections: in all, per client address, how long a
 * request may take to arrive once it has begun (then 408 and the connection is closed) and how long a connection
 * may sit idle.
 */
public final class RecommendServer implements AutoCloseable {
  private static final com.fasterxml.jackson.databind.ObjectWriter JSON = Json.compact();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecommendServer.class);
  private static final Set<String> RECOMMEND_PARAMS = Set.of("user", "k", "explain", "region");
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";
  public static final int DEFAULT_K = 10;

  /**
   * How much the server lets clients take.
   *
   * @param threads               worker threads that run requests; reading and writing use none while waiting
   * @param maxConnections        open connections in all; beyond it new ones wait in the accept queue
   * @param maxConnectionsPerClient open connections from one client address; beyond it new ones are closed
   * @param requestTimeout        how long a request may take to arrive once its first byte has (then 408)
   * @param idleTimeout           how long a connection may sit without a byte before it is closed
   */
  public record Limits(int threads, int maxConnections, int maxConnectionsPerClient, Duration requestTimeout,
                       Duration idleTimeout) {
    public Limits {
      inRange("threads", threads, 1, 1024);
      inRange("maxConnections", maxConnections, 1, 100_000);
      inRange("maxConnectionsPerClient", maxConnectionsPerClient, 1, maxConnections);
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(idleTimeout, "idleTimeout");
      if (requestTimeout.toMillis() < 100 || idleTimeout.toMillis() < 100) {
        throw new IllegalArgumentException("requestTimeout and idleTimeout must be at least 100 ms");
      }
    }

    /** The defaults of {@code videorec serve}, with {@code threads} workers. */
    public static Limits defaults(int threads) {
      return new Limits(threads, 1024, 256, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    private static void inRange(String name, int v, int min, int max) {
      if (v < min || v > max) {
        throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
      }
    }
  }

  private final Server server;
  private final ServerConnector connector;
  private final ScheduledExecutorService sweeper;
  private final Limits limits;
  private final RecommendationService service;
  private final ExternalIds ids;
  private final Map<String, Object> health;
  private final long started = System.nanoTime();
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final LongAdder refusedConnections = new LongAdder();
  private final LongAdder requestTimeouts = new LongAdder();

  /**
   * Binds to {@code port} on the loopback address ({@code host} null) or {@code host}, and starts serving.
   *
   * @param port    0 for any free port
   * @param threads HTTP worker threads
   * @param info    fixed facts added to {@code /health} (model, videos, ...)
   */
  public RecommendServer(RecommendationService service, String host, int port, int threads,
                         Map<String, Object> info) throws IOException {
    this(service, ExternalIds.NUMERIC, host, port, Limits.defaults(threads), info);
  }

  /** As above, with the ids the API speaks and the given limits. */
  public RecommendServer(RecommendationService service, ExternalIds ids, String host, int port, Limits limits,
                         Map<String, Object> info) throws IOException {
    this.service = service;
    this.ids = Objects.requireNonNull(ids, "ids");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.health = new LinkedHashMap<>(info);
    // One acceptor and one selector thread read and write for every connection; the workers only run requests.
    QueuedThreadPool pool = new QueuedThreadPool(limits.threads() + 2, Math.min(limits.threads() + 2, 4));
    pool.setName("http");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    server = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setIdleTimeout(limits.idleTimeout().toMillis());
    connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(host == null ? InetAddress.getLoopbackAddress().getHostAddress() : host);
    connector.setPort(port);
    connector.setIdleTimeout(limits.idleTimeout().toMillis());
    connector.setAcceptQueueSize(256);
    connector.addEventListener(new Connection.Listener() {
      @Override
      public void onOpened(Connection c) {
        opened(c);
      }

      @Override
      public void onClosed(Connection c) {
        closed(c);
      }
    });
    server.addConnector(connector);
    server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
    server.setHandler(new Api());
    server.setErrorHandler(new JsonErrors());
    server.setStopTimeout(1000);
    sweeper = Executors.newSingleThreadScheduledExecutor(dev.videorec.core.stage.Budgeted.daemonThreads("http-sweep"));
    long period = Math.max(50, Math.min(1000, limits.requestTimeout().toMillis() / 10));
    sweeper.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    try {
      server.start();
    } catch (IOException e) {
      close();
      throw e;
    } catch (Exception e) {
      close();
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The port the server listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The connections open now. */
  public int openConnections() {
    return open.size();
  }

  // --- connections: per-client cap and the request deadline -----------------------------------------------------

  /** Progress of one connection's current request, as the sweep last saw it. */
  private static final class Watch {
    final InetAddress client;
    long messages;
    long bytesAtLastMessage;
    long begunNanos = -1;

    Watch(InetAddress client) {
      this.client = client;
    }
  }

  private void opened(Connection c) {
    InetAddress client = clientOf(c.getEndPoint());
    Watch w = new Watch(client);
    open.put(c, w);
    if (client != null && perClient.computeIfAbsent(client, a -> new AtomicInteger()).incrementAndGet()
        > limits.maxConnectionsPerClient()) {
      refusedConnections.increment();
      c.getEndPoint().close();
    }
  }

  private void closed(Connection c) {
    Watch w = open.remove(c);
    if (w != null && w.client != null) {
      perClient.computeIfPresent(w.client, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
  }

  private static InetAddress clientOf(EndPoint endPoint) {
    SocketAddress remote = endPoint.getRemoteSocketAddress();
    return remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  /**
   * Answers 408 and closes every connection whose current request began arriving more than the request timeout
   * ago and is still incomplete. A request has begun when bytes arrived since the last complete one.
   */
  private void sweep() {
    long now = System.nanoTime();
    long timeout = limits.requestTimeout().toNanos();
    open.forEach((c, w) -> {
      long messages = c.getMessagesIn();
      long bytes = c.getBytesIn();
      if (messages != w.messages) {
        w.messages = messages;
        w.bytesAtLastMessage = bytes;
        w.begunNanos = -1;
      } else if (bytes > w.bytesAtLastMessage && w.begunNanos < 0) {
        w.begunNanos = now;
      } else if (w.begunNanos >= 0 && now - w.begunNanos > timeout) {
        w.begunNanos = Long.MAX_VALUE / 2;   // answered once
        requestTimeouts.increment();
        service.metrics().badRequest();
        EndPoint endPoint = c.getEndPoint();
        byte[] body = body(error("request not received within " + limits.requestTimeout().toMillis() + " ms"));
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + CONTENT_TYPE + "\r\nContent-Length: "
            + body.length + "\r\nConnection: close\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + body.length)
            .put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        try {
          endPoint.write(Callback.from(endPoint::close, x -> endPoint.close()), out);
        } catch (RuntimeException e) {
          endPoint.close();   // a response is being written after all; the connection goes either way
        }
      }
    });
  }

  // --- the API --------------------------------------------------------------------------------------------------

  private final class Api extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = request.getHttpURI().getPath();
      if (!"GET".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        send(response, callback, 405, error("method " + request.getMethod() + " not allowed; use GET"));
        return true;
      }
      switch (path) {
        case "/recommend" -> recommend(request.getHttpURI().getQuery(), response, callback);
        case "/health" -> send(response, callback, 200, health());
        case "/metrics" -> send(response, callback, 200, metrics());
        default -> send(response, callback, 404,
            error("no endpoint " + path + "; endpoints: /recommend, /health, /metrics"));
      }
      return true;
    }
  }

  private Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.putAll(health);
    h.put("mode", service.config().mode().name().toLowerCase(java.util.Locale.ROOT));
    h.put("users", service.users().size());
    h.put("uptimeSeconds", (System.nanoTime() - started) / 1_000_000_000L);
    return h;
  }

  private Map<String, Object> metrics() {
    Map<String, Object> m = service.metrics().snapshot();
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("open", open.size());
    c.put("refused", refusedConnections.sum());
    c.put("requestTimeouts", requestTimeouts.sum());
    m.put("connections", c);
    m.put("process", process());
    return m;
  }

  /** The server process's memory and threads: heap in use and committed, resident set (Linux), live threads. */
  static Map<String, Object> process() {
    java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean()
        .getHeapMemoryUsage();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("heapUsedBytes", heap.getUsed());
    p.put("heapCommittedBytes", heap.getCommitted());
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          p.put("rssBytes", Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no resident set size
    }
    p.put("threads", Thread.activeCount());
    return p;
  }

  private void recommend(String rawQuery, Response response, Callback callback) {
    Map<String, String> q;
    UserId user;
    int k;
    boolean explain;
    try {
      q = query(rawQuery);
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
      send(response, callback, 400, error(e.getMessage()));
      return;
    }
    RecommendationService.Response r;
    try {
      r = service.recommend(user, k, q.get("region"));
    } catch (RuntimeException e) {
      LOG.warn("request for user {} failed", user, e);
      service.metrics().error();
      send(response, callback, 500, error("internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage())));
      return;
    }
    Map<String, Object> json = RecommendationService.toJson(r, explain, ids);
    if (user.equals(ExternalIds.NOT_A_NUMBER)) {
      json.put("user", q.get("user"));
    }
    send(response, callback, 200, json);
  }

  /**
   * Jetty's answer to what never reached {@link Api}: malformed request lines, over-long URIs and headers,
   * unknown versions. The same JSON error as the API's, counted as a bad request.
   */
  private final class JsonErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus();
      Object message = request.getAttribute(ERROR_MESSAGE);
      if (status >= 500 && status != 505) {
        service.metrics().error();
      } else {
        service.metrics().badRequest();
      }
      String reason = org.eclipse.jetty.http.HttpStatus.getMessage(status);
      String text = message == null || message.toString().isBlank() || message.toString().equals(reason) ? reason
          : reason + ": " + message;
      send(response, callback, status, error(text));
      return true;
    }
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

  private static byte[] body(Object json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(Response response, Callback callback, int status, Object json) {
    byte[] bytes = body(json);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  /** Stops accepting requests, lets those in flight finish (up to a second), and stops the threads. */
  @Override
  public void close() {
    sweeper.shutdownNow();
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping is best effort: the threads are daemons.
    }
  }
}

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
import java.util.List;
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
 * The HTTP JSON API over a {@link RecommendationService}, on an embedded Jetty server. Its contract is the
 * OpenAPI 3.1 document {@code openapi.json} beside this class, served at {@code /v1/openapi.json}.
 *
 * <pre>
 *   GET /v1/recommend?user=ID[&amp;k=N][&amp;explain=true][&amp;region=R][&amp;mode=static|dynamic]   the list
 *   GET /v1/history?user=ID[&amp;n=N]                          what the user watched lately, most recent first
 *   GET /v1/users[?n=N]                                      known users, for pickers
 *   GET /v1/health                                           status, mode, users, videos, uptime
 *   GET /v1/health/live                                      200 while the process runs
 *   GET /v1/health/ready                                     200 once the model is loaded and warmed up, else 503
 *   GET /v1/metrics                                          Prometheus text format
 *   GET /v1/metrics.json                                     latency p50/p95/p99 per stage, counts, connections
 *   GET /v1/openapi.json                                     this API's contract
 * </pre>
 * Every path also answers without the {@code /v1} prefix. {@code /} is a web page over this API (plain HTML, CSS
 * and JavaScript from the resources in {@code ui/}): pick a user, see their history, the candidates by source, the
 * list with each re-ranking decision and the latency per stage. Errors are {@code application/problem+json}
 * (RFC 9457: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}): a bad parameter (a
 * missing or over-long user id, k out of range, explain not true/false, an unknown parameter, a malformed query
 * string) is a 400; an unknown path a 404; a method other than GET a 405 with {@code Allow: GET}; a request before
 * the model is ready a 503; a failure inside the service a 500 (counted as an error in the metrics). Every
 * response carries an {@code X-Request-Id}: the client's own when it sent a well-formed one, else a new one. A
 * request for an unknown user, whatever the id's shape, is not an error: it is a cold start.
 *
 * <p>Requests that are not HTTP the server speaks get the same problem document and are counted as bad requests: a
 * request line longer than the header buffer is a 414, headers beyond it a 431, an unknown HTTP version a 505,
 * anything unparseable a 400. Requests are read without blocking a worker thread, so slow or idle clients cost
 * a connection, not a thread, and {@link Limits} bounds the connections: in all, per client address, how long a
 * request may take to arrive once it has begun (then 408 and the connection is closed) and how long a connection
 * may sit idle.
 */
public final class RecommendServer implements AutoCloseable {
  private static final com.fasterxml.jackson.databind.ObjectWriter JSON = Json.compact();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecommendServer.class);
  private static final Set<String> RECOMMEND_PARAMS = Set.of("user", "k", "explain", "region", "mode");
  /** The web page and its assets: not part of the API, served from the resources beside this class. */
  private static final Map<String, String[]> PAGE = Map.of(
      "/", new String[] {"ui/index.html", "text/html; charset=utf-8"},
      "/ui/app.js", new String[] {"ui/app.js", "text/javascript; charset=utf-8"},
      "/ui/style.css", new String[] {"ui/style.css", "text/css; charset=utf-8"});
  private static final Map<String, byte[]> PAGE_BYTES = pageBytes();
  /** The most {@code n} of {@code /history} and {@code /users} may ask for. */
  public static final int MAX_LIST = 1000;
  private static final String CONTENT_TYPE = "application/json; charset=utf-8";
  private static final String PROBLEM_TYPE = "application/problem+json; charset=utf-8";
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String REQUEST_ID = "X-Request-Id";
  /** A client's request id the server echoes: 1-128 of letters, digits and {@code . _ : -}. */
  private static final java.util.regex.Pattern CLIENT_REQUEST_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  /** The API's version prefix; every path answers with and without it. */
  public static final String VERSION_PREFIX = "/v1";
  /** Every endpoint, without the version prefix, and the query parameters it takes. */
  public static final Map<String, Set<String>> ENDPOINTS = endpoints();
  /** The most requests {@link #serve} answers (unrecorded) before the server says it is ready. */
  public static final int WARM_UP_REQUESTS = 200;
  /**
   * The warm-up ends earlier once this many requests in a row were answered as planned (no stage overran its
   * budget or fell back): the code paths a request takes are compiled by then, and the JIT's later tiers arrive
   * under traffic, which the budgets absorb.
   */
  public static final int WARM_UP_STREAK = 32;
  private static final byte[] OPENAPI = openApi();
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
  private volatile Served served;
  private final long started = System.nanoTime();
  private final Map<Connection, Watch> open = new ConcurrentHashMap<>();
  private final Map<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();
  private final LongAdder refusedConnections = new LongAdder();
  private final LongAdder requestTimeouts = new LongAdder();
  private final java.util.concurrent.atomic.AtomicLong requestIds = new java.util.concurrent.atomic.AtomicLong();
  private final String idPrefix = Long.toHexString(System.currentTimeMillis());
  /** Counts malformed requests that arrive before a model is served. */
  private final ServingMetrics idleMetrics = new ServingMetrics();

  /** What is being served, once it is ready. */
  private record Served(RecommendationService service, ExternalIds ids, Map<String, Object> health) {}

  private static Map<String, Set<String>> endpoints() {
    Map<String, Set<String>> e = new LinkedHashMap<>();
    e.put("/recommend", RECOMMEND_PARAMS);
    e.put("/history", Set.of("user", "n"));
    e.put("/users", Set.of("n"));
    for (String path : List.of("/health", "/health/live", "/health/ready", "/metrics", "/metrics.json",
        "/openapi.json")) {
      e.put(path, Set.of());
    }
    return java.util.Collections.unmodifiableMap(e);
  }

  private static Map<String, byte[]> pageBytes() {
    Map<String, byte[]> bytes = new HashMap<>();
    PAGE.forEach((path, file) -> {
      try (java.io.InputStream in = RecommendServer.class.getResourceAsStream(file[0])) {
        if (in == null) {
          throw new IllegalStateException(file[0] + " is missing from the class path");
        }
        bytes.put(path, in.readAllBytes());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return Map.copyOf(bytes);
  }

  private static byte[] openApi() {
    try (java.io.InputStream in = RecommendServer.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * Binds to {@code port} on the loopback address ({@code host} null) or {@code host}, and serves
   * {@code service} once it is warmed up.
   *
   * @param port    0 for any free port
   * @param threads HTTP worker threads
   * @param info    fixed facts added to {@code /health} (model, videos, ...)
   */
  public RecommendServer(RecommendationService service, String host, int port, int threads,
                         Map<String, Object> info) throws IOException {
    this(host, port, Limits.defaults(threads));
    serve(service, ExternalIds.NUMERIC, info);
  }

  /** As above, with the ids the API speaks and the given limits. */
  public RecommendServer(RecommendationService service, ExternalIds ids, String host, int port, Limits limits,
                         Map<String, Object> info) throws IOException {
    this(host, port, limits);
    serve(service, ids, info);
  }

  /**
   * Binds and starts answering with nothing to serve yet: {@code /health/live} is 200, {@code /health/ready} and
   * {@code /recommend} 503 until {@link #serve}.
   */
  public RecommendServer(String host, int port, Limits limits) throws IOException {
    this.limits = Objects.requireNonNull(limits, "limits");
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
    server.setErrorHandler(new ProblemErrors());
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

  /**
   * Serves {@code service}: answers requests for its known users without recording them, until
   * {@value #WARM_UP_STREAK} in a row ran as planned or {@value #WARM_UP_REQUESTS} were answered (so the code paths
   * are compiled before the first client waits), then reports ready.
   *
   * @param info fixed facts added to {@code /health} (model, videos, ...) and to {@code videorec_model_info}
   * @return the warm-up requests answered
   */
  public int serve(RecommendationService service, ExternalIds ids, Map<String, Object> info) {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(ids, "ids");
    List<UserId> users = service.users().stream().sorted().limit(WARM_UP_REQUESTS).toList();
    int[] answered = new int[1];
    service.metrics().unrecorded(() -> {
      int streak = 0;
      while (answered[0] < WARM_UP_REQUESTS && streak < WARM_UP_STREAK && !users.isEmpty()) {
        RecommendationService.Response r = service.recommend(users.get(answered[0]++ % users.size()),
            Math.min(DEFAULT_K, service.config().maxK()), null);
        streak = r.degraded().isEmpty() ? streak + 1 : 0;
      }
    });
    Map<String, String> labels = new java.util.TreeMap<>();
    info.forEach((k, v) -> labels.put(k, String.valueOf(v)));
    labels.put("mode", service.config().mode().name().toLowerCase(java.util.Locale.ROOT));
    service.metrics().info(labels);
    service.metrics().gauge("videorec.http.connections.open", "open HTTP connections", open::size);
    service.metrics().counter("videorec.http.connections.refused", "connections closed at once: their client "
        + "held its share already", refusedConnections::sum);
    service.metrics().counter("videorec.http.request.timeouts", "requests answered 408: not complete in time",
        requestTimeouts::sum);
    served = new Served(service, ids, new LinkedHashMap<>(info));
    LOG.info("ready on port {}: {} users, {} mode, after {} warm-up requests", port(), service.users().size(),
        service.config().mode().name().toLowerCase(java.util.Locale.ROOT), answered[0]);
    return answered[0];
  }

  /** Whether a model is being served (after its warm-up). */
  public boolean ready() {
    return served != null;
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
      LOG.info("closed a connection from {}: it holds {} already", client, limits.maxConnectionsPerClient());
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
        metrics().badRequest();
        LOG.debug("408 for a request from {} not complete in time", w.client);
        EndPoint endPoint = c.getEndPoint();
        String id = newRequestId();
        byte[] body = body(problem(408, "request not received within " + limits.requestTimeout().toMillis()
            + " ms", null));
        String head = "HTTP/1.1 408 Request Timeout\r\nContent-Type: " + PROBLEM_TYPE + "\r\nContent-Length: "
            + body.length + "\r\n" + REQUEST_ID + ": " + id + "\r\nConnection: close\r\n\r\n";
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

  private ServingMetrics metrics() {
    Served s = served;
    return s == null ? idleMetrics : s.service().metrics();
  }

  private String newRequestId() {
    return idPrefix + "-" + Long.toHexString(requestIds.incrementAndGet());
  }

  /** The client's request id when it is a sane token (1-128 of letters, digits and {@code . _ : -}), else new. */
  private String requestId(Request request) {
    String given = request.getHeaders().get(REQUEST_ID);
    return given != null && CLIENT_REQUEST_ID.matcher(given).matches() ? given : newRequestId();
  }

  private final class Api extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String id = requestId(request);
      response.getHeaders().put(REQUEST_ID, id);
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} {} {} from {}", id, request.getMethod(), request.getHttpURI().getPathQuery(),
            Request.getRemoteAddr(request));
      }
      String path = request.getHttpURI().getPath();
      String route = path.startsWith(VERSION_PREFIX + "/") ? path.substring(VERSION_PREFIX.length()) : path;
      Served s = served;
      if (PAGE.containsKey(path) && "GET".equals(request.getMethod())) {
        write(response, callback, 200, PAGE.get(path)[1], PAGE_BYTES.get(path));
        return true;
      }
      if (!ENDPOINTS.containsKey(route) && !PAGE.containsKey(path)) {
        problem(response, callback, 404, "no endpoint " + path + "; endpoints: " + String.join(", ",
            ENDPOINTS.keySet().stream().map(e -> VERSION_PREFIX + e).toList()), path);
        return true;
      }
      if (!"GET".equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        problem(response, callback, 405, "method " + request.getMethod() + " not allowed; use GET", path);
        return true;
      }
      switch (route) {
        case "/health/live" -> send(response, callback, 200, Map.of("status", "live"));
        case "/health/ready" -> {
          if (s == null) {
            problem(response, callback, 503, "the model is loading", path);
          } else {
            send(response, callback, 200, Map.of("status", "ready"));
          }
        }
        case "/openapi.json" -> write(response, callback, 200, CONTENT_TYPE, OPENAPI);
        case "/metrics" -> write(response, callback, 200, PROMETHEUS_TYPE,
            metrics().prometheus().getBytes(StandardCharsets.UTF_8));
        case "/metrics.json" -> send(response, callback, 200, metricsJson());
        default -> {
          if (s == null) {
            problem(response, callback, 503, "the model is loading; try again when /v1/health/ready answers 200",
                path);
          } else if (route.equals("/health")) {
            send(response, callback, 200, health(s));
          } else if (route.equals("/history") || route.equals("/users")) {
            lists(s, route, request.getHttpURI().getQuery(), path, response, callback);
          } else {
            recommend(s, request.getHttpURI().getQuery(), path, response, callback);
          }
        }
      }
      return true;
    }
  }

  private Map<String, Object> health(Served s) {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.putAll(s.health());
    h.put("mode", s.service().config().mode().name().toLowerCase(java.util.Locale.ROOT));
    h.put("users", s.service().users().size());
    h.put("uptimeSeconds", (System.nanoTime() - started) / 1_000_000_000L);
    return h;
  }

  private Map<String, Object> metricsJson() {
    Map<String, Object> m = metrics().snapshot();
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

  private void recommend(Served s, String rawQuery, String path, Response response, Callback callback) {
    RecommendationService service = s.service();
    ExternalIds ids = s.ids();
    Map<String, String> q;
    UserId user;
    int k;
    boolean explain;
    ServingConfig.Mode mode;
    try {
      q = query(rawQuery);
      for (String name : q.keySet()) {
        if (!RECOMMEND_PARAMS.contains(name)) {
          throw new BadRequest("unknown parameter '" + name + "'; parameters: user, k, explain, region, mode");
        }
      }
      user = user(q.get("user"), ids);
      k = k(q.get("k"), service.config().maxK());
      explain = bool("explain", q.get("explain"));
      mode = mode(q.get("mode"), service.config().mode());
    } catch (BadRequest e) {
      service.metrics().badRequest();
      problem(response, callback, 400, e.getMessage(), path);
      return;
    }
    RecommendationService.Response r;
    try {
      r = service.recommend(user, k, q.get("region"), mode);
    } catch (RuntimeException e) {
      LOG.warn("request for user {} failed", user, e);
      service.metrics().error();
      problem(response, callback, 500, "internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()), path);
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
   * unknown versions. The same problem document as the API's, counted as a bad request.
   */
  private final class ProblemErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      int status = response.getStatus();
      Object message = request.getAttribute(ERROR_MESSAGE);
      Object cause = request.getAttribute(ERROR_EXCEPTION);
      // A client that hung up half way (or whose connection the request timeout closed) is no request at all.
      boolean hungUp = cause instanceof org.eclipse.jetty.io.EofException
          || cause instanceof Throwable t && t.getCause() instanceof org.eclipse.jetty.io.EofException
          || "Early EOF".equals(message);
      if (hungUp) {
        callback.succeeded();
        return true;
      }
      if (status >= 500 && status != 505) {
        metrics().error();
      } else {
        metrics().badRequest();
      }
      String reason = org.eclipse.jetty.http.HttpStatus.getMessage(status);
      String detail = message == null || message.toString().isBlank() || message.toString().equals(reason)
          ? reason : message.toString();
      response.getHeaders().put(REQUEST_ID, newRequestId());
      problem(response, callback, status, detail, null);
      return true;
    }
  }

  /** {@code /history?user=ID&n=N} (the user's latest videos) and {@code /users?n=N} (known users, for pickers). */
  private void lists(Served s, String route, String rawQuery, String path, Response response, Callback callback) {
    Map<String, Object> json = new LinkedHashMap<>();
    try {
      Map<String, String> q = query(rawQuery);
      for (String name : q.keySet()) {
        if (!ENDPOINTS.get(route).contains(name)) {
          throw new BadRequest("unknown parameter '" + name + "'; parameters: "
              + String.join(", ", new java.util.TreeSet<>(ENDPOINTS.get(route))));
        }
      }
      int n = count(q.get("n"), route.equals("/users") ? 50 : 20);
      if (route.equals("/users")) {
        List<Object> users = new java.util.ArrayList<>();
        s.service().users(n).forEach(u -> users.add(s.ids().user(u)));
        json.put("users", users);
      } else {
        UserId user = user(q.get("user"), s.ids());
        json.put("user", user.equals(ExternalIds.NOT_A_NUMBER) ? q.get("user") : s.ids().user(user));
        json.put("known", s.service().knows(user));
        List<Object> watched = new java.util.ArrayList<>();
        s.service().history(user, n).forEach(v -> watched.add(s.ids().video(v)));
        json.put("watched", watched);
      }
    } catch (BadRequest e) {
      s.service().metrics().badRequest();
      problem(response, callback, 400, e.getMessage(), path);
      return;
    }
    send(response, callback, 200, json);
  }

  static int count(String v, int fallback) throws BadRequest {
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= MAX_LIST) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadRequest("n must be an integer in [1, " + MAX_LIST + "], got '" + v + "'");
  }

  static ServingConfig.Mode mode(String v, ServingConfig.Mode fallback) throws BadRequest {
    if (v == null) {
      return fallback;
    }
    return switch (v) {
      case "dynamic" -> ServingConfig.Mode.DYNAMIC;
      case "static" -> ServingConfig.Mode.STATIC;
      default -> throw new BadRequest("mode must be dynamic or static, got '" + v + "'");
    };
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

  /** An RFC 9457 problem document; {@code instance} (the request's path) may be null. */
  static Map<String, Object> problem(int status, String detail, String instance) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", "about:blank");
    p.put("title", org.eclipse.jetty.http.HttpStatus.getMessage(status));
    p.put("status", status);
    p.put("detail", detail);
    if (instance != null) {
      p.put("instance", instance);
    }
    return p;
  }

  private static void problem(Response response, Callback callback, int status, String detail, String instance) {
    write(response, callback, status, PROBLEM_TYPE, body(problem(status, detail, instance)));
  }

  private static byte[] body(Object json) {
    try {
      return JSON.writeValueAsBytes(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(Response response, Callback callback, int status, Object json) {
    write(response, callback, status, CONTENT_TYPE, body(json));
  }

  private static void write(Response response, Callback callback, int status, String type, byte[] bytes) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
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

package dev.videorec.app.serving;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What {@code /metrics} reports: latency percentiles per stage and end to end, and counts of requests, errors,
 * bad requests, cold starts and fallbacks (by kind). Thread-safe; counts since the service started.
 */
public final class ServingMetrics {
  /** The end-to-end latency's name among the stages. */
  public static final String TOTAL = "total";

  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder badRequests = new LongAdder();
  private final LongAdder coldStarts = new LongAdder();
  private final Map<String, LongAdder> fallbacks = new ConcurrentHashMap<>();

  public void latency(String stage, long nanos) {
    Latencies.recordNanos(latency.computeIfAbsent(stage, s -> Latencies.concurrent()), nanos);
  }

  /** One request answered (successfully or degraded). */
  public void request() {
    requests.increment();
  }

  /** One request that failed with a server error. */
  public void error() {
    errors.increment();
  }

  /** One request rejected for bad parameters. */
  public void badRequest() {
    badRequests.increment();
  }

  public void coldStart() {
    coldStarts.increment();
  }

  /** One fallback of the given kind, such as {@code ranking-timeout}. */
  public void fallback(String kind) {
    fallbacks.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  public long requests() {
    return requests.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public long fallbacks(String kind) {
    LongAdder a = fallbacks.get(kind);
    return a == null ? 0 : a.sum();
  }

  /** How many latencies of {@code stage} were recorded. */
  public long latencyCount(String stage) {
    Histogram h = latency.get(stage);
    return h == null ? 0 : h.getTotalCount();
  }

  /** The {@code q}-quantile of {@code stage}'s latencies in microseconds, 0 when there are none. */
  public long percentileMicros(String stage, double q) {
    Histogram h = latency.get(stage);
    return h == null ? 0 : Latencies.percentileMicros(h, q);
  }

  /** Everything, as nested maps ready for JSON. */
  public Map<String, Object> snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("requests", requests.sum());
    out.put("errors", errors.sum());
    out.put("badRequests", badRequests.sum());
    out.put("coldStarts", coldStarts.sum());
    Map<String, Long> f = new TreeMap<>();
    fallbacks.forEach((k, v) -> f.put(k, v.sum()));
    out.put("fallbacks", f);
    Map<String, Object> l = new TreeMap<>();
    latency.forEach((stage, h) -> {
      Map<String, Long> p = new LinkedHashMap<>();
      p.put("count", h.getTotalCount());
      p.put("p50Micros", Latencies.percentileMicros(h, 0.50));
      p.put("p95Micros", Latencies.percentileMicros(h, 0.95));
      p.put("p99Micros", Latencies.percentileMicros(h, 0.99));
      l.put(stage, p);
    });
    out.put("latency", l);
    return out;
  }
}

package dev.videorec.app.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * What the server reports about itself, in two views of the same counts: Prometheus's text format
 * ({@link #prometheus()}, served at {@code /metrics}, through Micrometer's Prometheus registry, with the JVM's and
 * the process's own meters) and a JSON summary ({@link #snapshot()}, at {@code /metrics.json}: p50/p95/p99 per
 * stage from HdrHistogram, counts of requests by outcome, cold starts, fallbacks by kind). Thread-safe; counts
 * since the service started.
 *
 * <p>The Prometheus names: {@code videorec_requests_total{outcome}}, {@code videorec_stage_latency_seconds}
 * (a histogram per {@code stage}, {@code total} for end to end), {@code videorec_fallbacks_total{kind}},
 * {@code videorec_cold_starts_total{kind}}, {@code videorec_model_info} (1, the model's facts as labels), and
 * {@code jvm_*}, {@code process_*}, {@code system_*} from Micrometer's binders.
 */
public final class ServingMetrics {
  /** The end-to-end latency's name among the stages. */
  public static final String TOTAL = "total";

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder badRequests = new LongAdder();
  private final LongAdder coldStarts = new LongAdder();
  private final Map<String, LongAdder> fallbacks = new ConcurrentHashMap<>();
  private final Map<String, Counter> fallbackCounters = new ConcurrentHashMap<>();
  private final Map<String, Counter> coldStartCounters = new ConcurrentHashMap<>();
  private volatile boolean recording = true;
  private final Counter okCounter;
  private final Counter errorCounter;
  private final Counter badRequestCounter;

  public ServingMetrics() {
    okCounter = outcome("ok");
    errorCounter = outcome("error");
    badRequestCounter = outcome("bad_request");
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);   // keeps a GC listener for the process's life: one registry per service
  }

  private Counter outcome(String outcome) {
    return Counter.builder("videorec.requests").description("requests answered, by outcome")
        .tag("outcome", outcome).register(registry);
  }

  public void latency(String stage, long nanos) {
    if (!recording) {
      return;
    }
    Latencies.recordNanos(latency.computeIfAbsent(stage, s -> Latencies.concurrent()), nanos);
    timers.computeIfAbsent(stage, s -> Timer.builder("videorec.stage.latency")
        .description("latency of each funnel stage, and of the whole request as stage=total")
        .tag("stage", s).publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)).record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** One request answered (successfully or degraded). */
  public void request() {
    if (!recording) {
      return;
    }
    requests.increment();
    okCounter.increment();
  }

  /** One request that failed with a server error. */
  public void error() {
    errors.increment();
    errorCounter.increment();
  }

  /** One request rejected as malformed: bad parameters, HTTP the server does not speak, or too slow to arrive. */
  public void badRequest() {
    badRequests.increment();
    badRequestCounter.increment();
  }

  /** One request for a user the model does not know, answered with the popular videos of {@code kind}. */
  public void coldStart(String kind) {
    if (!recording) {
      return;
    }
    coldStarts.increment();
    coldStartCounters.computeIfAbsent(kind, k -> Counter.builder("videorec.cold.starts")
        .description("requests for users the model does not know, by the list that answered them")
        .tag("kind", k).register(registry)).increment();
  }

  /** One fallback of the given kind, such as {@code ranking-timeout}. */
  public void fallback(String kind) {
    if (!recording) {
      return;
    }
    fallbacks.computeIfAbsent(kind, k -> new LongAdder()).increment();
    fallbackCounters.computeIfAbsent(kind, k -> Counter.builder("videorec.fallbacks")
        .description("stages that failed, were late or found nothing, and what served instead")
        .tag("kind", k).register(registry)).increment();
  }

  /** Runs {@code work} (warm-up requests) without recording anything it does. Not for concurrent use. */
  public void unrecorded(Runnable work) {
    recording = false;
    try {
      work.run();
    } finally {
      recording = true;
    }
  }

  /** A fixed fact about what is served (model, index, mode, ...), as a label of {@code videorec_model_info}. */
  public synchronized void info(Map<String, String> labels) {
    if (registry.find("videorec.model.info").gauge() != null) {
      return;   // served once already: the facts do not change
    }
    Supplier<Number> one = () -> 1;
    Gauge.Builder<Supplier<Number>> g = Gauge.builder("videorec.model.info", one)
        .description("what is served: model directory, index, mode, videos");
    labels.forEach(g::tag);
    g.register(registry);
  }

  /** A value read when scraped, such as the open connections. */
  public synchronized void gauge(String name, String description, Supplier<Number> value) {
    if (registry.find(name).meter() != null) {
      return;   // the first one registered stays
    }
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** A count kept elsewhere, such as the connections refused, exposed as a Prometheus counter. */
  public synchronized void counter(String name, String description, Supplier<Number> value) {
    if (registry.find(name).meter() != null) {
      return;
    }
    io.micrometer.core.instrument.FunctionCounter.builder(name, value, v -> v.get().doubleValue())
        .description(description).register(registry);
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

  /** Everything, in Prometheus's text exposition format (version 0.0.4). */
  public String prometheus() {
    return registry.scrape();
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

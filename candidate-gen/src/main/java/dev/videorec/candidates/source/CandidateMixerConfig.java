package dev.videorec.candidates.source;

import dev.videorec.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The candidate mixer as configured in JSON: which sources run, how many candidates each may contribute, and how
 * long each may take.
 *
 * <pre>
 * {
 *   "maxCandidates": 500,
 *   "sources": [
 *     {"name": "two-tower", "quota": 200, "budgetMillis": 20},
 *     {"name": "trending",  "quota": 100, "budgetMillis": 5}
 *   ]
 * }
 * </pre>
 *
 * Parsing is strict: an unknown or missing key, a repeated source or a bad value fails with a
 * {@link MixerConfigException} naming the key and the value.
 *
 * @param maxCandidates the most candidates the mixer passes on to ranking, {@code 1..}{@value #MAX_CANDIDATES}: the
 *                      ranker's input budget
 * @param sources       one entry per source, in interleaving order; names are unique
 */
public record CandidateMixerConfig(int maxCandidates, List<SourceSpec> sources) {
  /** Default cap on merged candidates: what the ranker scores within its own budget. */
  public static final int DEFAULT_MAX_CANDIDATES = 500;
  /** The largest {@code maxCandidates}: what any ranker can score within a request. */
  public static final int MAX_CANDIDATES = 10_000;

  private static final ObjectMapper MAPPER = Json.mapper();

  /**
   * One source's share of a request.
   *
   * @param name         the source's {@code name()}
   * @param quota        the most candidates asked of it, {@code 1..}{@value #MAX_QUOTA}
   * @param budgetMillis how long the mixer waits for it, {@code 1..60000}; a source still running then is
   *                     abandoned and the request goes on without it
   */
  public record SourceSpec(String name, int quota, long budgetMillis) {
    public static final long MAX_BUDGET_MILLIS = 60_000;
    /** The largest quota: as many candidates as the mixer may pass on. */
    public static final int MAX_QUOTA = MAX_CANDIDATES;

    public SourceSpec {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("source name must not be blank");
      }
      if (quota < 1 || quota > MAX_QUOTA) {
        throw new IllegalArgumentException("quota of source '" + name + "' must be in [1, " + MAX_QUOTA + "], got "
            + quota);
      }
      if (budgetMillis < 1 || budgetMillis > MAX_BUDGET_MILLIS) {
        throw new IllegalArgumentException("budgetMillis of source '" + name + "' must be in [1, "
            + MAX_BUDGET_MILLIS + "], got " + budgetMillis);
      }
    }
  }

  /**
   * The same sources and quotas with every budget at {@link SourceSpec#MAX_BUDGET_MILLIS}: for offline jobs, whose
   * results must not depend on how busy the machine is.
   */
  public CandidateMixerConfig withoutBudgets() {
    return new CandidateMixerConfig(maxCandidates, sources.stream().map(s -> new SourceSpec(s.name(), s.quota(),
        SourceSpec.MAX_BUDGET_MILLIS)).toList());
  }

  public CandidateMixerConfig {
    if (maxCandidates < 1 || maxCandidates > MAX_CANDIDATES) {
      throw new IllegalArgumentException("maxCandidates must be in [1, " + MAX_CANDIDATES + "], got "
          + maxCandidates);
    }
    Objects.requireNonNull(sources, "sources");
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources must name at least one source");
    }
    Set<String> names = new HashSet<>();
    for (SourceSpec s : sources) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("source '" + s.name() + "' appears twice");
      }
    }
  }

  /** The names of the configured sources, in order. */
  public List<String> names() {
    return sources.stream().map(SourceSpec::name).collect(Collectors.toList());
  }

  /**
   * Parses a JSON document.
   *
   * @throws MixerConfigException naming the offending key or value
   */
  public static CandidateMixerConfig parse(String json) {
    Objects.requireNonNull(json, "json");
    try {
      CandidateMixerConfig config = MAPPER.readValue(Json.withoutBom(json), CandidateMixerConfig.class);
      if (config == null) {
        throw new MixerConfigException("the document is null; expected an object with maxCandidates and sources");
      }
      return config;
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new MixerConfigException(cause.getMessage(), e);
    } catch (JsonMappingException e) {
      throw new MixerConfigException(Json.path(e) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new MixerConfigException("malformed JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads and parses a JSON file.
   *
   * @throws MixerConfigException naming the file, the key and the value
   * @throws UncheckedIOException if the file cannot be read
   */
  public static CandidateMixerConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("no such mixer config file " + file, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mixer config " + file, e);
    }
    try {
      return parse(text);
    } catch (MixerConfigException e) {
      throw new MixerConfigException(file + ": " + e.getMessage(), e);
    }
  }
}

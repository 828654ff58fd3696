package dev.videorec.reranking.config;

import dev.videorec.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.videorec.core.stage.CandidateFilter;
import dev.videorec.core.stage.Rescorer;
import dev.videorec.core.stage.Selector;
import dev.videorec.reranking.RuleChainReranker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A re-ranking chain as configured in JSON:
 *
 * <pre>
 * {
 *   "filters":   [ {"type": "already-watched"}, {"type": "unavailable"} ],
 *   "rescorers": [ {"type": "clickbait", "minClick": 0.2, "maxWatchFraction": 0.4, "factor": 0.5} ],
 *   "selectors": [ {"type": "near-duplicates", "maxCosine": 0.98}, {"type": "creator-cap", "maxPerCreator": 2},
 *                  {"type": "dpp", "theta": 0.7} ]
 * }
 * </pre>
 *
 * Rule types: filters {@code already-watched, unavailable, blocked-creators, min-quality}; rescorers {@code
 * clickbait, freshness, creator-decay, negative-feedback}; selectors {@code window, near-duplicates, creator-cap,
 * mmr, dpp, fresh-slot, exploration, epsilon-slots, softmax, truncate}; the last three are exploration policies
 * ({@link dev.videorec.reranking.ExplorationPolicy}), which record the propensity of what they show and must be the
 * last selector (truncate aside). Parsing is strict: an unknown key, an unknown rule type, a rule in the
 * wrong array or a bad value fails with a {@link RerankConfigException} naming the key. Omitted arrays are empty;
 * omitted parameters take the rule's default.
 *
 * @param filters   rules that remove candidates
 * @param rescorers rules that multiply scores
 * @param selectors list-wise rules
 */
public record RerankConfig(List<RuleSpec.FilterSpec> filters, List<RuleSpec.RescorerSpec> rescorers,
                           List<RuleSpec.SelectorSpec> selectors) {
  private static final ObjectMapper MAPPER = Json.configMapper();

  public RerankConfig {
    filters = filters == null ? List.of() : List.copyOf(filters);
    rescorers = rescorers == null ? List.of() : List.copyOf(rescorers);
    selectors = selectors == null ? List.of() : List.copyOf(selectors);
  }

  /**
   * Parses a JSON document and checks every rule's parameters.
   *
   * @throws RerankConfigException naming the offending key
   */
  public static RerankConfig parse(String json) {
    Objects.requireNonNull(json, "json");
    RerankConfig config;
    try {
      config = MAPPER.readValue(Json.withoutBom(json), RerankConfig.class);
    } catch (InvalidTypeIdException e) {
      String id = e.getTypeId();
      throw new RerankConfigException(Json.path(e.getPath(), "type") + ": " + (id == null ? "missing rule type"
          : "unknown rule type '" + id + "' for this list") + "; known: " + known(e));
    } catch (UnrecognizedPropertyException e) {
      List<String> known = new ArrayList<>();
      e.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
      java.util.Collections.sort(known);
      throw new RerankConfigException(parentPath(e) + ": unknown key '" + e.getPropertyName() + "'; known: "
          + (known.isEmpty() ? "(none)" : String.join(", ", known)));
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new RerankConfigException(Json.path(e) + ": " + cause.getMessage());
    } catch (JsonMappingException e) {
      throw new RerankConfigException(Json.path(e) + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new RerankConfigException("line " + line + ": " + e.getOriginalMessage());
    }
    if (config == null) {
      throw new RerankConfigException("the configuration is empty");
    }
    config.validate();
    return config;
  }

  /** Reads and parses a JSON file; messages start with the file name. */
  public static RerankConfig load(Path file) {
    String json;
    try {
      json = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read re-ranking config " + file, e);
    }
    try {
      return parse(json);
    } catch (RerankConfigException e) {
      throw new RerankConfigException(file + ": " + e.getMessage());
    }
  }

  /** Builds every rule once, so that bad parameters fail here, naming the rule's key. */
  private void validate() {
    RerankResources probe = new RerankResources(new EmptyCatalog(), dev.videorec.reranking.ItemSimilarity.NONE);
    check("filters", filters, f -> f.build(probe));
    check("rescorers", rescorers, r -> r.build(probe));
    check("selectors", selectors, s -> s.build(probe));
    try {
      build(probe);
    } catch (IllegalArgumentException e) {
      throw new RerankConfigException("selectors: " + e.getMessage());
    }
  }

  private static <T> void check(String list, List<T> specs, java.util.function.Consumer<T> build) {
    for (int i = 0; i < specs.size(); i++) {
      try {
        build.accept(specs.get(i));
      } catch (IllegalArgumentException e) {
        String message = e.getMessage();
        String key = message.contains(" ") ? message.substring(0, message.indexOf(' ')) : "";
        throw new RerankConfigException(list + "[" + i + "]" + (key.isEmpty() ? "" : "." + key) + ": " + message);
      }
    }
  }

  /** The chain these rules describe, over the given resources. */
  public RuleChainReranker build(RerankResources resources) {
    Objects.requireNonNull(resources, "resources");
    List<CandidateFilter> f = new ArrayList<>();
    filters.forEach(s -> f.add(s.build(resources)));
    List<Rescorer> r = new ArrayList<>();
    rescorers.forEach(s -> r.add(s.build(resources)));
    List<Selector> sel = new ArrayList<>();
    selectors.forEach(s -> sel.add(s.build(resources)));
    return new RuleChainReranker(f, r, sel);
  }


  /** The path of the object holding the unknown property. */
  private static String parentPath(UnrecognizedPropertyException e) {
    List<JsonMappingException.Reference> refs = e.getPath();
    JsonMappingException parent = new JsonMappingException(null, "");
    for (int i = 0; i < refs.size() - 1; i++) {
      parent.prependPath(refs.get(refs.size() - 2 - i));
    }
    return Json.path(parent);
  }

  private static String known(InvalidTypeIdException e) {
    Class<?> base = e.getBaseType() == null ? RuleSpec.class : e.getBaseType().getRawClass();
    List<String> names = new ArrayList<>();
    com.fasterxml.jackson.annotation.JsonSubTypes types =
        RuleSpec.class.getAnnotation(com.fasterxml.jackson.annotation.JsonSubTypes.class);
    for (com.fasterxml.jackson.annotation.JsonSubTypes.Type t : types.value()) {
      if (base.isAssignableFrom(t.value())) {
        names.add(t.name());
      }
    }
    return String.join(", ", names);
  }

  /** A catalogue with no videos: enough to construct every rule and so validate its parameters. */
  private static final class EmptyCatalog implements dev.videorec.core.Catalog {
    @Override
    public java.util.Optional<dev.videorec.core.Video> find(dev.videorec.core.VideoId id) {
      return java.util.Optional.empty();
    }

    @Override
    public java.util.Collection<dev.videorec.core.Video> videos() {
      return List.of();
    }

    @Override
    public int size() {
      return 0;
    }
  }
}

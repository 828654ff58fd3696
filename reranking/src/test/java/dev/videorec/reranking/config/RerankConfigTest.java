package dev.videorec.reranking.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.core.stage.CandidateFilter;
import dev.videorec.core.stage.Rescorer;
import dev.videorec.core.stage.Selector;
import dev.videorec.data.VideoCatalog;
import dev.videorec.reranking.ItemSimilarity;
import dev.videorec.reranking.RuleChainReranker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RerankConfigTest {
  private static final RerankResources RESOURCES = new RerankResources(new VideoCatalog(List.of()),
      ItemSimilarity.NONE);

  private static String fails(String json) {
    return assertThrows(RerankConfigException.class, () -> RerankConfig.parse(json)).getMessage();
  }

  @Test
  void buildsEveryRuleInOrderWithCheapFiltersFirst() {
    RuleChainReranker chain = RerankConfig.parse("""
        {
          "filters": [ {"type": "already-watched"}, {"type": "unavailable"},
                       {"type": "blocked-creators", "creators": [3, 4]},
                       {"type": "min-quality", "minWatchFraction": 0.05} ],
          "rescorers": [ {"type": "clickbait"}, {"type": "freshness", "boost": 0.3},
                         {"type": "creator-decay"}, {"type": "negative-feedback", "factor": 0.6} ],
          "selectors": [ {"type": "near-duplicates", "maxCosine": 0.9},
                         {"type": "creator-cap", "maxPerCreator": 3}, {"type": "mmr", "lambda": 0.6},
                         {"type": "dpp", "theta": 0.8, "window": 8}, {"type": "fresh-slot"},
                         {"type": "exploration", "slot": 9, "seed": 5}, {"type": "truncate"} ]
        }""").build(RESOURCES);
    assertEquals(List.of("already-watched", "unavailable", "blocked-creators", "min-quality"),
        chain.filters().stream().map(CandidateFilter::name).toList());
    assertEquals(List.of("clickbait", "freshness", "creator-decay", "negative-feedback"),
        chain.rescorers().stream().map(Rescorer::name).toList());
    assertEquals(List.of("near-duplicates", "creator-cap", "mmr", "dpp", "fresh-slot", "exploration", "truncate"),
        chain.selectors().stream().map(Selector::name).toList());
    assertEquals(0, RerankConfig.parse("{}").build(RESOURCES).selectors().size(), "everything is optional");
  }

  @Test
  void errorsNameTheKey() {
    assertEquals("selectors[1].type: unknown rule type 'dppp' for this list; known: window, near-duplicates, "
        + "creator-cap, mmr, dpp, fresh-slot, exploration, epsilon-slots, softmax, truncate",
        fails("{\"selectors\": [{\"type\": \"truncate\"}, {\"type\": \"dppp\"}]}"));
    assertEquals("filters[0].type: unknown rule type 'mmr' for this list; known: already-watched, unavailable, "
        + "blocked-creators, min-quality", fails("{\"filters\": [{\"type\": \"mmr\"}]}"));
    assertEquals("rescorers[0].type: missing rule type; known: clickbait, freshness, popular-head, "
        + "popularity-penalty, creator-decay, negative-feedback", fails("{\"rescorers\": [{\"factor\": 0.5}]}"));
    assertEquals("selectors[0]: unknown key 'thetaa'; known: theta, window",
        fails("{\"selectors\": [{\"type\": \"dpp\", \"thetaa\": 0.5}]}"));
    assertEquals("filters[0]: unknown key 'x'; known: (none)",
        fails("{\"filters\": [{\"type\": \"already-watched\", \"x\": 1}]}"));
    assertEquals("(top level): unknown key 'selector'; known: filters, rescorers, selectors",
        fails("{\"selector\": []}"));
    assertEquals("selectors[0].theta: theta must be in [0, 1), got 1.5",
        fails("{\"selectors\": [{\"type\": \"dpp\", \"theta\": 1.5}]}"));
    assertEquals("rescorers[1].factor: factor must be in (0, 1], got 2.0",
        fails("{\"rescorers\": [{\"type\": \"creator-decay\"}, {\"type\": \"clickbait\", \"factor\": 2}]}"));
    assertEquals("selectors[0].maxPerCreator: maxPerCreator must be >= 1, got 0",
        fails("{\"selectors\": [{\"type\": \"creator-cap\", \"maxPerCreator\": 0}]}"));
    assertEquals(true, fails("{\"selectors\": [{\"type\": \"mmr\", \"lambda\": \"high\"}]}")
        .startsWith("selectors[0].lambda: "));
    assertEquals(true, fails("{\"filters\": [").startsWith("filters: Unexpected end-of-input"));
    assertEquals(true, fails("{\"filters\" [").startsWith("line 1: "));
  }

  @Test
  void repeatedKeysFractionsForWholeNumbersAndQuotedNumbersAreRefused() {
    for (String json : List.of("{\"selectors\": [{\"type\": \"creator-cap\", \"maxPerCreator\": 2.5}]}",
        "{\"selectors\": [{\"type\": \"creator-cap\", \"maxPerCreator\": \"3\"}]}",
        "{\"selectors\": [{\"type\": \"mmr\", \"lambda\": 0.5, \"lambda\": 0.9}]}",
        "{\"filters\": [], \"filters\": []}")) {
      String message = fails(json);
      assertEquals(false, message.contains("\n") || message.contains("Source:") || message.contains("REDACTED")
          || message.contains("dev.videorec."), json + " -> " + message);
      assertEquals(true, message.contains("maxPerCreator") || message.contains("Duplicate field"),
          json + " -> " + message);
    }
  }

  @Test
  void loadNamesTheFile(@TempDir Path dir) throws IOException {
    Path bom = dir.resolve("bom.json");
    Files.writeString(bom, "\uFEFF{\"selectors\": [{\"type\": \"truncate\"}]}");
    assertEquals(1, RerankConfig.load(bom).selectors().size(), "a byte order mark is not an error");
    Path file = dir.resolve("chain.json");
    Files.writeString(file, "{\"selectors\": [{\"type\": \"mmr\", \"lambda\": 3}]}");
    assertEquals(file + ": selectors[0].lambda: lambda must be in [0, 1], got 3.0",
        assertThrows(RerankConfigException.class, () -> RerankConfig.load(file)).getMessage());
  }
}

package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.videorec.reranking.config.RerankConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The re-ranking chains under examples/, which the README's commands use, stay valid. */
class ExampleChainsTest {
  @Test
  void everyExampleChainParses() throws IOException {
    List<Path> chains;
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      chains = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(List.of("explore-epsilon.json", "explore-softmax.json", "no-diversity.json"),
        chains.stream().map(p -> p.getFileName().toString()).toList());
    for (Path chain : chains) {
      assertDoesNotThrow(() -> RerankConfig.load(chain), chain.toString());
    }
  }
}

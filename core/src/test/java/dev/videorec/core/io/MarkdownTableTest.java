package dev.videorec.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {
  @Test
  void writesAGithubTable() {
    MarkdownTable t = new MarkdownTable("model", "AUC").row("deep", MarkdownTable.number(0.81523, 4))
        .row("none", MarkdownTable.number(Double.NaN, 4)).row("empty", "");
    assertEquals("| model | AUC |\n|---|---|\n| deep | 0.8152 |\n| none | – |\n| empty | |\n", t.toString());
  }

  @Test
  void rejectsRaggedRows() {
    assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row("x"));
    assertThrows(IllegalArgumentException.class, () -> new MarkdownTable());
  }
}

package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
  @Test
  void splitsQuotedFieldsAsRfc4180() {
    assertEquals(List.of("11", "American President, The (1995)", "Comedy|Drama"),
        CsvReader.split("11,\"American President, The (1995)\",Comedy|Drama", ','));
    assertEquals(List.of("1", "say \"hi\"", ""), CsvReader.split("1,\"say \"\"hi\"\"\",", ','));
    assertEquals(List.of("a", "b"), CsvReader.split("a\tb", '\t'));
    assertNull(CsvReader.split("1,\"open", ','), "an unterminated quote is malformed");
  }
}

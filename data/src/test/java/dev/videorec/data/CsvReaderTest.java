package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Topic;
import dev.videorec.core.User;
import dev.videorec.core.Video;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir
  Path dir;

  private List<List<String>> rows(String content, char delimiter, int columns) throws Exception {
    Path file = dir.resolve("t.csv");
    Files.writeString(file, content, StandardCharsets.UTF_8);
    List<List<String>> out = new ArrayList<>();
    String[] names = new String[columns];
    java.util.Arrays.setAll(names, i -> "c" + i);
    CsvReader.forEachRow(file, StandardCharsets.UTF_8, null, names, delimiter, row -> {
      List<String> fields = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        fields.add(row.field(i));
      }
      fields.add("line " + row.line());
      out.add(fields);
    }, null);
    return out;
  }

  @Test
  void quotedFieldsFollowRfc4180() throws Exception {
    assertEquals(List.of(List.of("11", "American President, The (1995)", "Comedy|Drama", "line 1")),
        rows("11,\"American President, The (1995)\",Comedy|Drama\n", ',', 3));
    assertEquals(List.of(List.of("1", "say \"hi\"", "", "line 1")), rows("1,\"say \"\"hi\"\"\",\n", ',', 3));
    assertEquals(List.of(List.of("a", "b", "line 1")), rows("a\tb", '\t', 2));
    assertEquals(List.of(List.of("1", "two\nlines", "line 1"), List.of("2", "x", "line 3")),
        rows("1,\"two\nlines\"\n2,x\n", ',', 2), "a row is numbered by the line it starts on");
  }

  @Test
  void malformedRowsNameTheirLine() {
    DataFileException open = assertThrows(DataFileException.class, () -> rows("1,a\n2,\"open\n", ',', 2));
    assertEquals(2, open.line());
    assertTrue(open.problem().startsWith("malformed quoted field"), open.problem());
    DataFileException empty = assertThrows(DataFileException.class, () -> rows("1,a\n\n2,b\n", ',', 2));
    assertEquals(2, empty.line());
    assertEquals("empty line", empty.problem());
  }

  @Test
  void invalidTextIsReportedAtItsOwnLine() throws Exception {
    Path file = dir.resolve("bad.csv");
    StringBuilder sb = new StringBuilder();
    for (int i = 1; i < 5000; i++) {
      sb.append(i).append(",ok\n");
    }
    byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
    byte[] bad = {'5', '0', '0', '0', ',', (byte) 0xFF, 'x', '\n'};
    byte[] all = java.util.Arrays.copyOf(head, head.length + bad.length);
    System.arraycopy(bad, 0, all, head.length, bad.length);
    Files.write(file, all);
    DataFileException e = assertThrows(DataFileException.class, () -> CsvReader.forEachRow(file,
        StandardCharsets.UTF_8, null, new String[] {"a", "b"}, ',', row -> { }, null));
    assertEquals(file + ":5000: not valid UTF-8 text", e.getMessage());
  }

  @Test
  void aHugeMalformedValueIsNotEchoedWhole() throws Exception {
    Path file = dir.resolve("huge.csv");
    Files.writeString(file, "1," + "9x".repeat(500_000) + "\n");
    DataFileException e = assertThrows(DataFileException.class, () -> CsvReader.forEachRow(file,
        StandardCharsets.UTF_8, null, new String[] {"a", "b"}, ',', row -> row.intField(1), null));
    assertTrue(e.getMessage().length() < 200, e.getMessage().length() + " characters");
    assertTrue(e.getMessage().endsWith("…' (1000000 characters)"), e.getMessage());
  }

  @Test
  void namesWithCommasQuotesAndLineBreaksSurviveAWriteAndARead() {
    Topic odd = new Topic(0, 0, "Film, \"Noir\"\nand more");
    try (DatasetWriter w = DatasetWriter.create(dir)) {
      w.topics(List.of(odd, new Topic(1, 1, "plain")));
      w.users(List.of(new User(new dev.videorec.core.UserId(1), "us", "en", dev.videorec.core.Device.MOBILE,
          true)));
      w.videos(List.<Video>of());
      w.commit(null, null);
    }
    Dataset d = DatasetReader.read(dir);
    assertEquals(List.of(odd, new Topic(1, 1, "plain")), d.topics());
  }
}

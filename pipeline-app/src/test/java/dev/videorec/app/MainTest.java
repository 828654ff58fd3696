package dev.videorec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.data.DatasetReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private String out;
  private String err;

  private int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int status = Main.run(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
        new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return status;
  }

  private void assertOneLineError(String expected) {
    assertEquals(expected + System.lineSeparator(), err);
    assertFalse(err.contains("\tat "), "no stack trace");
  }

  @Test
  void usageErrorsAreOneLineWithStatusTwo() {
    assertEquals(2, run("recommend-everything"));
    assertOneLineError("videorec: unknown command 'recommend-everything'; commands: demo, generate, help");
    assertEquals(2, run("demo", "--kk", "3"));
    assertOneLineError("videorec: demo: unknown option --kk; known: --data, --k, --seed, --show");
    assertEquals(2, run("demo", "--k", "ten"));
    assertOneLineError("videorec: demo: --k must be a whole number, got 'ten'");
    assertEquals(2, run("demo", "--k", "0"));
    assertOneLineError("videorec: demo: --k must be in [1, 100], got 0");
    assertEquals(2, run("demo", "--k"));
    assertOneLineError("videorec: demo: option --k needs a value");
    assertEquals(2, run("generate", "--users", "5"));
    assertOneLineError("videorec: generate: option --out is required");
    assertEquals(2, run("generate", "--out", "x", "--out", "y"));
    assertOneLineError("videorec: generate: option --out is given twice");
    assertEquals(2, run("demo", "stray"));
    assertOneLineError("videorec: demo: unexpected argument 'stray' (options look like --name value)");
  }

  @Test
  void helpIsAvailableEverywhere() {
    assertEquals(0, run("help"));
    assertTrue(out.contains("usage: videorec <command>"));
    assertEquals(0, run("demo", "--help"));
    assertTrue(out.contains("usage: videorec demo"));
    assertEquals(0, run("generate", "--help"));
    assertTrue(out.contains("usage: videorec generate"));
    assertEquals(2, run(), "no command is a usage error");
  }

  @Test
  void badDataIsOneLineWithStatusOne(@TempDir Path dir) throws Exception {
    assertEquals(1, run("demo", "--data", dir.resolve("missing").toString()));
    assertOneLineError("videorec: bad data: " + dir.resolve("missing")
        + ":0: not a dataset directory (it does not exist or is a file)");
    assertEquals(0, run("generate", "--out", dir.toString(), "--users", "20", "--videos", "50", "--days", "2"));
    Files.writeString(dir.resolve("videos.csv"), "video_id,creator_id,topic,duration_s,upload_ts\n1,2,3\n");
    assertEquals(1, run("demo", "--data", dir.toString()));
    assertOneLineError("videorec: bad data: " + dir.resolve("videos.csv")
        + ":2: expected 5 fields (video_id,creator_id,topic,duration_s,upload_ts), got 3");
  }

  @Test
  void generateWritesAReadableDataset(@TempDir Path dir) {
    assertEquals(0, run("generate", "--out", dir.toString(), "--users", "30", "--videos", "80", "--days", "3",
        "--seed", "9"));
    assertTrue(out.startsWith("wrote "), out);
    var d = DatasetReader.read(dir);
    assertEquals(30, d.users().size());
    assertEquals(80, d.videos().size());
    assertEquals(9, d.manifest().generator().seed());
  }
}

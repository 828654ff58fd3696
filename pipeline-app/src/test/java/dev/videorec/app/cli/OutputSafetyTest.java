package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing videorec did not write is ever replaced, outputs are checked before the work starts, and what a killed
 * write left behind is cleaned up by the next one.
 */
class OutputSafetyTest {
  @TempDir
  Path dir;

  private Cli.Result r;

  private int run(String... args) {
    r = Cli.run(args);
    return r.status();
  }

  private Path ratings() throws Exception {
    Path release = Files.createDirectories(dir.resolve("ml"));
    StringBuilder sb = new StringBuilder("userId,movieId,rating,timestamp\n");
    for (int u = 1; u <= 4; u++) {
      for (int m = 1; m <= 5; m++) {
        sb.append(u).append(',').append(m).append(",4.0,").append(1_000_000 + 100 * m + u).append('\n');
      }
    }
    Files.writeString(release.resolve("ratings.csv"), sb);
    return release;
  }

  private void assertOneLine() {
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void generateRefusesAnEmptyPathAndADirectoryThatIsNotADataset() throws Exception {
    assertEquals(2, run("generate", "--out", "", "--users", "5", "--videos", "5", "--days", "1"));
    assertEquals("videorec: generate: the dataset directory must be named; an empty path is not one"
        + System.lineSeparator(), r.err());
    Path mine = Files.createDirectories(dir.resolve("mine"));
    Files.writeString(mine.resolve("notes.txt"), "keep me");
    assertEquals(2, run("generate", "--out", mine.toString(), "--users", "5", "--videos", "5", "--days", "1"));
    assertTrue(r.err().contains(mine + " exists and is not a videorec dataset"), r.err());
    assertOneLine();
    assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    try (var files = Files.list(mine)) {
      assertEquals(1, files.count(), "nothing written beside it");
    }
    // A dataset videorec wrote is rewritten in place.
    assertEquals(0, run("generate", "--out", dir.resolve("d").toString(), "--users", "5", "--videos", "5", "--days",
        "1"));
    assertEquals(0, run("generate", "--out", dir.resolve("d").toString(), "--users", "6", "--videos", "5", "--days",
        "1"));
  }

  @Test
  void trainNeverReplacesAForeignModelDirectoryAndChecksItsOutputFirst() throws Exception {
    Path foreign = Files.createDirectories(dir.resolve("model"));
    Files.writeString(foreign.resolve("model.json"), "{\"mine\": true}");
    Files.writeString(foreign.resolve("weights.bin"), "keep me");
    assertEquals(2, run("train", "--model", foreign.toString(), "--data", dir.resolve("nowhere").toString()));
    assertTrue(r.err().contains("refusing to replace it"), r.err());
    assertOneLine();
    assertEquals("keep me", Files.readString(foreign.resolve("weights.bin")));
    assertEquals("{\"mine\": true}", Files.readString(foreign.resolve("model.json")));
    // An output that cannot be written fails before the data is even read.
    assertEquals(2, run("train", "--model", "/proc/videorec-test/model", "--data",
        dir.resolve("nowhere").toString()));
    assertTrue(r.err().startsWith("videorec: cannot write a model to /proc/videorec-test/model: "), r.err());
    assertOneLine();
    assertEquals(2, run("evaluate", "--model", dir.resolve("nowhere").toString(), "--out",
        "/proc/videorec-test/e.md"));
    assertTrue(r.err().startsWith("videorec: evaluate: cannot write --out /proc/videorec-test/e.md"), r.err());
    assertEquals(2, run("ranking", "--out", dir.toString()));
    assertEquals("videorec: ranking: --out " + dir + " is a directory; give a file" + System.lineSeparator(),
        r.err());
  }

  @Test
  void splitNeverReplacesForeignFilesAndRemovesItsOwnLeftovers() throws Exception {
    Path release = ratings();
    Path out = dir.resolve("split");
    Path train = Files.createDirectories(out.resolve("train"));
    Files.writeString(train.resolve("notes.txt"), "keep me");
    assertEquals(2, run("split", "--movielens", release.toString(), "--out", out.toString()));
    assertTrue(r.err().contains(train + " exists and is not a videorec-movielens-split directory"), r.err());
    assertOneLine();
    assertEquals("keep me", Files.readString(train.resolve("notes.txt")));
    Files.delete(train.resolve("notes.txt"));
    // A split killed half way left a temporary directory of its own: the next split removes it and says so.
    Path leftover = Files.createDirectories(out.resolve("train.tmp4242"));
    AtomicFiles.mark(leftover, "videorec-movielens-split");
    Path unknown = Files.createDirectories(out.resolve("train.tmp77"));
    assertEquals(0, run("split", "--movielens", release.toString(), "--out", out.toString()), r.err());
    assertTrue(r.err().contains("removed " + leftover.toAbsolutePath() + ", left by a split that was interrupted"),
        r.err());
    assertFalse(Files.exists(leftover));
    assertTrue(Files.exists(unknown), "a directory without the marker is not videorec's to remove");
    // Its own output is replaced on the next run.
    assertEquals(0, run("split", "--movielens", release.toString(), "--out", out.toString()), r.err());
  }
}

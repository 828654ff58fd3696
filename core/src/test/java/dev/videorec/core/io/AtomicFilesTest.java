package dev.videorec.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  private static List<String> names(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void replacesADirectoryWholeAndLeavesNothingBehind(@TempDir Path root) throws IOException {
    Path target = root.resolve("model");
    AtomicFiles.writeDirectory(target, "test-kind", d -> {
      Files.writeString(d.resolve("a"), "1");
      Files.writeString(d.resolve("b"), "1");
    });
    AtomicFiles.writeDirectory(target, "test-kind", d -> Files.writeString(d.resolve("a"), "2"));
    assertEquals(List.of(AtomicFiles.MARKER, "a"), names(target), "the old directory is replaced, not merged");
    assertEquals("2", Files.readString(target.resolve("a")));
    assertEquals(List.of("model"), names(root));
  }

  @Test
  void aFailedWriteKeepsTheOldContent(@TempDir Path root) throws IOException {
    Path target = root.resolve("model");
    AtomicFiles.writeDirectory(target, "test-kind", d -> Files.writeString(d.resolve("a"), "old"));
    assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(target, "test-kind", d -> {
      Files.writeString(d.resolve("a"), "half");
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(target.resolve("a")));
    assertEquals(List.of("model"), names(root), "the temporary directory is removed");
  }

  @Test
  void neverReplacesWhatItDidNotWrite(@TempDir Path root) throws IOException {
    Path foreign = Files.createDirectories(root.resolve("mine"));
    Files.writeString(foreign.resolve("notes.txt"), "keep me");
    AtomicFiles.ForeignDirectoryException e = assertThrows(AtomicFiles.ForeignDirectoryException.class,
        () -> AtomicFiles.writeDirectory(foreign, "test-kind", d -> Files.writeString(d.resolve("a"), "1")));
    assertEquals(foreign + " exists and is not a test-kind directory written by videorec (no .videorec marker of "
        + "that kind); refusing to replace it", e.getMessage());
    assertEquals(List.of("notes.txt"), names(foreign));
    // Another kind of videorec directory is not replaced either; an empty directory is.
    AtomicFiles.writeDirectory(root.resolve("other"), "other-kind", d -> { });
    assertThrows(AtomicFiles.ForeignDirectoryException.class,
        () -> AtomicFiles.writeDirectory(root.resolve("other"), "test-kind", d -> { }));
    Files.createDirectories(root.resolve("empty"));
    AtomicFiles.writeDirectory(root.resolve("empty"), "test-kind", d -> { });
    assertEquals("test-kind", AtomicFiles.kindOf(root.resolve("empty")));
  }

  @Test
  void removesTheLeftoversOfKilledWritesAndNothingElse(@TempDir Path root) throws IOException {
    Path target = root.resolve("model");
    Path killed = Files.createDirectories(root.resolve("model.tmp12345"));
    AtomicFiles.mark(killed, "test-kind");
    Files.writeString(killed.resolve("half"), "x");
    Path unmarked = Files.createDirectories(root.resolve("model.tmp999"));
    List<Path> removed = AtomicFiles.writeDirectory(target, "test-kind", d -> { });
    assertEquals(List.of(killed.toAbsolutePath()), removed);
    assertEquals(List.of("model", "model.tmp999"), names(root), "only marked leftovers go: " + unmarked);
  }

  @Test
  void writesAFileThroughATemporaryOne(@TempDir Path root) throws IOException {
    Path file = root.resolve("sub/report.md");
    AtomicFiles.writeString(file, "one");
    AtomicFiles.writeString(file, "two");
    assertEquals("two", Files.readString(file));
    assertEquals(List.of("report.md"), names(root.resolve("sub")));
  }
}

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
    AtomicFiles.writeDirectory(target, d -> {
      Files.writeString(d.resolve("a"), "1");
      Files.writeString(d.resolve("b"), "1");
    });
    AtomicFiles.writeDirectory(target, d -> Files.writeString(d.resolve("a"), "2"));
    assertEquals(List.of("a"), names(target), "the old directory is replaced, not merged");
    assertEquals("2", Files.readString(target.resolve("a")));
    assertEquals(List.of("model"), names(root));
  }

  @Test
  void aFailedWriteKeepsTheOldContent(@TempDir Path root) throws IOException {
    Path target = root.resolve("model");
    AtomicFiles.writeDirectory(target, d -> Files.writeString(d.resolve("a"), "old"));
    assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(target, d -> {
      Files.writeString(d.resolve("a"), "half");
      throw new IOException("disk full");
    }));
    assertEquals("old", Files.readString(target.resolve("a")));
    assertEquals(List.of("model"), names(root), "the temporary directory is removed");
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

package dev.videorec.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes that a crash cannot leave half done: the content is written under a temporary name next to the target
 * and renamed into place, so a reader finds either the old content or the new one, never a mixture.
 */
public final class AtomicFiles {
  /** Fills a directory; may throw {@link IOException}. */
  @FunctionalInterface
  public interface DirectoryWriter {
    void fill(Path directory) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Writes a directory: {@code writer} fills a fresh temporary directory beside {@code target}, which then
   * replaces {@code target} (an existing one is moved aside first and deleted after). On failure the temporary
   * directory is removed and {@code target} is left as it was.
   *
   * @throws IOException if the directory cannot be written or moved
   */
  public static void writeDirectory(Path target, DirectoryWriter writer) throws IOException {
    Objects.requireNonNull(writer, "writer");
    Path dir = target.toAbsolutePath();
    Path parent = dir.getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
    try {
      writer.fill(tmp);
      if (Files.exists(dir)) {
        Path old = Files.createTempDirectory(parent, dir.getFileName() + ".old");
        Files.delete(old);
        Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
      } else {
        Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      }
      tmp = null;
    } finally {
      if (tmp != null) {
        deleteTree(tmp);
      }
    }
  }

  /**
   * Writes {@code text} as UTF-8 to {@code file} through a temporary file beside it.
   *
   * @throws IOException if it cannot be written or moved
   */
  public static void writeString(Path file, String text) throws IOException {
    Path target = file.toAbsolutePath();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      tmp = null;
    } finally {
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A left-over temporary directory is harmless: the write has already succeeded or failed.
    }
  }
}

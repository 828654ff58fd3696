package dev.videorec.core.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Writes that a crash cannot leave half done: the content is written under a temporary name next to the target
 * and renamed into place, so a reader finds either the old content or the new one, never a mixture.
 *
 * <p>Every directory written here holds a marker file, {@value #MARKER}, naming its kind (a model, a MovieLens
 * release, ...), and only a directory with the marker of the same kind, or an empty one, is ever replaced: what
 * videorec did not write is never deleted. The marker also identifies the temporary directories of a write that
 * was killed ({@code NAME.tmp...}, {@code NAME.old...}); the next write of the same target removes them.
 */
public final class AtomicFiles {
  /** The marker file of a directory videorec wrote; it holds the directory's kind. */
  public static final String MARKER = ".videorec";

  /** A directory in the way that videorec did not write, or wrote as another kind: it is not replaced. */
  public static final class ForeignDirectoryException extends IOException {
    private static final long serialVersionUID = 1L;

    public ForeignDirectoryException(String message) {
      super(message);
    }
  }

  /** Fills a directory; may throw {@link IOException}. */
  @FunctionalInterface
  public interface DirectoryWriter {
    void fill(Path directory) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Checks, before any work, that a directory of {@code kind} can be written at {@code target}: its parent can be
   * created and written, and {@code target} does not exist, is an empty directory, or holds the marker of
   * {@code kind}.
   *
   * @throws ForeignDirectoryException if {@code target} is something videorec must not replace
   * @throws IOException               if the parent cannot be created or written
   */
  public static void checkReplaceable(Path target, String kind) throws IOException {
    Path dir = target.toAbsolutePath().normalize();
    if (dir.getParent() == null) {
      throw new ForeignDirectoryException(target + " is the file system root; give a directory below it");
    }
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new ForeignDirectoryException(target + " is a file, not a directory; refusing to replace it");
      }
      if (!kind.equals(kindOf(dir))) {
        try (Stream<Path> entries = Files.list(dir)) {
          if (entries.findAny().isPresent()) {
            throw new ForeignDirectoryException(target + " exists and is not a " + kind + " directory written by "
                + "videorec (no " + MARKER + " marker of that kind); refusing to replace it");
          }
        }
      }
    }
    checkWritableParent(dir);
  }

  /**
   * Creates the parent directories of {@code file} and checks that the last one is writable, so that a long job
   * fails before it starts rather than when it writes its result.
   */
  public static void checkWritableParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().normalize().getParent();
    Files.createDirectories(parent);
    if (!Files.isWritable(parent)) {
      throw new IOException("the directory " + parent + " is not writable");
    }
  }

  /** The kind a directory's marker names, or null when it has none. */
  public static String kindOf(Path dir) {
    Path marker = dir.resolve(MARKER);
    try {
      return Files.isRegularFile(marker) ? Files.readString(marker, StandardCharsets.UTF_8).strip() : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Marks {@code dir} as a directory of {@code kind} written by videorec. */
  public static void mark(Path dir, String kind) throws IOException {
    Files.writeString(dir.resolve(MARKER), kind + "\n", StandardCharsets.UTF_8);
  }

  /**
   * Removes what writes of {@code target} that were killed left beside it: directories named {@code NAME.tmp...}
   * or {@code NAME.old...} that hold a videorec marker. Anything else is left alone.
   *
   * @return the directories removed
   */
  public static List<Path> removeLeftovers(Path target) throws IOException {
    Path dir = target.toAbsolutePath().normalize();
    Path parent = dir.getParent();
    List<Path> removed = new ArrayList<>();
    if (parent == null || !Files.isDirectory(parent)) {
      return removed;
    }
    String name = dir.getFileName().toString();
    try (Stream<Path> siblings = Files.list(parent)) {
      for (Path p : siblings.toList()) {
        String n = p.getFileName().toString();
        if ((n.startsWith(name + ".tmp") || n.startsWith(name + ".old")) && Files.isDirectory(p)
            && kindOf(p) != null) {
          deleteTree(p);
          removed.add(p);
        }
      }
    }
    return removed;
  }

  /**
   * Writes a directory of {@code kind}: {@code writer} fills a fresh temporary directory beside {@code target},
   * which then replaces {@code target} (an existing one is moved aside first and deleted after). On failure the
   * temporary directory is removed and {@code target} is left as it was. Leftovers of earlier killed writes of the
   * same target are removed first.
   *
   * @return the leftovers removed
   * @throws ForeignDirectoryException if {@code target} is not a directory of {@code kind} that videorec wrote
   * @throws IOException               if the directory cannot be written or moved
   */
  public static List<Path> writeDirectory(Path target, String kind, DirectoryWriter writer) throws IOException {
    Objects.requireNonNull(writer, "writer");
    checkReplaceable(target, kind);
    Path dir = target.toAbsolutePath().normalize();
    Path parent = dir.getParent();
    List<Path> removed = removeLeftovers(dir);
    Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
    try {
      mark(tmp, kind);
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
    return removed;
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

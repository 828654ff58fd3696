package dev.videorec.candidates.index;

import java.nio.file.Path;

/** An index file that cannot be read: not an index, another format version, truncated, corrupt or mismatched. */
public final class IndexFileException extends RuntimeException {
  private final Path path;

  public IndexFileException(Path path, String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  public IndexFileException(Path path, String problem, Throwable cause) {
    super(path + ": " + problem, cause);
    this.path = path;
  }

  public Path path() {
    return path;
  }
}

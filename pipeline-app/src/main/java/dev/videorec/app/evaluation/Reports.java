package dev.videorec.app.evaluation;

import dev.videorec.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writing reports: every Markdown and JSON report of the app goes to disk through here. */
public final class Reports {
  private Reports() {}

  /** Writes {@code text} to {@code file} atomically (a temporary file, then a rename). */
  public static void write(Path file, String text) {
    try {
      AtomicFiles.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

package dev.videorec.app.evaluation;

import dev.videorec.core.io.AtomicFiles;
import dev.videorec.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Writing reports: every Markdown and JSON report of the app goes to disk through here. */
public final class Reports {
  private Reports() {}

  /** Writes {@code value} as indented JSON (the strict mapper's) to {@code file}, atomically. */
  public static void json(Path file, Object value) {
    try {
      write(file, Json.mapper().writeValueAsString(value) + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the report for " + file, e);
    }
  }

  /** The JSON file beside a Markdown report: {@code x.md} gives {@code x.json}. */
  public static Path besides(Path markdown) {
    return markdown.resolveSibling(markdown.getFileName().toString().replaceAll("\\.md$", "") + ".json");
  }

  /** Writes {@code text} to {@code file} atomically (a temporary file, then a rename). */
  public static void write(Path file, String text) {
    try {
      AtomicFiles.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

package dev.videorec.data;

import dev.videorec.core.Interaction;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * A format of the interaction table other than {@code interactions.csv}, provided by a module on the class path
 * (found with {@link ServiceLoader}): the {@code batch} module provides {@code parquet}, a directory
 * {@code interactions/} of Parquet files partitioned by day. {@link DatasetWriter} streams the log into it.
 */
public interface InteractionTableFormat {
  /** The format's name, as {@code generate --format} spells it. */
  String name();

  /** Starts writing the table into {@code dir} (a new, empty directory). */
  Writer open(Path dir) throws IOException;

  /** Receives the log in time order; {@link #close()} finishes the files. */
  interface Writer extends Closeable {
    void write(Interaction i) throws IOException;
  }

  /**
   * The format called {@code name}.
   *
   * @throws IllegalArgumentException if no module on the class path provides it
   */
  static InteractionTableFormat named(String name) {
    for (InteractionTableFormat f : ServiceLoader.load(InteractionTableFormat.class)) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no '" + name + "' format on the class path: the Parquet log is written by "
        + "the batch module; run it through './videorec generate --format " + name + "'");
  }
}

package dev.videorec.core;

import java.util.Objects;

/**
 * A topic of the catalogue's two-level hierarchy: fine topics grouped into categories (for example "cooking" in
 * "lifestyle"; for MovieLens, each genre is a topic and its own category).
 *
 * @param id       the topic id used by videos, {@code >= 0}
 * @param category the id of its parent category, {@code >= 0}
 * @param name     a readable name, not blank (the dataset's CSV files quote it when it holds a comma, a quote or
 *                 a line break)
 */
public record Topic(int id, int category, String name) {
  public Topic {
    if (id < 0) {
      throw new IllegalArgumentException("topic id must be >= 0, got " + id);
    }
    if (category < 0) {
      throw new IllegalArgumentException("category must be >= 0, got " + category + " for topic " + id);
    }
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank, got '" + name + "'");
    }
  }
}

package dev.videorec.data;

import java.util.Objects;

/**
 * The {@code manifest.json} of a dataset directory: what the files are and how they were made. It is written
 * last, so a directory without a manifest is an incomplete dataset.
 *
 * @param format        always {@link #FORMAT}
 * @param formatVersion the version of the file layout, {@link #FORMAT_VERSION} for this code
 * @param topics        row count of {@code topics.csv}
 * @param users         row count of {@code users.csv}
 * @param videos        row count of {@code videos.csv}
 * @param subscriptions row count of {@code subscriptions.csv}
 * @param interactions  row count of {@code interactions.csv}
 * @param generator     the generator configuration (with its seed) when the data is synthetic, else null
 */
public record Manifest(String format, int formatVersion, int topics, int users, int videos, long subscriptions,
                       long interactions, WorldConfig generator) {
  public static final String FORMAT = "videorec-dataset";
  public static final int FORMAT_VERSION = 3;

  public Manifest {
    Objects.requireNonNull(format, "format");
    if (topics < 0 || users < 0 || videos < 0 || subscriptions < 0 || interactions < 0) {
      throw new IllegalArgumentException("counts must be >= 0, got topics=" + topics + " users=" + users
          + " videos=" + videos + " subscriptions=" + subscriptions + " interactions=" + interactions);
    }
  }
}

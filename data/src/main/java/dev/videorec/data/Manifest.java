package dev.videorec.data;

import dev.videorec.data.synthetic.WorldConfig;
import java.util.Objects;

/**
 * The {@code manifest.json} of a dataset directory: what the files are and how they were made. It is written
 * last, so a directory without a manifest is an incomplete dataset.
 *
 * @param format        always {@link #FORMAT}
 * @param formatVersion the version of the file layout, {@link #FORMAT_VERSION} for this code
 * @param users         row count of {@code users.csv}
 * @param videos        row count of {@code videos.csv}
 * @param interactions  row count of {@code interactions.csv}
 * @param generator     the generator configuration (with its seed) when the data is synthetic, else null
 */
public record Manifest(String format, int formatVersion, int users, int videos, long interactions,
                       WorldConfig generator) {
  public static final String FORMAT = "videorec-dataset";
  public static final int FORMAT_VERSION = 1;

  public Manifest {
    Objects.requireNonNull(format, "format");
    if (users < 0 || videos < 0 || interactions < 0) {
      throw new IllegalArgumentException(
          "counts must be >= 0, got users=" + users + " videos=" + videos + " interactions=" + interactions);
    }
  }
}

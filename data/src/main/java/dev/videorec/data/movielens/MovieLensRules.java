package dev.videorec.data.movielens;

import dev.videorec.data.CsvRow;
import dev.videorec.data.DataFileException;

/**
 * The rules of one MovieLens ratings file, checked row by row by every reader of ratings (the dataset reader, the
 * split, the external evaluation): non-negative integer ids, the layout's rating scale (whole stars from 1 to 5
 * in {@code u.data}; half stars from 0.5 to 5 in {@code ratings.csv} and {@code ratings.dat}, which ml-10m uses),
 * a non-negative integer timestamp, and no user rating the same movie twice. Not thread-safe: one per file read.
 */
final class MovieLensRules {
  private final MovieLensReader.Layout layout;
  private final String file;
  /** Every (user, movie) pair seen so far, as user << 32 | movie, in an open-addressing table (0 is empty). */
  private long[] seen = new long[1 << 12];
  private int size;

  /**
   * Refuses a ratings file that does not end with a line break: every release does, so one that does not was cut
   * short in the middle of a row (a cut between two rows cannot be seen: a release has no row count).
   */
  static void checkComplete(java.nio.file.Path file) {
    try (java.nio.channels.FileChannel c = java.nio.channels.FileChannel.open(file)) {
      long size = c.size();
      if (size == 0) {
        return;
      }
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      c.read(last, size - 1);
      if (last.get(0) != '\n') {
        throw new DataFileException(file, 0, "does not end with a line break: the file was cut short");
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // Reported by the reader, with the layout's words.
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }

  MovieLensRules(MovieLensReader.Layout layout, String fileName) {
    this.layout = layout;
    this.file = fileName;
  }

  /** Checks one row (userId, movieId, rating, timestamp) and returns its rating. */
  double check(CsvRow row) {
    int user = row.intField(0);
    int movie = row.intField(1);
    if (user < 0 || movie < 0) {
      throw row.error("ids must be >= 0, got user " + user + ", movie " + movie);
    }
    double rating = rating(row);
    long ts = row.longField(3);
    if (ts < 0) {
      throw row.error("timestamp must be >= 0, got " + ts);
    }
    if (!add(((long) user << 32 | movie) + 1)) {
      throw row.error("user " + user + " rated movie " + movie + " twice");
    }
    return rating;
  }

  private double rating(CsvRow row) {
    String f = row.field(2).trim();
    if (layout == MovieLensReader.Layout.ML_100K) {
      if (!f.matches("[1-5]")) {
        throw row.error("rating must be a whole number of stars from 1 to 5 (" + file + "), got "
            + DataFileException.quote(f));
      }
      return Integer.parseInt(f);
    }
    double r;
    try {
      r = Double.parseDouble(f);
    } catch (NumberFormatException e) {
      r = Double.NaN;
    }
    if (!(r >= 0.5 && r <= 5) || r * 2 != Math.rint(r * 2)) {
      throw row.error("rating must be a number of half stars from 0.5 to 5 (" + file + "), got "
          + DataFileException.quote(f));
    }
    return r;
  }

  /** Adds a non-zero key; false when it was there. */
  private boolean add(long key) {
    if (2 * (size + 1) > seen.length) {
      long[] old = seen;
      seen = new long[old.length * 2];
      size = 0;
      for (long k : old) {
        if (k != 0) {
          add(k);
        }
      }
    }
    int mask = seen.length - 1;
    int i = (int) (mix(key) & mask);
    while (seen[i] != 0) {
      if (seen[i] == key) {
        return false;
      }
      i = (i + 1) & mask;
    }
    seen[i] = key;
    size++;
    return true;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    return z ^ (z >>> 33);
  }
}

package dev.videorec.data.movielens;

import dev.videorec.core.Interaction;
import dev.videorec.core.Topic;
import dev.videorec.core.Video;
import dev.videorec.data.synthetic.SyntheticWorld;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Writes a synthetic world's log in MovieLens's ml-1m layout ({@code ratings.dat} and {@code movies.dat}), so that
 * the ratings path ({@code split}, {@code train --movielens}) runs at any size on data whose generator is in the
 * repository and whose users' tastes are known.
 *
 * <p>A user's first click on a video becomes their rating of it: 1 to 5 by the fifth of the video they watched
 * (watched beyond 60% rates 4 or 5, the positive threshold MovieLens users are read with); later clicks on the same
 * video are left out, as MovieLens holds one rating per user and movie, and impressions without a click leave no
 * row. Ids are shifted by one (MovieLens's start at 1). A video's genres are its topics' names and its title is
 * {@code Video <id> (<upload year>)}.
 *
 * <p>Both files are written to temporary files beside their targets and renamed into place, {@code movies.dat}
 * first and {@code ratings.dat} last: a crash leaves no half-written file under either name.
 */
public final class MovieLensWriter {
  /** The ratings file. */
  public static final String RATINGS = "ratings.dat";
  /** The movies file. */
  public static final String MOVIES = "movies.dat";

  /**
   * What was written.
   *
   * @param ratings rows of {@code ratings.dat}
   * @param clicks  clicks in the world's log (repeated clicks on a video included)
   * @param users   users with at least one rating
   * @param videos  rows of {@code movies.dat} (every video of the world, rated or not)
   */
  public record Written(long ratings, long clicks, int users, int videos) {}

  private static final String SEP = MovieLensReader.DAT_SEPARATOR;

  private MovieLensWriter() {}

  /**
   * The rating a click earns: the fifths of the video watched, rounded up, at least 1.
   *
   * @throws IllegalArgumentException when the duration is not positive or the watch time negative
   */
  public static int rating(int watchSeconds, int durationSeconds) {
    if (durationSeconds <= 0 || watchSeconds < 0) {
      throw new IllegalArgumentException("need watchSeconds >= 0 and durationSeconds > 0, got " + watchSeconds
          + " and " + durationSeconds);
    }
    long fifths = (5L * watchSeconds + durationSeconds - 1) / durationSeconds;
    return (int) Math.max(1, Math.min(5, fifths));
  }

  /**
   * Generates {@code world}'s log and writes it into {@code dir} (created if missing) as {@code ratings.dat} and
   * {@code movies.dat}, replacing earlier ones.
   *
   * @param progress called with the number of ratings written after each simulated day
   */
  public static Written write(SyntheticWorld world, Path dir, LongConsumer progress) {
    Objects.requireNonNull(world, "world");
    Objects.requireNonNull(progress, "progress");
    Path moviesTmp = dir.resolve(MOVIES + ".tmp");
    Path ratingsTmp = dir.resolve(RATINGS + ".tmp");
    try {
      Files.createDirectories(dir);
      List<Video> videos = world.videos();
      List<Topic> topics = world.topics();
      try (BufferedWriter out = Files.newBufferedWriter(moviesTmp, StandardCharsets.ISO_8859_1)) {
        for (Video v : videos) {
          out.write(movieLine(v, topics));
          out.write('\n');
        }
      }
      long[] counts = new long[2]; // ratings, clicks
      Set<Long> rated = new HashSet<>();
      Set<Integer> raters = new HashSet<>();
      try (BufferedWriter out = Files.newBufferedWriter(ratingsTmp, StandardCharsets.ISO_8859_1)) {
        world.generateLog((Interaction i) -> {
          if (!i.clicked()) {
            return;
          }
          counts[1]++;
          int user = i.user().value();
          int video = i.video().value();
          if (!rated.add(((long) user << 32) | video)) {
            return;
          }
          raters.add(user);
          counts[0]++;
          try {
            out.write((user + 1) + SEP + (video + 1) + SEP + rating(i.watchSeconds(),
                videos.get(video).durationSeconds()) + SEP + i.timestamp() + "\n");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }, day -> progress.accept(counts[0]));
      }
      Files.move(moviesTmp, dir.resolve(MOVIES), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(ratingsTmp, dir.resolve(RATINGS), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return new Written(counts[0], counts[1], raters.size(), videos.size());
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(moviesTmp);
      deleteQuietly(ratingsTmp);
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new UncheckedIOException("cannot write MovieLens files in " + dir + ": " + cause.getMessage(), cause);
    }
  }

  private static String movieLine(Video v, List<Topic> topics) {
    StringBuilder genres = new StringBuilder();
    for (int t : v.topics()) {
      if (genres.length() > 0) {
        genres.append('|');
      }
      genres.append(topics.get(t).name());
    }
    int year = Instant.ofEpochSecond(v.uploadTime()).atZone(ZoneOffset.UTC).getYear();
    return (v.id().value() + 1) + SEP + "Video " + (v.id().value() + 1) + " (" + year + ")" + SEP + genres;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: the temporary file is named so that no reader takes it for a dataset file
    }
  }
}

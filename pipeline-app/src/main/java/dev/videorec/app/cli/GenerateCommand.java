package dev.videorec.app.cli;

import dev.videorec.data.DataCard;
import dev.videorec.data.DatasetWriter;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.WorldConfig;
import dev.videorec.data.movielens.MovieLensWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videorec generate}: writes a seeded synthetic dataset with its data card. */
@Command(name = "generate", sortOptions = false, description = {"write a seeded synthetic dataset", "",
    "Writes a synthetic dataset (manifest.json, datacard.json, topics.csv, users.csv, videos.csv, "
        + "subscriptions.csv, interactions.csv) into DIR, atomically. The same options always write byte-identical "
        + "files. The defaults are those of the committed sample.",
    "",
    "With --format movielens it writes the same world's log in MovieLens's ml-1m layout instead (ratings.dat, "
        + "movies.dat): each user's first click on a video as a rating of 1 to 5 by the fifths of it they watched, "
        + "for split and train --movielens at any size."})
public final class GenerateCommand extends BaseCommand {
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "where to write the dataset")
  Path dir;

  @Option(names = "--users", paramLabel = "N", description = "users (default ${DEFAULT-VALUE})")
  int users = WorldConfig.SAMPLE.users();

  @Option(names = "--videos", paramLabel = "M", description = "videos (default ${DEFAULT-VALUE})")
  int videos = WorldConfig.SAMPLE.videos();

  @Option(names = "--days", paramLabel = "D", description = "days of interactions (default ${DEFAULT-VALUE})")
  int days = WorldConfig.SAMPLE.days();

  @Option(names = "--seed", paramLabel = "S", description = "the generator's seed (default ${DEFAULT-VALUE})")
  long seed = WorldConfig.SAMPLE.seed();

  @Option(names = "--drift-day", paramLabel = "X",
      description = "shift every user's interests from day X (0-based), to exercise drift monitoring")
  int driftDay = WorldConfig.NO_DRIFT;

  @Option(names = "--format", paramLabel = "F", description = "the interaction log's format: csv (default; "
      + "interactions.csv), parquet (interactions/, Parquet files by day, for the Spark jobs of 'videorec batch') "
      + "or movielens (ratings.dat and movies.dat only, see above)")
  String format = "csv";

  @Override
  int execute() {
    if (!format.equals("csv") && !format.equals("parquet") && !format.equals("movielens")) {
      throw usage("--format must be csv, parquet or movielens, got '" + format + "'");
    }
    dev.videorec.data.InteractionTableFormat table;
    try {
      table = format.equals("parquet") ? dev.videorec.data.InteractionTableFormat.named(format) : null;
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    inRange("--days", days, 1, 3650);
    WorldConfig config = WorldConfig.of(seed, inRange("--users", users, 1, 100_000_000),
        inRange("--videos", videos, 1, 100_000_000), days);
    inRange("--drift-day", driftDay, WorldConfig.NO_DRIFT, days - 1);
    if (driftDay != WorldConfig.NO_DRIFT) {
      config = config.withDriftDay(driftDay);
    }
    if (format.equals("movielens")) {
      return writeMovieLens(config);
    }
    // Last: checking may create the directory, which a usage error must not leave behind.
    try {
      DatasetWriter.checkWritable(dir);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    long start = System.nanoTime();
    err.printf(Locale.ROOT, "generating %,d users, %,d videos, %d days (seed %d%s) into %s%n", config.users(),
        config.videos(), config.days(), config.seed(), driftDay < 0 ? "" : ", drift from day " + driftDay, dir);
    long[] lastReport = {System.nanoTime()};
    DataCard card = SyntheticWorld.writeDataset(config, dir, table, count -> {
      long now = System.nanoTime();
      if (now - lastReport[0] > 5_000_000_000L) {
        err.printf(Locale.ROOT, "  %,d interactions written (%.0f s)%n", count, (now - start) / 1e9);
        lastReport[0] = now;
      }
    });
    out.printf(Locale.ROOT, "wrote %,d impressions (%,d clicks) to %s in %.1f s; peak heap %,d MB%n",
        card.impressions(), card.clicks(), dir, (System.nanoTime() - start) / 1e9, peakHeapBytes() >> 20);
    out.printf(Locale.ROOT, "data card: CTR %.4f, mean watch fraction %.4f, impression Gini %.4f, clickbait share "
        + "%.4f (CTR %.4f vs %.4f, watch fraction %.4f vs %.4f)%n", card.ctr(), card.meanWatchFraction(),
        card.impressionGini(), card.clickbaitShare(), card.clickbaitCtr(), card.otherCtr(),
        card.clickbaitWatchFraction(), card.otherWatchFraction());
    return 0;
  }

  private int writeMovieLens(WorldConfig config) {
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw usage(dir + " is not a directory");
      }
      try (Stream<Path> files = Files.list(dir)) {
        Optional<Path> other = files.filter(f -> !MOVIELENS_FILES.contains(f.getFileName().toString())).findFirst();
        if (other.isPresent()) {
          throw usage(dir + " holds other files than MovieLens's ratings.dat and movies.dat (" + other.get()
              .getFileName() + "); choose an empty or new directory");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + dir, e);
      }
    }
    long start = System.nanoTime();
    err.printf(Locale.ROOT, "generating %,d users, %,d videos, %d days (seed %d) as MovieLens ratings into %s%n",
        config.users(), config.videos(), config.days(), config.seed(), dir);
    long[] lastReport = {System.nanoTime()};
    MovieLensWriter.Written w = MovieLensWriter.write(SyntheticWorld.create(config), dir, count -> {
      long now = System.nanoTime();
      if (now - lastReport[0] > 5_000_000_000L) {
        err.printf(Locale.ROOT, "  %,d ratings written (%.0f s)%n", count, (now - start) / 1e9);
        lastReport[0] = now;
      }
    });
    out.printf(Locale.ROOT, "wrote %,d ratings by %,d users (%,d clicks) and %,d movies to %s in %.1f s%n",
        w.ratings(), w.users(), w.clicks(), w.videos(), dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }

  /** Files an earlier {@code --format movielens} run may have left, which a new one replaces. */
  private static final Set<String> MOVIELENS_FILES = Set.of(MovieLensWriter.RATINGS, MovieLensWriter.MOVIES,
      MovieLensWriter.RATINGS + ".tmp", MovieLensWriter.MOVIES + ".tmp");

  /** Sum of the peak usage of every heap memory pool since the JVM started. */
  static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}

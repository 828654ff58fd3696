package dev.videorec.app.cli;

import dev.videorec.data.DataCard;
import dev.videorec.data.DatasetWriter;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.WorldConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videorec generate}: writes a seeded synthetic dataset with its data card. */
@Command(name = "generate", sortOptions = false, description = {"write a seeded synthetic dataset", "",
    "Writes a synthetic dataset (manifest.json, datacard.json, topics.csv, users.csv, videos.csv, "
        + "subscriptions.csv, interactions.csv) into DIR, atomically. The same options always write byte-identical "
        + "files. The defaults are those of the committed sample."})
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
      + "interactions.csv) or parquet (interactions/, Parquet files by day, for the Spark jobs of 'videorec batch')")
  String format = "csv";

  @Override
  int execute() {
    if (!format.equals("csv") && !format.equals("parquet")) {
      throw usage("--format must be csv or parquet, got '" + format + "'");
    }
    dev.videorec.data.InteractionTableFormat table;
    try {
      table = format.equals("csv") ? null : dev.videorec.data.InteractionTableFormat.named(format);
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

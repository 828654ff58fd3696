package dev.videorec.app.cli;

import dev.videorec.data.DataCard;
import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.WorldConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code videorec generate}: writes a seeded synthetic dataset with its data card. */
public final class GenerateCommand extends Command {
  static final String HELP = String.join("\n",
      "usage: videorec generate --out DIR [--users N] [--videos M] [--days D] [--seed S] [--drift-day X]",
      "",
      "Writes a synthetic dataset (manifest.json, datacard.json, topics.csv, users.csv, videos.csv,",
      "subscriptions.csv, interactions.csv) into DIR, atomically. The same options always write",
      "byte-identical files. Defaults are those of the committed sample:",
      "  --users 2000 --videos 10000 --days 30 --seed 42",
      "--drift-day X shifts every user's interests from day X (0-based), to exercise drift monitoring.");

  GenerateCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String help() {
    return HELP;
  }

  @Override
  int execute(List<String> args) {
    Options o = new Options("generate", args, Set.of("out", "users", "videos", "days", "seed", "drift-day"),
        Set.of());
    Path dir = o.requiredPath("out");
    WorldConfig sample = WorldConfig.SAMPLE;
    int days = o.integer("days", sample.days(), 1, 3650);
    WorldConfig config = WorldConfig.of(o.longValue("seed", sample.seed()),
        o.integer("users", sample.users(), 1, 100_000_000), o.integer("videos", sample.videos(), 1, 100_000_000),
        days);
    int driftDay = o.integer("drift-day", WorldConfig.NO_DRIFT, WorldConfig.NO_DRIFT, days - 1);
    if (driftDay != WorldConfig.NO_DRIFT) {
      config = config.withDriftDay(driftDay);
    }
    long start = System.nanoTime();
    err.printf(Locale.ROOT, "generating %,d users, %,d videos, %d days (seed %d%s) into %s%n", config.users(),
        config.videos(), config.days(), config.seed(), driftDay < 0 ? "" : ", drift from day " + driftDay, dir);
    long[] lastReport = {System.nanoTime()};
    DataCard card = SyntheticWorld.writeDataset(config, dir, count -> {
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

package dev.videorec.app;

import dev.videorec.data.synthetic.SyntheticWorld;
import dev.videorec.data.synthetic.WorldConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code videorec generate}: writes a seeded synthetic dataset. */
final class GenerateCommand extends Command {
  static final String HELP = String.join("\n",
      "usage: videorec generate --out DIR [--users N] [--videos M] [--days D] [--seed S]",
      "",
      "Writes a synthetic dataset (manifest.json, users.csv, videos.csv, interactions.csv) into DIR, atomically.",
      "The same options always write byte-identical files. Defaults are those of the committed sample:",
      "  --users 2000 --videos 10000 --days 30 --seed 42");

  GenerateCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String help() {
    return HELP;
  }

  @Override
  int execute(List<String> args) {
    Options o = new Options("generate", args, Set.of("out", "users", "videos", "days", "seed"), Set.of());
    Path dir = o.requiredPath("out");
    WorldConfig sample = WorldConfig.SAMPLE;
    int videos = o.integer("videos", sample.videos(), 1, 100_000_000);
    WorldConfig config = WorldConfig.of(o.longValue("seed", sample.seed()), o.integer("users", sample.users(), 1,
        100_000_000), videos, o.integer("days", sample.days(), 1, 3650));
    long start = System.nanoTime();
    err.printf(Locale.ROOT, "generating %d users, %d videos, %d days (seed %d) into %s%n", config.users(),
        config.videos(), config.days(), config.seed(), dir);
    long[] lastReport = {System.nanoTime()};
    long written = SyntheticWorld.writeDataset(config, dir, count -> {
      long now = System.nanoTime();
      if (now - lastReport[0] > 2_000_000_000L) {
        err.printf(Locale.ROOT, "  %,d interactions written (%.0f s)%n", count, (now - start) / 1e9);
        lastReport[0] = now;
      }
    });
    out.printf(Locale.ROOT, "wrote %,d interactions to %s in %.1f s%n", written, dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}

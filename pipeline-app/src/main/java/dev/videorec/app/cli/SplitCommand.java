package dev.videorec.app.cli;

import dev.videorec.data.movielens.MovieLensRatings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code videorec split}: a MovieLens release split by time into a training release and a test release. */
public final class SplitCommand extends Command {
  static final String HELP = String.join("\n",
      "usage: videorec split --movielens DIR --out DIR [--protocol global|user-last|leave-one-out]",
      "                      [--train-fraction F] [--holdout-frac H]",
      "",
      "Writes OUT/train and OUT/test, two releases in the input's layout (ratings.csv [+ movies.csv, links.csv],",
      "or u.data [+ u.item, u.genre]). Rows are copied word for word and every rating is validated first; each",
      "directory is written atomically.",
      "  --protocol P         global (default): ratings before the point F of the ratings' time span train, the",
      "                       rest test; no test rating is older than a training one.",
      "                       user-last: each user's latest H of their ratings by time are held out (at least one",
      "                       for a user with two or more). Leakier than global: other users' later ratings stay",
      "                       in train, so a model may learn from the future it is tested on.",
      "                       leave-one-out: each user's latest rating is held out; as leaky as user-last.",
      "  --train-fraction F   global: share of the time span in train (default 0.9)",
      "  --holdout-frac H     user-last: share of each user's ratings held out (default 0.2)");

  SplitCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String help() {
    return HELP;
  }

  @Override
  int execute(List<String> args) {
    Options o = new Options("split", args, Set.of("movielens", "out", "train-fraction", "protocol",
        "holdout-frac"), Set.of());
    Path in = o.requiredPath("movielens");
    Path outDir = o.requiredPath("out");
    String name = o.string("protocol", MovieLensRatings.Protocol.GLOBAL.label());
    MovieLensRatings.Protocol protocol = MovieLensRatings.Protocol.parse(name).orElseThrow(() ->
        new UsageException("split: --protocol must be global, user-last or leave-one-out, got '" + name + "'"));
    if (protocol != MovieLensRatings.Protocol.GLOBAL && o.has("train-fraction")) {
      throw new UsageException("split: --train-fraction applies to --protocol global only");
    }
    if (protocol != MovieLensRatings.Protocol.USER_LAST && o.has("holdout-frac")) {
      throw new UsageException("split: --holdout-frac applies to --protocol user-last only");
    }
    double fraction = protocol == MovieLensRatings.Protocol.GLOBAL ? o.decimal("train-fraction", 0.9, 0.01, 0.99)
        : o.decimal("holdout-frac", 0.2, 0.01, 0.99);
    MovieLensRatings.SplitSummary s = MovieLensRatings.split(in, protocol, fraction, outDir.resolve("train"),
        outDir.resolve("test"));
    if (protocol == MovieLensRatings.Protocol.GLOBAL) {
      out.printf(Locale.ROOT, "wrote %s (%,d ratings before %s) and %s (%,d ratings from then on)%n",
          outDir.resolve("train"), s.firstRows(), Instant.ofEpochSecond(s.cut()), outDir.resolve("test"),
          s.secondRows());
    } else {
      out.printf(Locale.ROOT, "wrote %s (%,d ratings) and %s (%,d ratings: each user's %s)%n",
          outDir.resolve("train"), s.firstRows(), outDir.resolve("test"), s.secondRows(),
          protocol == MovieLensRatings.Protocol.LEAVE_ONE_OUT ? "latest"
              : String.format(Locale.ROOT, "latest %.0f%%", fraction * 100));
    }
    return 0;
  }
}

package dev.videorec.app;

import dev.videorec.data.movielens.MovieLensRatings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code videorec split}: a MovieLens release split by time into a training release and a test release. */
final class SplitCommand extends Command {
  static final String HELP = String.join("\n",
      "usage: videorec split --movielens DIR --out DIR [--train-fraction F]",
      "",
      "Writes OUT/train and OUT/test, two releases in the input's layout (ratings.csv [+ movies.csv, links.csv],",
      "or u.data [+ u.item, u.genre]): ratings before the point F of the ratings' time span go to train, the",
      "rest to test (a global temporal split: no rating in test is older than any in train). Rows are copied",
      "word for word and every rating is validated first; each directory is written atomically.",
      "  --train-fraction F   share of the time span in train (default 0.9)");

  SplitCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String help() {
    return HELP;
  }

  @Override
  int execute(List<String> args) {
    Options o = new Options("split", args, Set.of("movielens", "out", "train-fraction"), Set.of());
    Path in = o.requiredPath("movielens");
    Path outDir = o.requiredPath("out");
    double fraction = o.decimal("train-fraction", 0.9, 0.01, 0.99);
    MovieLensRatings.SplitSummary s = MovieLensRatings.split(in, fraction, outDir.resolve("train"),
        outDir.resolve("test"));
    out.printf(Locale.ROOT, "wrote %s (%,d ratings before %s) and %s (%,d ratings from then on)%n",
        outDir.resolve("train"), s.firstRows(), Instant.ofEpochSecond(s.cut()), outDir.resolve("test"),
        s.secondRows());
    return 0;
  }
}

package dev.videorec.app.cli;

import dev.videorec.data.movielens.MovieLensRatings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code videorec split}: a MovieLens release split by time into a training release and a test release. */
@Command(name = "split", sortOptions = false, description = {"split a MovieLens release into a training and a "
    + "test release (global, user-last or leave-one-out)", "",
    "Writes OUT/train and OUT/test, two releases in the input's layout (ratings.csv [+ movies.csv, links.csv], "
        + "u.data [+ u.item, u.genre] or ratings.dat [+ movies.dat]). Rows are copied word for word and every "
        + "rating is validated first; each directory is written atomically."})
public final class SplitCommand extends BaseCommand {
  @Option(names = "--movielens", required = true, paramLabel = "DIR", description = "the release to split")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "where OUT/train and OUT/test go")
  Path outDir;

  @Option(names = "--protocol", paramLabel = "P", description = {
      "global (default): ratings before the point F of the ratings' time span train, the rest test; no test "
          + "rating is older than a training one.",
      "user-last: each user's latest H of their ratings by time are held out (at least one for a user with two "
          + "or more). Leakier than global: other users' later ratings stay in train, so a model may learn from "
          + "the future it is tested on.",
      "leave-one-out: each user's latest rating is held out; as leaky as user-last."})
  String protocolName = MovieLensRatings.Protocol.GLOBAL.label();

  @Option(names = "--train-fraction", paramLabel = "F",
      description = "global: share of the time span in train (default 0.9)")
  Double trainFraction;

  @Option(names = "--holdout-frac", paramLabel = "H",
      description = "user-last: share of each user's ratings held out (default 0.2)")
  Double holdout;

  @Override
  int execute() {
    MovieLensRatings.Protocol protocol = MovieLensRatings.Protocol.parse(protocolName).orElseThrow(() ->
        usage("--protocol must be global, user-last or leave-one-out, got '" + protocolName + "'"));
    if (protocol != MovieLensRatings.Protocol.GLOBAL && trainFraction != null) {
      throw usage("--train-fraction applies to --protocol global only");
    }
    if (protocol != MovieLensRatings.Protocol.USER_LAST && holdout != null) {
      throw usage("--holdout-frac applies to --protocol user-last only");
    }
    double fraction = protocol == MovieLensRatings.Protocol.GLOBAL
        ? inRange("--train-fraction", trainFraction == null ? 0.9 : trainFraction, 0.01, 0.99)
        : inRange("--holdout-frac", holdout == null ? 0.2 : holdout, 0.01, 0.99);
    try {
      MovieLensRatings.checkOutputs(outDir.resolve("train"), outDir.resolve("test"));
    } catch (java.io.UncheckedIOException e) {
      throw usage(e.getMessage());
    }
    MovieLensRatings.SplitSummary s = MovieLensRatings.split(in, protocol, fraction, outDir.resolve("train"),
        outDir.resolve("test"));
    s.leftoversRemoved().forEach(p -> err.println("removed " + p + ", left by a split that was interrupted"));
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

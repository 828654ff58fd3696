package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The ranking comparison on MovieLens ml-latest-small, when the shared copy is present. */
class MovieLensRankingTest {
  /** The shared copy of ml-latest-small: beside the repository, in {@code ../shared/datasets}. */
  private static final Path ML_LATEST_SMALL =
      Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("datasets/ml-latest-small");

  @Test
  void rankingTableOnMovieLens() {
    assumeTrue(Files.isDirectory(ML_LATEST_SMALL),
        "MovieLens ml-latest-small not found at " + ML_LATEST_SMALL + "; skipping (see shared/datasets/README.md)");
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    int status = Main.run(List.of("ranking", "--movielens", ML_LATEST_SMALL.toString()),
        new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    String out = o.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, out);
    System.out.println(out);
    for (String model : List.of("ctr-baseline", "logistic-regression", "deep-multitask")) {
      Matcher m = Pattern.compile("\\| " + Pattern.quote(model) + " \\| (\\S+) \\|").matcher(out);
      assertTrue(m.find(), "no row for " + model + " in\n" + out);
      double auc = Double.parseDouble(m.group(1));
      // Ratings of new users two years after training: no model has much to go on (see the ranking README), but
      // every AUC is a probability of ranking a positive first.
      assertTrue(auc >= 0.4 && auc <= 1, model + " AUC " + auc);
    }
  }
}

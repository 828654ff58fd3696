package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.data.DatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private String out;
  private String err;

  private int run(String... args) {
    Cli.Result r = Cli.run(args);
    out = r.out();
    err = r.err();
    return r.status();
  }

  private void assertOneLineError(String expected) {
    assertEquals(expected + System.lineSeparator(), err);
    assertFalse(err.contains("\tat "), "no stack trace");
  }

  @Test
  void usageErrorsAreOneLineWithStatusTwo() {
    assertEquals(2, run("recommend-everything"));
    assertOneLineError("videorec: unknown command 'recommend-everything' (did you mean recommend?); commands: demo, generate, split, train, "
        + "evaluate, recommend, serve, load-test, simulate, ope, retrieval, ranking, monitor, validate, ann-bench, batch, "
        + "help, generate-completion");
    assertEquals(2, run("recomend"));
    assertTrue(err.startsWith("videorec: unknown command 'recomend' (did you mean recommend?)"), err);
    assertEquals(2, run("demo", "--kk"));
    assertOneLineError("videorec: demo: unknown option: '--kk' (see 'videorec help demo')");
    assertEquals(2, run("monitor", "--windows", "0.8,0.5"));
    assertOneLineError("videorec: monitor: --windows must be two fractions 0 < R < C < 1, got '0.8,0.5'");
    assertEquals(2, run("retrieval", "--epochs", "0"));
    assertOneLineError("videorec: retrieval: --epochs must be in [1, 1000], got 0");
    assertEquals(2, run("serve", "--model", "m", "--source-threads", "0"));
    assertOneLineError("videorec: serve: --source-threads must be in [1, 1024], got 0");
    assertEquals(2, run("demo", "--k", "ten"));
    assertOneLineError("videorec: demo: invalid value for option '--k': 'ten' is not an int (see 'videorec help "
        + "demo')");
    assertEquals(2, run("demo", "--k", "0"));
    assertOneLineError("videorec: demo: --k must be in [1, 100], got 0");
    assertEquals(2, run("demo", "--k=0"), "--name=value is the same option");
    assertOneLineError("videorec: demo: --k must be in [1, 100], got 0");
    assertEquals(2, run("demo", "--k"));
    assertOneLineError("videorec: demo: missing required parameter for option '--k' (N) (see 'videorec help demo')");
    assertEquals(2, run("generate", "--users", "5"));
    assertOneLineError("videorec: generate: missing required option: '--out=DIR' (see 'videorec help generate')");
    assertEquals(2, run("generate", "--out", "x", "--out", "y"));
    assertOneLineError("videorec: generate: option '--out' (DIR) should be specified only once (see 'videorec help "
        + "generate')");
    assertEquals(2, run("demo", "stray"));
    assertOneLineError("videorec: demo: unmatched argument at index 1: 'stray' (see 'videorec help demo')");
    assertEquals(2, run("load-test", "--url", "file:///etc/passwd"));
    assertOneLineError("videorec: load-test: --url must be the server's http:// or https:// address, got "
        + "'file:///etc/passwd'");
    assertEquals(2, run("ann-bench", "--n", "10"));
    assertTrue(err.startsWith("videorec: ann-bench runs from the benchmarks module"), err);
    assertEquals(2, run("batch", "features"));
    assertTrue(err.startsWith("videorec: batch runs from the batch module"), err);
    // The Parquet format is the batch module's: without it, generate says how to get it.
    assertEquals(2, run("generate", "--out", "x", "--format", "parquet"));
    assertTrue(err.contains("./videorec generate --format parquet"), err);
    assertEquals(2, run("generate", "--out", "x", "--format", "json"));
    assertTrue(err.contains("--format must be csv, parquet or movielens"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback-control"));
    assertTrue(err.contains("--feedback-control changes what --feedback retrains on"), err);
    assertEquals(2, run("simulate", "--model", "m", "--correct", "ips"));
    assertTrue(err.contains("they need --feedback"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "bandit"));
    assertTrue(err.contains("unknown correction 'bandit'; corrections: explore, ips, position, two-tower, warm-start, "
        + "explored-only, explored-sources, gate"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "gate"));
    assertTrue(err.contains("--correct gate judges rankers on the explored slots: it needs explore too"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "explore,gate", "--gate-confidence",
        "1"));
    assertTrue(err.contains("--gate-confidence must be in [0.5, 1), got 1.0"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--feedback-control", "--correct",
        "explore,gate"));
    assertTrue(err.contains("--feedback-control rebuilds once"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "ips,explored-only"));
    assertTrue(err.contains("--correct explored-only learns from the explored slots: it needs explore too"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "explore,explored-only", "--epsilon",
        "0.5"));
    assertTrue(err.contains("with --epsilon below 0.5"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "explored-sources"));
    assertTrue(err.contains("--correct explored-sources counts the explored slots: it needs explore too"), err);
    assertEquals(2, run("simulate", "--model", "m", "--arm-b", "popular", "--arm-a", "funnel", "--correct", "explore"));
    assertTrue(err.contains("--correct applies to a funnel arm B"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "explore,gate", "--gate-judge",
        "oracle"));
    assertTrue(err.contains("--gate-judge must be concordance or off-policy, got 'oracle'"), err);
    assertEquals(2, run("simulate", "--model", "m", "--feedback", "--correct", "explore", "--gate-judge",
        "off-policy"));
    assertTrue(err.contains("--gate-judge chooses how --correct gate judges a retrain"), err);
    assertEquals(2, run("ope", "--model", "m", "--log", "l.csv", "--click-model", "cascade"));
    assertTrue(err.contains("--click-model: the click model must be item-position or position-based, got 'cascade'"),
        err);
    // A usage error leaves no output directory behind.
    assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("x")), "generate created x before refusing");
  }

  @Test
  void helpIsAvailableEverywhere() {
    assertEquals(0, run("help"));
    assertTrue(out.startsWith("Usage: videorec [-hvV] COMMAND"), out);
    assertTrue(out.contains("  simulate  "), out);
    for (String command : List.of("demo", "generate", "split", "train", "evaluate", "recommend", "serve",
        "load-test", "simulate", "retrieval", "ranking", "monitor", "validate")) {
      assertEquals(0, run(command, "--help"), command);
      assertTrue(out.startsWith("Usage: videorec " + command), command + ": " + out);
      assertTrue(out.contains("--help") && out.contains("--verbose"), command);
      String viaHelp = out;
      assertEquals(0, run("help", command), command);
      assertEquals(viaHelp, out, "'help " + command + "' prints the same as '" + command + " --help'");
      assertEquals("", err, command + ": the help is well-formed");
    }
    assertEquals(0, run("train", "--help"));
    assertTrue(out.contains("--positive-threshold=R") && out.contains("--columns=SPEC"), out);
    assertEquals(2, run(), "no command is a usage error");
    assertTrue(out.startsWith("Usage: videorec"), out);
  }

  @Test
  void everyCommandsHelpRendersWithoutPicocliWarnings() {
    // picocli reports a description it cannot format (a lone '%') on System.err and prints the raw text instead.
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    try {
      System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
      for (String command : Main.commandLine().getSubcommands().keySet()) {
        run(command, "--help"); // ann-bench and batch answer from the launcher, with status 2 here
        String warnings = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli WARN"), command + ": " + warnings);
        assertFalse(out.contains("%n"), command + ": an unformatted description: " + out);
      }
    } finally {
      System.setErr(saved);
    }
  }

  @Test
  void aBashCompletionScriptCoversEveryCommand() {
    assertEquals(0, run("generate-completion"));
    assertTrue(out.startsWith("#!/usr/bin/env bash"), out);
    for (String word : List.of("demo", "train", "--movielens", "--rerank-config", "--all-users", "--interleaving")) {
      assertTrue(out.contains(word), word);
    }
  }

  @Test
  void badDataIsOneLineWithStatusOne(@TempDir Path dir) throws Exception {
    assertEquals(1, run("demo", "--data", dir.resolve("missing").toString()));
    assertOneLineError("videorec: bad data: " + dir.resolve("missing")
        + ":0: not a dataset directory (it does not exist or is a file)");
    assertEquals(0, run("generate", "--out", dir.toString(), "--users", "20", "--videos", "50", "--days", "2"));
    Files.writeString(dir.resolve("videos.csv"),
        "video_id,creator_id,topics,duration_s,upload_ts,language,region,age_restricted,blocked_regions\n1,2,3\n");
    assertEquals(1, run("demo", "--data", dir.toString()));
    assertOneLineError("videorec: bad data: " + dir.resolve("videos.csv") + ":2: expected 9 fields (video_id,"
        + "creator_id,topics,duration_s,upload_ts,language,region,age_restricted,blocked_regions), got 3");
  }

  @Test
  void generateWritesAReadableDataset(@TempDir Path dir) {
    assertEquals(0, run("generate", "--out", dir.toString(), "--users", "30", "--videos", "80", "--days", "3",
        "--seed", "9"));
    assertTrue(out.startsWith("wrote "), out);
    var d = DatasetReader.read(dir);
    assertEquals(30, d.users().size());
    assertEquals(80, d.videos().size());
    assertEquals(9, d.manifest().generator().seed());
    assertTrue(out.contains("data card: CTR "), out);
    assertTrue(Files.isRegularFile(dir.resolve("datacard.json")));
  }

  @Test
  void generateWritesMovieLensRatingsThatTrainReads(@TempDir Path dir) throws Exception {
    Path ml = dir.resolve("ml");
    assertEquals(0, run("generate", "--format", "movielens", "--out", ml.toString(), "--users", "40", "--videos",
        "120", "--days", "5", "--seed", "9"));
    assertTrue(out.startsWith("wrote ") && out.contains(" ratings by "), out);
    assertEquals(dev.videorec.data.movielens.MovieLensReader.Layout.DAT,
        dev.videorec.data.movielens.MovieLensReader.detect(ml));
    assertEquals(120, Files.readAllLines(ml.resolve("movies.dat")).size());
    assertEquals(0, run("generate", "--format", "movielens", "--out", ml.toString(), "--users", "40", "--videos",
        "120", "--days", "5", "--seed", "9"), "an earlier run's files are replaced: " + err);
    Files.writeString(dir.resolve("notes.txt"), "keep me");
    assertEquals(2, run("generate", "--format", "movielens", "--out", dir.toString()));
    assertTrue(err.contains("holds other files"), err);
    assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
  }

  @Test
  void skipBadRowsReportsWhatWasSkipped(@TempDir Path dir) throws Exception {
    assertEquals(0, run("generate", "--out", dir.toString(), "--users", "60", "--videos", "200", "--days", "6"));
    Path log = dir.resolve("interactions.csv");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(log));
    lines.add(3, "oops,1,2");
    Files.write(log, lines);
    assertEquals(1, run("demo", "--data", dir.toString(), "--show", "0"));
    assertOneLineError("videorec: bad data: " + log + ":4: expected 7 fields (ts,user_id,video_id,position,clicked,"
        + "watch_s,feedback), got 3");
    assertEquals(0, run("demo", "--data", dir.toString(), "--show", "0", "--skip-bad-rows"));
    assertTrue(err.startsWith("videorec: skipped 1 malformed row; first: " + log + ":4: expected 7 fields"), err);
  }

  @Test
  void dataThatCannotTrainAModelIsOneLineToo(@TempDir Path dir) {
    assertEquals(0, run("generate", "--out", dir.toString(), "--users", "3", "--videos", "5", "--days", "1"));
    assertEquals(1, run("demo", "--data", dir.toString(), "--show", "0"));
    assertTrue(err.startsWith("videorec: demo failed: "), err);
    assertTrue(err.endsWith("(set VIDEOREC_DEBUG=1 for the stack trace)" + System.lineSeparator()), err);
    assertFalse(err.contains("\tat "), "no stack trace");
  }

  @Test
  void aBadRerankConfigIsOneLineNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("chain.json");
    Files.writeString(config, "{\"selectors\": [{\"type\": \"dpp\", \"theta\": 2}]}");
    assertEquals(1, run("demo", "--rerank-config", config.toString(), "--show", "0"));
    assertOneLineError("videorec: bad re-ranking config: " + config + ": selectors[0].theta: theta must be in "
        + "[0, 1), got 2.0");
  }

  @Test
  void aBadMixerConfigIsOneLineNamingTheKey(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("mixer.json");
    Files.writeString(config, "{\"maxCandidates\": 5, \"sources\": [{\"name\": \"popular\", \"quota\": 0, "
        + "\"budgetMillis\": 5}]}");
    assertEquals(1, run("demo", "--mixer-config", config.toString(), "--show", "0"));
    assertOneLineError("videorec: bad candidate mixer config: " + config + ": quota of source 'popular' must be "
        + "in [1, 10000], got 0");
    Files.writeString(config, "{\"maxCandidates\": 5, \"sources\": [{\"name\": \"popularr\", \"quota\": 1, "
        + "\"budgetMillis\": 5}]}");
    assertEquals(1, run("demo", "--mixer-config", config.toString(), "--show", "0"));
    assertTrue(err.startsWith("videorec: bad candidate mixer config: source 'popularr' is not available"), err);
  }

  @Test
  void badMonitorThresholdsAreOneLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("t.json");
    Files.writeString(file, "{\"psi\": 0}");
    assertEquals(2, run("monitor", "--thresholds", file.toString()));
    assertTrue(err.startsWith("videorec: monitor: " + file + ": "), err);
    assertFalse(err.contains("\tat "), "no stack trace");
  }

  @Test
  void movieLensOptionsAreChecked(@TempDir Path dir) {
    assertEquals(2, run("demo", "--data", "x", "--movielens", "y"));
    assertOneLineError("videorec: demo: give --data or --movielens, not both");
    assertEquals(2, run("demo", "--positive-threshold", "4"));
    assertOneLineError("videorec: demo: --positive-threshold applies to --movielens only");
    assertEquals(2, run("demo", "--movielens", "y", "--positive-threshold", "six"));
    assertOneLineError("videorec: demo: invalid value for option '--positive-threshold': 'six' is not a double (see "
        + "'videorec help demo')");
    assertEquals(1, run("demo", "--movielens", dir.toString()));
    assertOneLineError("videorec: bad data: " + dir + ":0: unknown layout: expected ratings.csv (MovieLens CSV "
        + "layout), u.data (ml-100k layout) or ratings.dat (ml-1m and ml-10m layout)");
  }

  @Test
  void generateTakesADriftDayWithinTheLog(@TempDir Path dir) {
    assertEquals(0, run("generate", "--out", dir.toString(), "--users", "20", "--videos", "50", "--days", "4",
        "--drift-day", "2"));
    assertEquals(2, DatasetReader.read(dir).manifest().generator().driftDay());
    assertEquals(2, run("generate", "--out", dir.toString(), "--days", "4", "--drift-day", "4"));
    assertOneLineError("videorec: generate: --drift-day must be in [-1, 3], got 4");
  }
}

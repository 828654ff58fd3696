package dev.videorec.app.cli;

import dev.videorec.app.funnel.ValidationSearch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Your own data, end to end: a MovieLens-layout release written here (users who like some genres rate movies over
 * 120 days), split by time, trained, recommended for every user to {@code recs.csv}, and evaluated.
 */
class MovieLensWorkflowTest {
  @TempDir
  static Path dir;
  private static Path release;
  private static Path model;
  private static String out;
  private static String err;
  private static final String[] GENRES = {"Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi"};

  private static int run(String... args) {
    Cli.Result r = Cli.run(args);
    out = r.out();
    err = r.err();
    return r.status();
  }

  /** A seeded release: 80 users, 150 movies with one or two genres, about 40 ratings per user. */
  static void writeRelease(Path d, boolean csvLayout, boolean withMovies) throws Exception {
    Files.createDirectories(d);
    SplittableRandom r = new SplittableRandom(3);
    int[][] genres = new int[150][];
    StringBuilder movies = new StringBuilder("movieId,title,genres\n");
    StringBuilder item = new StringBuilder();
    for (int m = 0; m < 150; m++) {
      genres[m] = r.nextInt(3) == 0 ? new int[] {r.nextInt(6), r.nextInt(6)} : new int[] {r.nextInt(6)};
      movies.append(m + 1).append(",Movie ").append(m + 1).append(" (199").append(m % 10).append("),")
          .append(GENRES[genres[m][0]]).append(genres[m].length > 1 ? "|" + GENRES[genres[m][1]] : "").append('\n');
      item.append(m + 1).append("|Movie ").append(m + 1).append("|01-Jan-1995||");
      for (int g = 0; g < 19; g++) {
        item.append(g == 0 ? "" : "|").append(g == 1 + genres[m][0] ? 1 : 0);
      }
      item.append('\n');
    }
    List<String> rows = new ArrayList<>();
    long start = 1_000_000_000L;
    for (int u = 1; u <= 80; u++) {
      int liked = r.nextInt(6);
      Set<Integer> rated = new HashSet<>();
      long active = start + r.nextInt(100) * 86_400L;
      for (int n = 0; n < 40; n++) {
        int m = r.nextInt(150);
        if (!rated.add(m)) {
          continue;
        }
        boolean likes = genres[m][0] == liked || (genres[m].length > 1 && genres[m][1] == liked);
        double stars = Math.min(5, Math.max(0.5, (likes ? 4.2 : 2.6) + r.nextGaussian() * 0.7));
        stars = Math.round(stars * 2) / 2.0;
        long ts = active + r.nextInt(40 * 86_400);
        rows.add(csvLayout ? u + "," + (m + 1) + "," + stars + "," + ts
            : u + "\t" + (m + 1) + "\t" + (int) Math.max(1, Math.round(stars)) + "\t" + ts);
      }
    }
    if (csvLayout) {
      Files.writeString(d.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n" + String.join("\n", rows)
          + "\n");
      if (withMovies) {
        Files.writeString(d.resolve("movies.csv"), movies.toString());
      }
    } else {
      Files.writeString(d.resolve("u.data"), String.join("\n", rows) + "\n");
      if (withMovies) {
        Files.writeString(d.resolve("u.item"), item.toString());
      }
    }
  }

  @BeforeAll
  static void trainOnTheTrainingHalf() throws Exception {
    release = dir.resolve("release");
    writeRelease(release, true, true);
    assertEquals(0, run("split", "--movielens", release.toString(), "--out", dir.resolve("split").toString()), err);
    assertTrue(out.startsWith("wrote " + dir.resolve("split").resolve("train")), out);
    model = dir.resolve("model");
    assertEquals(0, run("train", "--movielens", dir.resolve("split/train").toString(), "--train-fraction", "1",
        "--model", model.toString()), err);
  }

  private static Map<Integer, Set<Integer>> trainingItems() throws Exception {
    Map<Integer, Set<Integer>> seen = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("split/train/ratings.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      seen.computeIfAbsent(Integer.parseInt(f[0]), u -> new HashSet<>()).add(Integer.parseInt(f[1]));
    }
    return seen;
  }

  @Test
  void recommendWritesExactCsvForEveryKnownUserWithoutTheirTrainingItems() throws Exception {
    Path recs = dir.resolve("recs.csv");
    assertEquals(0, run("recommend", "--model", model.toString(), "--all-users", "--k", "20", "--out",
        recs.toString()), err);
    assertTrue(out.startsWith("wrote " + recs + ": "), out);
    assertTrue(out.contains(" users/s "), out);
    assertTrue(err.contains("users/s)") || err.contains("recommending 20 videos"), err);
    List<String> lines = Files.readAllLines(recs);
    assertEquals("userId,movieId,rank", lines.get(0));
    Map<Integer, Set<Integer>> seen = trainingItems();
    Map<Integer, List<Integer>> byUser = new java.util.LinkedHashMap<>();
    int lastUser = -1;
    for (String line : lines.subList(1, lines.size())) {
      assertTrue(line.matches("\\d+,\\d+,\\d+"), "row '" + line + "'");
      String[] f = line.split(",");
      int user = Integer.parseInt(f[0]);
      assertTrue(user >= lastUser, "users in id order");
      lastUser = user;
      List<Integer> list = byUser.computeIfAbsent(user, u -> new ArrayList<>());
      assertEquals(list.size() + 1, Integer.parseInt(f[2]), "ranks 1, 2, ... for user " + user);
      int movie = Integer.parseInt(f[1]);
      assertFalse(seen.get(user).contains(movie), "user " + user + " rated movie " + movie + " in training");
      assertFalse(list.contains(movie), "no repeats");
      list.add(movie);
    }
    assertEquals(seen.keySet(), byUser.keySet(), "every user with training ratings, and only them");
    assertTrue(byUser.values().stream().allMatch(l -> l.size() == 20), "every known user gets a full list");

    // The same for listed users only, and the evaluation of the lists.
    Path users = dir.resolve("users.txt");
    Files.writeString(users, "userId\n3\n1\n");
    Path some = dir.resolve("some.csv");
    assertEquals(0, run("recommend", "--model", model.toString(), "--users", users.toString(), "--k", "5", "--out",
        some.toString()), err);
    List<String> someLines = Files.readAllLines(some);
    assertEquals("3", someLines.get(1).split(",")[0], "the file's order");
    assertEquals(11, someLines.size());

    assertEquals(0, run("evaluate", "--test", dir.resolve("split/test").toString(), "--recs", recs.toString(),
        "--baseline", "--train", dir.resolve("split/train").toString()), err);
    assertTrue(out.contains("| list | recall@10 | recall@100 | NDCG@10 | HitRate@10 | coverage@10 |"), out);
    assertTrue(out.contains("| recs | "), out);
    assertTrue(out.contains("| popularity | "), out);
  }

  @Test
  void theSearchChoosesOnTheTrainingHalfAloneAndRecordsItsChoices() throws Exception {
    com.fasterxml.jackson.databind.JsonNode before = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(model.resolve("model.json").toFile());
    com.fasterxml.jackson.databind.JsonNode tuning = before.get("tuning");
    assertEquals("user-last", tuning.get("protocol").asText());
    assertTrue(tuning.get("ease").size() >= ValidationSearch.EASE_LAMBDAS.length, tuning.toString());
    assertTrue(before.get("collaborative").get("easeLambda").asDouble() > 0);
    // Another test half (every held-out rating changed) leaves every choice as it was: train never reads it.
    Path test = dir.resolve("split/test/ratings.csv");
    List<String> lines = Files.readAllLines(test);
    StringBuilder changed = new StringBuilder(lines.get(0)).append('\n');
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      changed.append(f[0]).append(',').append(f[1]).append(',').append(f[2].equals("5.0") ? "0.5" : "5.0")
          .append(',').append(f[3]).append('\n');
    }
    Files.writeString(test, changed.toString());
    try {
      Path again = dir.resolve("model-again");
      assertEquals(0, run("train", "--movielens", dir.resolve("split/train").toString(), "--model",
          again.toString()), err);
      com.fasterxml.jackson.databind.JsonNode after = new com.fasterxml.jackson.databind.ObjectMapper()
          .readTree(again.resolve("model.json").toFile());
      assertEquals(tuning, after.get("tuning"));
      assertEquals(before.get("collaborative"), after.get("collaborative"));
      assertEquals(Files.readString(model.resolve("rerank.json")), Files.readString(again.resolve("rerank.json")));
      assertEquals(Files.readString(model.resolve("mixer.json")), Files.readString(again.resolve("mixer.json")));
    } finally {
      Files.write(test, lines);
    }
  }

  @Test
  void trainsWithoutMovieMetadataAndOnTheMl100kLayout() throws Exception {
    Path bare = dir.resolve("bare");
    writeRelease(bare, false, false);
    Path m = dir.resolve("bare-model");
    assertEquals(0, run("train", "--movielens", bare.toString(), "--model", m.toString()), err);
    Path recs = dir.resolve("bare-recs.csv");
    assertEquals(0, run("recommend", "--model", m.toString(), "--all-users", "--k", "10", "--out",
        recs.toString()), err);
    assertTrue(Files.readAllLines(recs).size() > 100);
  }

  @Test
  void badInputIsOneLineNamingTheFileAndLine() throws Exception {
    // An unknown layout.
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertEquals(1, run("split", "--movielens", empty.toString(), "--out", dir.resolve("x").toString()));
    assertEquals("videorec: bad data: " + empty + ":0: unknown layout: expected ratings.csv (MovieLens CSV layout), "
        + "u.data (ml-100k layout) or ratings.dat (ml-1m and ml-10m layout)" + System.lineSeparator(), err);
    // A missing column.
    Path noTime = Files.createDirectories(dir.resolve("no-time"));
    Files.writeString(noTime.resolve("ratings.csv"), "userId,movieId,rating\n1,2,4.0\n");
    assertEquals(1, run("train", "--movielens", noTime.toString(), "--model", dir.resolve("m2").toString()));
    assertEquals("videorec: bad data: " + noTime.resolve("ratings.csv") + ":1: header is 'userId,movieId,rating', "
        + "expected 'userId,movieId,rating,timestamp'" + System.lineSeparator(), err);
    // A non-numeric field in held-out ratings.
    Path badTest = dir.resolve("bad-test.csv");
    Files.writeString(badTest, "userId,movieId,rating,timestamp\n1,2,4.0,100\n1,three,4.0,200\n");
    Path recs = dir.resolve("r.csv");
    Files.writeString(recs, "userId,movieId,rank\n1,2,1\n");
    assertEquals(1, run("evaluate", "--test", badTest.toString(), "--recs", recs.toString()));
    assertTrue(err.startsWith("videorec: bad data: " + badTest + ":3: "), err);
    assertTrue(err.contains("movieId"), err);
    // Malformed recommendation files.
    Path dupRank = dir.resolve("dup.csv");
    Files.writeString(dupRank, "userId,movieId,rank\n1,2,1\n1,3,1\n");
    assertEquals(1, run("evaluate", "--test", dir.resolve("split/test").toString(), "--recs", dupRank.toString()));
    assertEquals("videorec: bad data: " + dupRank + ":3: user 1 has rank 1 twice" + System.lineSeparator(), err);
    Path gap = dir.resolve("gap.csv");
    Files.writeString(gap, "userId,movieId,rank\n1,2,1\n1,3,3\n");
    assertEquals(1, run("evaluate", "--test", dir.resolve("split/test").toString(), "--recs", gap.toString()));
    assertTrue(err.contains("user 1's ranks are not 1..2"), err);
    // Unknown and malformed user ids in --users.
    Path users = dir.resolve("bad-users.txt");
    Files.writeString(users, "1\n99999\n");
    assertEquals(1, run("recommend", "--model", model.toString(), "--users", users.toString(), "--out",
        dir.resolve("u.csv").toString()));
    assertTrue(err.endsWith("videorec: bad data: " + users + ":2: user 99999 is not known to the model (no "
        + "interaction in its training data)" + System.lineSeparator()), err);
    Files.writeString(users, "1\nalice\n");
    assertEquals(1, run("recommend", "--model", model.toString(), "--users", users.toString(), "--out",
        dir.resolve("u.csv").toString()));
    assertTrue(err.endsWith("videorec: bad data: " + users + ":2: 'alice' is not a user id (a non-negative "
        + "integer)" + System.lineSeparator()), err);
    assertFalse(Files.exists(dir.resolve("u.csv")), "nothing written on bad input");
    // Usage errors.
    assertEquals(2, run("recommend", "--model", model.toString(), "--all-users"));
    assertEquals("videorec: recommend: option --out is required with --all-users/--users" + System.lineSeparator(),
        err);
    assertEquals(2, run("evaluate", "--test", badTest.toString(), "--recs", recs.toString(), "--baseline"));
    assertTrue(err.contains("--baseline needs --train DIR"), err);
  }
}

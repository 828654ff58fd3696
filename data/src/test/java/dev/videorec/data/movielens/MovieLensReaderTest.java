package dev.videorec.data.movielens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.Topic;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.data.DataFileException;
import dev.videorec.data.Dataset;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReaderTest {
  /** The shared copy of ml-latest-small: beside the repository, in {@code ../shared/datasets}. */
  static final Path ML_LATEST_SMALL =
      Path.of("").toAbsolutePath().getParent().resolveSibling("shared").resolve("datasets/ml-latest-small");

  @TempDir
  Path dir;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(MovieLensReaderTest.class.getResource("/movielens/" + name).toURI());
  }

  /** A copy of a fixture that a test may modify. */
  private Path copy(String name) throws IOException, URISyntaxException {
    try (var files = Files.list(fixture(name))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }

  private static long jan1(int year) {
    return LocalDate.of(year, 1, 1).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
  }

  private static List<String> names(Dataset d) {
    return d.topics().stream().map(Topic::name).toList();
  }

  @Test
  void readsTheCsvLayout() throws Exception {
    Dataset d = MovieLensReader.read(fixture("csv"), MovieLensOptions.defaults());
    assertEquals(MovieLensReader.Layout.CSV, MovieLensReader.detect(fixture("csv")));
    assertEquals(List.of("Action", "Documentary", "Drama", "Romance", "Sci-Fi", "Thriller"), names(d));
    Video harbour = d.catalog().get(new VideoId(1));
    assertEquals(List.of(2, 3), harbour.topics(), "genres in listed order");
    assertEquals(jan1(1994), harbour.uploadTime(), "the title's year, before the first rating");
    assertEquals(List.of(4, 0), d.catalog().get(new VideoId(2)).topics(), "a quoted title with a comma");
    assertEquals(1_100_000_200L, d.catalog().get(new VideoId(3)).uploadTime(), "no year: the first rating");
    assertEquals(MovieLensReader.MOVIE_SECONDS, harbour.durationSeconds());
    assertEquals(harbour.creator().value(), 1, "each movie is its own creator");
    assertEquals(2, d.users().size());
    assertEquals(4, d.videos().size());

    List<Interaction> log = d.interactions();
    assertEquals(List.of(1_000_000_000L, 1_100_000_100L, 1_100_000_100L, 1_100_000_200L, 1_100_000_300L),
        log.stream().map(Interaction::timestamp).toList(), "sorted by time");
    assertEquals(List.of(9, 7, 9, 7, 7), log.stream().map(i -> i.user().value()).toList(), "then by user");
    // Threshold 4: 5.0 and 4.5 and 4.0 are positives; 2.0 is a dislike; 3.5 is a plain impression.
    assertEquals(List.of(true, false, true, false, true), log.stream().map(Interaction::clicked).toList());
    assertEquals(List.of(Feedback.LIKE, Feedback.DISLIKE, Feedback.NONE, Feedback.NONE, Feedback.LIKE),
        log.stream().map(Interaction::feedback).toList());
    assertEquals(List.of(6000, 0, 4800, 0, 5400), log.stream().map(Interaction::watchSeconds).toList(),
        "rating / 5 of the duration");
  }

  @Test
  void thresholdIsAParameter() throws Exception {
    Dataset d = MovieLensReader.read(fixture("csv"), new MovieLensOptions(3.0, false));
    assertEquals(4, d.interactions().stream().filter(Interaction::clicked).count());
    assertThrows(IllegalArgumentException.class, () -> new MovieLensOptions(0, false));
    assertThrows(IllegalArgumentException.class, () -> new MovieLensOptions(5.5, false));
  }

  @Test
  void readsTheMl100kLayout() throws Exception {
    Dataset d = MovieLensReader.read(fixture("ml-100k"), MovieLensOptions.defaults());
    assertEquals(MovieLensReader.Layout.ML_100K, MovieLensReader.detect(fixture("ml-100k")));
    assertEquals(List.of("unknown", "Action", "Comedy", "Drama"), names(d));
    assertEquals(List.of(3), d.catalog().get(new VideoId(1)).topics());
    assertEquals(List.of(1, 2), d.catalog().get(new VideoId(2)).topics());
    assertEquals(List.of(0), d.catalog().get(new VideoId(3)).topics());
    assertEquals(jan1(1994), d.catalog().get(new VideoId(1)).uploadTime(), "from the release date");
    assertEquals(Math.min(jan1(1997), 880_000_050L), d.catalog().get(new VideoId(3)).uploadTime(),
        "without a release date: the title's year, or the first rating if earlier");
    assertEquals(4, d.interactions().size());
    assertEquals(List.of(4, 3, 4, 3), d.interactions().stream().map(i -> i.user().value()).toList());
    assertEquals(List.of(false, false, true, true), d.interactions().stream().map(Interaction::clicked).toList());
  }

  @Test
  void ml100kFilesAreNotQuoted() throws Exception {
    // Titles in u.item may hold double quotes as plain text; a CSV reader would take them for quoting.
    Path d = copy("ml-100k");
    Path item = d.resolve("u.item");
    Files.writeString(item, Files.readString(item, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replace("Quiet Field (1997)", "\"Great Performances\" Quiet Field (1997)")
        .replace("Harbour Lights (1994)", "Harbour \"Lights\" (1994)"), java.nio.charset.StandardCharsets.ISO_8859_1);
    Dataset data = MovieLensReader.read(d, MovieLensOptions.defaults());
    assertEquals(3, data.videos().size());
    assertEquals(List.of(0), data.catalog().get(new VideoId(3)).topics());
    assertEquals(jan1(1994), data.catalog().get(new VideoId(1)).uploadTime());
  }

  @Test
  void worksWithoutMovieMetadata() throws Exception {
    Path d = copy("csv");
    Files.delete(d.resolve("movies.csv"));
    Dataset data = MovieLensReader.read(d, MovieLensOptions.defaults());
    assertEquals(List.of("unknown"), names(data));
    assertEquals(4, data.videos().size(), "one video per rated movie");
    assertTrue(data.videos().stream().allMatch(v -> v.topics().equals(List.of(0))));
    Path k = Files.createDirectories(dir.resolve("k"));
    Files.copy(fixture("ml-100k").resolve("u.data"), k.resolve("u.data"));
    assertEquals(3, MovieLensReader.read(k, MovieLensOptions.defaults()).videos().size());
  }

  private DataFileException fails(Path d) {
    return assertThrows(DataFileException.class, () -> MovieLensReader.read(d, MovieLensOptions.defaults()));
  }

  @Test
  void badInputNamesFileLineAndProblem() throws Exception {
    assertEquals("unknown layout: expected ratings.csv (MovieLens CSV layout), u.data (ml-100k layout) or "
        + "ratings.dat (ml-1m and ml-10m layout)", fails(dir).problem());
    Path d = copy("csv");
    Files.writeString(d.resolve("ratings.csv"), "userId,movieId,rating\n7,1,4.5\n");
    DataFileException header = fails(d);
    assertEquals(d.resolve("ratings.csv"), header.file());
    assertEquals(1, header.line());
    assertEquals("header is 'userId,movieId,rating', expected 'userId,movieId,rating,timestamp'", header.problem());

    Files.writeString(d.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n7,1,4.5,100\n7,2,great,200\n");
    DataFileException nonNumeric = fails(d);
    assertEquals(3, nonNumeric.line());
    assertEquals("rating must be a number of half stars from 0.5 to 5 (ratings.csv), got 'great'", nonNumeric.problem());

    Files.writeString(d.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n7,1,9,100\n");
    assertEquals( "rating must be a number of half stars from 0.5 to 5 (ratings.csv), got '9'", fails(d).problem());
    Files.writeString(d.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n7,42,4,100\n");
    assertEquals("unknown movieId 42 (not in movies.csv)", fails(d).problem());
    Files.writeString(d.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n7,1,4,100,extra\n");
    assertEquals("expected 4 fields (userId,movieId,rating,timestamp), got 5", fails(d).problem());

    Files.writeString(d.resolve("movies.csv"), "movieId,title,genres\n1,A (1990),Drama\n1,B (1991),Drama\n");
    DataFileException duplicate = fails(d);
    assertEquals(d.resolve("movies.csv"), duplicate.file());
    assertEquals(3, duplicate.line());
    assertEquals("duplicate movieId 1", duplicate.problem());

    Path k = Files.createDirectories(dir.resolve("k"));
    Files.writeString(k.resolve("u.data"), "1\t2\t3\t4\n1\t2\t3\n");
    DataFileException fields = fails(k);
    assertEquals(2, fields.line());
    assertEquals("expected 4 fields (user_id\titem_id\trating\ttimestamp), got 3", fields.problem());
  }

  @Test
  void skipBadRowsCountsWhatItSkipped() throws Exception {
    Path d = copy("csv");
    Files.writeString(d.resolve("ratings.csv"),
        "userId,movieId,rating,timestamp\n7,1,4.5,100\n7,2,great,200\n7,42,4,300\n9,5,4,400\n");
    Dataset data = MovieLensReader.read(d, new MovieLensOptions(4, true));
    assertEquals(2, data.interactions().size());
    assertEquals(2, data.skipped().count());
    assertEquals(d.resolve("ratings.csv") + ":3: rating must be a number of half stars from 0.5 to 5 (ratings.csv), got 'great'", data.skipped().examples().get(0));
  }

  @Test
  void readsAllOfMlLatestSmall() {
    assumeTrue(Files.isDirectory(ML_LATEST_SMALL),
        "MovieLens ml-latest-small not found at " + ML_LATEST_SMALL + "; skipping (see shared/datasets/README.md)");
    Dataset d = MovieLensReader.read(ML_LATEST_SMALL, MovieLensOptions.defaults());
    assertEquals(100_004, d.interactions().size(), "every rating");
    assertEquals(671, d.users().size());
    assertEquals(9_125, d.videos().size());
    assertEquals(0, d.skipped().count());
    assertEquals(20, d.topics().size(), "19 genres and '(no genres listed)'");
    for (int i = 1; i < d.interactions().size(); i++) {
      assertTrue(d.interactions().get(i - 1).timestamp() <= d.interactions().get(i).timestamp());
    }
  }
}

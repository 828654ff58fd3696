package dev.videorec.data.movielens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.data.DataFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensRatingsTest {
  @TempDir
  Path dir;

  /** User 1 rates at t 10..50 (five ratings), user 2 at t 5 and 60, user 3 once; the file is not in time order. */
  private Path release() throws Exception {
    Path d = dir.resolve("release");
    Files.createDirectories(d);
    Files.writeString(d.resolve("ratings.csv"), String.join("\n", "userId,movieId,rating,timestamp",
        "1,105,4.0,50", "1,101,4.0,10", "2,201,3.0,60", "1,102,5.0,20", "3,301,4.5,30", "1,103,2.0,30",
        "2,202,4.0,5", "1,104,4.0,40") + "\n");
    Files.writeString(d.resolve("movies.csv"), "movieId,title,genres\n");
    return d;
  }

  private static List<String> movies(Path half) throws Exception {
    return Files.readAllLines(half.resolve("ratings.csv")).stream().skip(1).map(l -> l.split(",")[1]).sorted()
        .toList();
  }

  @Test
  void userLastHoldsOutEachUsersLatestShare() throws Exception {
    Path d = release();
    MovieLensRatings.SplitSummary s = MovieLensRatings.split(d, MovieLensRatings.Protocol.USER_LAST, 0.4,
        dir.resolve("train"), dir.resolve("test"));
    // User 1: round(0.4 * 5) = 2 latest (104 at 40, 105 at 50); user 2: round(0.8) = 1 (201 at 60); user 3 keeps
    // their only rating.
    assertEquals(List.of("104", "105", "201"), movies(dir.resolve("test")));
    assertEquals(List.of("101", "102", "103", "202", "301"), movies(dir.resolve("train")));
    assertEquals(5, s.firstRows());
    assertEquals(3, s.secondRows());
    assertTrue(Files.exists(dir.resolve("test/movies.csv")), "metadata is copied");
    // Rows are copied word for word, in file order.
    assertEquals("1,105,4.0,50", Files.readAllLines(dir.resolve("test/ratings.csv")).get(1));
  }

  @Test
  void leaveOneOutHoldsOutTheLatestRatingOfUsersWithTwoOrMore() throws Exception {
    MovieLensRatings.split(release(), MovieLensRatings.Protocol.LEAVE_ONE_OUT, 0, dir.resolve("train"),
        dir.resolve("test"));
    assertEquals(List.of("105", "201"), movies(dir.resolve("test")));
  }

  @Test
  void globalCutsAtOnePointInTime() throws Exception {
    MovieLensRatings.SplitSummary s = MovieLensRatings.split(release(), MovieLensRatings.Protocol.GLOBAL, 0.5,
        dir.resolve("train"), dir.resolve("test"));
    // Time span 5..60: the cut is 5 + 56 * 0.5 = 33.
    assertEquals(33, s.cut());
    assertEquals(List.of("104", "105", "201"), movies(dir.resolve("test")));
  }

  @Test
  void theMl1mLayoutIsReadAndSplit() throws Exception {
    Path d = dir.resolve("ml-1m");
    Files.createDirectories(d);
    Files.writeString(d.resolve("ratings.dat"), "1::10::5::100\n1::20::3::200\n2::10::4::150\n2::30::2::300\n");
    Files.writeString(d.resolve("movies.dat"), "10::Star Wars: Episode IV (1977)::Action|Sci-Fi\n"
        + "20::Heat (1995)::Crime\n30::Toy Story (1995)::Animation|Children's\n",
        java.nio.charset.StandardCharsets.ISO_8859_1);
    var dataset = MovieLensReader.read(d, new MovieLensOptions(4, false));
    assertEquals(4, dataset.interactions().size());
    assertEquals(3, dataset.catalog().size());
    assertEquals(2, dataset.catalog().get(new dev.videorec.core.VideoId(10)).topics().size(), "a title with ':'");
    assertEquals(4, MovieLensRatings.read(d, null).size());
    MovieLensRatings.split(d, MovieLensRatings.Protocol.LEAVE_ONE_OUT, 0, dir.resolve("train"), dir.resolve("test"));
    assertEquals(List.of("1::20::3::200", "2::30::2::300"), Files.readAllLines(dir.resolve("test/ratings.dat")));
    assertTrue(Files.exists(dir.resolve("train/movies.dat")));
    Files.writeString(d.resolve("ratings.dat"), "1::10::5\n");
    DataFileException e = assertThrows(DataFileException.class, () -> MovieLensRatings.read(d, null));
    assertTrue(e.getMessage().contains("ratings.dat:1"), e.getMessage());
  }

  @Test
  void protocolsParseAndFractionsAreChecked() throws Exception {
    assertEquals(MovieLensRatings.Protocol.USER_LAST, MovieLensRatings.Protocol.parse("user-last").orElseThrow());
    assertTrue(MovieLensRatings.Protocol.parse("random").isEmpty());
    Path d = release();
    assertThrows(IllegalArgumentException.class, () -> MovieLensRatings.split(d,
        MovieLensRatings.Protocol.USER_LAST, 1.5, dir.resolve("a"), dir.resolve("b")));
  }
}

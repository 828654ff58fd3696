package dev.videorec.data.movielens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.data.DataFileException;
import dev.videorec.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each MovieLens layout's rules, checked row by row: separator, rating scale, ids, duplicates, timestamps. */
class MovieLensRulesTest {
  @TempDir
  Path dir;

  private static final String U_GOOD = "196\t242\t3\t881250949\n186\t302\t3\t891717742\n";
  private static final String CSV_GOOD = "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n";
  private static final String DAT_GOOD = "1::1193::5::978300760\n1::661::3::978302109\n";

  private Path release(String file, String content) throws Exception {
    Path d = Files.createDirectories(dir.resolve("r" + System.nanoTime()));
    Files.writeString(d.resolve(file), content);
    return d;
  }

  private void assertRefused(String file, String content, String expected) throws Exception {
    Path d = release(file, content);
    DataFileException e = assertThrows(DataFileException.class,
        () -> MovieLensReader.read(d, MovieLensOptions.defaults()), content);
    assertEquals(d.resolve(file) + ":" + expected, e.getMessage(), content);
    // The split and the external evaluation read ratings with the same rules.
    DataFileException again = assertThrows(DataFileException.class, () -> MovieLensRatings.read(d, null), content);
    assertEquals(e.getMessage(), again.getMessage(), content);
  }

  @Test
  void theMl100kLayoutIsTabSeparatedWholeStars() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("196 242 3 881250949\n", "1: fields must be separated by tabs, got spaces");
    cases.put(U_GOOD + "   \n", "3: fields must be separated by tabs, got spaces");
    cases.put(U_GOOD + "22\t377\t0\t878887116\n", "3: rating must be a whole number of stars from 1 to 5 (u.data), got '0'");
    cases.put(U_GOOD + "22\t377\t3.5\t878887116\n", "3: rating must be a whole number of stars from 1 to 5 (u.data), got '3.5'");
    cases.put(U_GOOD + "22\t377\t6\t878887116\n", "3: rating must be a whole number of stars from 1 to 5 (u.data), got '6'");
    cases.put(U_GOOD + "196\t242\t4\t881250999\n", "3: user 196 rated movie 242 twice");
    cases.put(U_GOOD + "22\t377\t3\t-5\n", "3: timestamp must be >= 0, got -5");
    cases.put(U_GOOD + "x22\t377\t3\t878887116\n", "3: user_id is not an integer: 'x22'");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertRefused("u.data", c.getKey(), c.getValue());
    }
  }

  @Test
  void theCsvLayoutIsHalfStars() throws Exception {
    assertRefused("ratings.csv", CSV_GOOD + "2,31,2.25,1260759144\n",
        "4: rating must be a number of half stars from 0.5 to 5 (ratings.csv), got '2.25'");
    assertRefused("ratings.csv", CSV_GOOD + "2,31,0,1260759144\n",
        "4: rating must be a number of half stars from 0.5 to 5 (ratings.csv), got '0'");
    assertRefused("ratings.csv", CSV_GOOD + "1,31,4.0,1260759999\n", "4: user 1 rated movie 31 twice");
    assertRefused("ratings.csv", "userId\tmovieId\trating\ttimestamp\n1\t31\t2.5\t1260759144\n",
        "1: header is 'userId\tmovieId\trating\ttimestamp', expected 'userId,movieId,rating,timestamp'");
  }

  @Test
  void theDatLayoutAllowsHalfStarsAsMl10mDoes() throws Exception {
    Dataset ok = MovieLensReader.read(release("ratings.dat", DAT_GOOD + "2::1193::3.5::978300761\n"),
        MovieLensOptions.defaults());
    assertEquals(3, ok.interactions().size());
    assertRefused("ratings.dat", DAT_GOOD + "2::1193::6::978300761\n",
        "3: rating must be a number of half stars from 0.5 to 5 (ratings.dat), got '6'");
    assertRefused("ratings.dat", DAT_GOOD + "2:1193:3:978300761\n",
        "3: fields must be separated by '::', got one field");
  }

  @Test
  void skipBadRowsCountsWhatTheRulesRefuse() throws Exception {
    Path d = release("u.data", U_GOOD + "22\t377\t6\t878887116\n196\t242\t4\t881250999\n5 6 3 878887116\n");
    Dataset dataset = MovieLensReader.read(d, new MovieLensOptions(4, true));
    assertEquals(3, dataset.skipped().count());
    assertEquals(2, dataset.interactions().size());
  }
}

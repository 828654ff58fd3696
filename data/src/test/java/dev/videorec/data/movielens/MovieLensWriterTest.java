package dev.videorec.data.movielens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.data.Dataset;
import dev.videorec.data.WorldConfig;
import dev.videorec.data.synthetic.SyntheticWorld;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensWriterTest {
  private static final WorldConfig SMALL = WorldConfig.of(3, 60, 300, 6);

  @Test
  void aRatingIsTheFifthsWatchedRoundedUp() {
    assertEquals(1, MovieLensWriter.rating(0, 100), "a bounce still rates 1");
    assertEquals(1, MovieLensWriter.rating(20, 100));
    assertEquals(2, MovieLensWriter.rating(21, 100));
    assertEquals(3, MovieLensWriter.rating(60, 100));
    assertEquals(4, MovieLensWriter.rating(61, 100), "beyond 60%: MovieLens's positive threshold of 4");
    assertEquals(5, MovieLensWriter.rating(100, 100));
    assertEquals(5, MovieLensWriter.rating(250, 100), "a replay past the end stays 5");
    assertThrows(IllegalArgumentException.class, () -> MovieLensWriter.rating(1, 0));
    assertThrows(IllegalArgumentException.class, () -> MovieLensWriter.rating(-1, 10));
  }

  @Test
  void theWorldsFirstClicksReadBackAsMovieLensRatings(@TempDir Path dir) throws Exception {
    MovieLensWriter.Written w = MovieLensWriter.write(SyntheticWorld.create(SMALL), dir, n -> { });
    assertEquals(MovieLensReader.Layout.DAT, MovieLensReader.detect(dir));

    // The expected rows, from the same world's log: each (user, video)'s first click.
    Map<Long, Integer> firstClick = new HashMap<>();
    long[] clicks = {0};
    SyntheticWorld world = SyntheticWorld.create(SMALL);
    world.generateLog(i -> {
      if (i.clicked()) {
        clicks[0]++;
        firstClick.putIfAbsent(((long) i.user().value() << 32) | i.video().value(),
            MovieLensWriter.rating(i.watchSeconds(), world.videos().get(i.video().value()).durationSeconds()));
      }
    }, day -> { });
    assertEquals(firstClick.size(), w.ratings());
    assertEquals(clicks[0], w.clicks());
    assertTrue(w.clicks() > w.ratings(), "some videos were clicked twice by the same user and rated once");
    assertEquals(SMALL.videos(), w.videos());

    List<String> rows = Files.readAllLines(dir.resolve(MovieLensWriter.RATINGS));
    assertEquals(w.ratings(), rows.size());
    Set<Integer> users = new HashSet<>();
    long previous = Long.MIN_VALUE;
    for (String row : rows) {
      String[] f = row.split("::");
      int user = Integer.parseInt(f[0]);
      int video = Integer.parseInt(f[1]);
      long ts = Long.parseLong(f[3]);
      assertTrue(user >= 1 && video >= 1, "MovieLens ids start at 1: " + row);
      assertEquals(firstClick.get(((long) (user - 1) << 32) | (video - 1)), Integer.parseInt(f[2]), row);
      assertTrue(ts >= previous, "rows in time order");
      previous = ts;
      users.add(user);
    }
    assertEquals(users.size(), w.users());

    Dataset d = MovieLensReader.read(dir, MovieLensOptions.defaults());
    assertEquals(w.ratings(), d.interactions().size(), "one interaction per rating");
    long positives = firstClick.values().stream().filter(r -> r >= 4).count();
    assertEquals(positives, d.interactions().stream().filter(Interaction::clicked).count(),
        "ratings of 4 and 5 read as clicks");
    assertEquals(SMALL.videos(), d.videos().size());
    assertFalse(Files.exists(dir.resolve(MovieLensWriter.RATINGS + ".tmp")), "no temporary file left");
  }

  @Test
  void theSameWorldWritesTheSameBytes(@TempDir Path dir) throws Exception {
    MovieLensWriter.write(SyntheticWorld.create(SMALL), dir.resolve("a"), n -> { });
    MovieLensWriter.write(SyntheticWorld.create(SMALL), dir.resolve("b"), n -> { });
    for (String file : List.of(MovieLensWriter.RATINGS, MovieLensWriter.MOVIES)) {
      assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(file)),
          Files.readAllBytes(dir.resolve("b").resolve(file)), file);
    }
  }
}

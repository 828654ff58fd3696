package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.Topic;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {
  @TempDir
  Path dir;

  private void writeOneUser(int user, boolean commit) {
    try (DatasetWriter w = DatasetWriter.create(dir)) {
      w.topics(List.of(new Topic(0, 0, "all")));
      w.users(List.of(new User(new UserId(user), "r" + user)));
      w.videos(List.of(new Video(new VideoId(0), new CreatorId(0), 0, 10, 0)));
      if (commit) {
        w.commit(null, null);
      }
    }
  }

  @Test
  void anUncommittedWriteLeavesNothingBehind() throws IOException {
    writeOneUser(0, false);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void anUncommittedRewriteKeepsThePreviousDataset() {
    writeOneUser(0, true);
    writeOneUser(5, false);
    assertEquals(List.of(new User(new UserId(0), "r0")), DatasetReader.read(dir).users());
  }

  @Test
  void rejectsOutOfOrderInteractionsAndMisuse() {
    try (DatasetWriter w = DatasetWriter.create(dir)) {
      w.interaction(new Interaction(new UserId(0), new VideoId(0), 5, 0, false, 0));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> w.interaction(new Interaction(new UserId(0), new VideoId(0), 4, 0, false, 0)));
      assertEquals("interactions must be written in time order: 4 after 5", e.getMessage());
      assertThrows(IllegalStateException.class, () -> w.commit(null, null), "topics, users and videos are required");
    }
    assertFalse(Files.exists(dir.resolve("manifest.json")));
    DatasetWriter closed = DatasetWriter.create(dir);
    closed.close();
    assertThrows(IllegalStateException.class, () -> closed.topics(List.of()));
  }

  @Test
  void propensitiesSurviveTheRoundTripAndOldLogsReadAsDeterministic() throws IOException {
    Interaction explored = new Interaction(new UserId(0), new VideoId(0), 5, 3, true, 7,
        dev.videorec.core.Feedback.NONE, 0.025);
    Interaction shown = new Interaction(new UserId(0), new VideoId(0), 6, 0, false, 0);
    try (DatasetWriter w = DatasetWriter.create(dir).withPropensities()) {
      w.topics(List.of(new Topic(0, 0, "all")));
      w.users(List.of(new User(new UserId(0), "r0")));
      w.videos(List.of(new Video(new VideoId(0), new CreatorId(0), 0, 10, 0)));
      w.interaction(explored);
      w.interaction(shown);
      w.commit(null, null);
    }
    assertEquals(List.of(explored, shown), DatasetReader.read(dir).interactions());
    assertEquals("ts,user_id,video_id,position,clicked,watch_s,feedback,propensity",
        Files.readAllLines(dir.resolve("interactions.csv")).get(0));

    Path old = dir.resolve("old");
    try (DatasetWriter w = DatasetWriter.create(old)) {
      w.topics(List.of(new Topic(0, 0, "all")));
      w.users(List.of(new User(new UserId(0), "r0")));
      w.videos(List.of(new Video(new VideoId(0), new CreatorId(0), 0, 10, 0)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.interaction(explored));
      assertEquals("interaction at 5 has propensity 0.025; call withPropensities() to keep it", e.getMessage());
      w.interaction(shown);
      assertThrows(IllegalStateException.class, w::withPropensities);
      w.commit(null, null);
    }
    assertEquals("ts,user_id,video_id,position,clicked,watch_s,feedback",
        Files.readAllLines(old.resolve("interactions.csv")).get(0));
    assertEquals(1.0, DatasetReader.read(old).interactions().get(0).propensity());
  }
}

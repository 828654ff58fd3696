package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Device;
import dev.videorec.core.Feedback;
import dev.videorec.core.Interaction;
import dev.videorec.core.Subscription;
import dev.videorec.core.Topic;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetSnapshotTest {
  /** Surefire runs with the module directory as working directory. */
  private static final Path SAMPLE = Path.of("sample");

  @TempDir
  Path dir;

  private static void assertSame(Dataset expected, Dataset actual) {
    assertEquals(expected.manifest(), actual.manifest());
    assertEquals(expected.topics(), actual.topics());
    assertEquals(expected.users(), actual.users());
    assertEquals(expected.videos(), actual.videos());
    assertEquals(expected.subscriptions(), actual.subscriptions());
    assertEquals(expected.interactions(), actual.interactions());
    assertEquals(expected.skipped(), actual.skipped());
  }

  @Test
  void theCommittedSampleReadsBackRecordForRecord() throws Exception {
    List<DatasetSnapshot.FileStamp> stamps = DatasetSnapshot.stamp(SAMPLE);
    Dataset text = DatasetReader.read(SAMPLE);
    Path file = dir.resolve("dataset.bin");
    DatasetSnapshot.write(text, stamps, file);
    assertSame(text, DatasetSnapshot.read(file));
    assertTrue(DatasetSnapshot.matches(file, SAMPLE));
    // The same dataset writes the same bytes.
    Path again = dir.resolve("again.bin");
    DatasetSnapshot.write(DatasetSnapshot.read(file), stamps, again);
    assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(again));
  }

  @Test
  void keepsEveryFieldOfHandWrittenRecords() throws Exception {
    Dataset d = new Dataset(new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, 2, 2, 2, 1, 3, null),
        List.of(new Topic(0, 0, "musique, live"), new Topic(7, 3, "é")),
        List.of(new User(new UserId(4), "fr", "fr-FR", Device.TV, true), new User(new UserId(9), "us")),
        new VideoCatalog(List.of(new Video(new VideoId(3), new CreatorId(8), List.of(7, 0), 61, 1_700_000_000L,
            "fr", "fr", true, Set.of("de", "us", "it")), new Video(new VideoId(1), new CreatorId(2), 0, 5, -3))),
        List.of(new Subscription(new UserId(4), new CreatorId(2), 12)),
        List.of(new Interaction(new UserId(4), new VideoId(3), 10, 0, true, 60, Feedback.LIKE, 0.25),
            new Interaction(new UserId(9), new VideoId(1), 11, 4, true, 0, Feedback.DISLIKE),
            new Interaction(new UserId(123), new VideoId(77), 12, 2, false, 0)),
        new SkippedRows(2, List.of("a.csv:3: bad", "a.csv:9: worse")));
    Path file = dir.resolve("d.bin");
    DatasetSnapshot.write(d, List.of(), file);
    assertSame(d, DatasetSnapshot.read(file));
  }

  @Test
  void aChangedDirectoryOrADamagedFileIsNotUsed() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n");
    Dataset d = new Dataset(new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, 1, 0, 1, 0, 0, null),
        List.of(new Topic(0, 0, "all")), List.of(), new VideoCatalog(List.of(new Video(new VideoId(0),
        new CreatorId(0), 0, 10, 0))), List.of(), List.of(), SkippedRows.NONE);
    Path file = dir.resolve("d.bin");
    DatasetSnapshot.write(d, DatasetSnapshot.stamp(data), file);
    assertTrue(DatasetSnapshot.matches(file, data));
    Files.setLastModifiedTime(data.resolve("ratings.csv"), FileTime.fromMillis(1_000));
    assertFalse(DatasetSnapshot.matches(file, data), "a file modified since");
    DatasetSnapshot.write(d, DatasetSnapshot.stamp(data), file);
    Files.writeString(data.resolve("movies.csv"), "movieId,title,genres\n");
    assertFalse(DatasetSnapshot.matches(file, data), "a file added since");

    byte[] bytes = Files.readAllBytes(file);
    byte[] damaged = bytes.clone();
    damaged[bytes.length - 10] ^= 1;
    Files.write(file, damaged);
    assertTrue(assertThrows(DatasetSnapshot.SnapshotException.class, () -> DatasetSnapshot.read(file))
        .getMessage().contains("is damaged"));
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 6));
    assertEquals(file + " is truncated", assertThrows(DatasetSnapshot.SnapshotException.class,
        () -> DatasetSnapshot.read(file)).getMessage());
    Files.writeString(file, "video_id,creator_id\n");
    assertTrue(assertThrows(DatasetSnapshot.SnapshotException.class, () -> DatasetSnapshot.read(file))
        .getMessage().contains("not a dataset snapshot"));
    assertFalse(DatasetSnapshot.matches(file, data));
  }
}

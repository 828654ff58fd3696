package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {
  @TempDir
  Path dir;

  private static final List<User> USERS = List.of(new User(new UserId(0), "r0"), new User(new UserId(1), "r1"));
  private static final List<Video> VIDEOS = List.of(
      new Video(new VideoId(10), new CreatorId(0), 0, 60, 100),
      new Video(new VideoId(11), new CreatorId(1), 1, 90, 200));
  private static final List<Interaction> LOG = List.of(
      new Interaction(new UserId(0), new VideoId(10), 1000, 0, true, 30),
      new Interaction(new UserId(0), new VideoId(11), 1000, 1, false, 0),
      new Interaction(new UserId(1), new VideoId(11), 2000, 0, true, 90));

  private void writeValid() {
    try (DatasetWriter w = DatasetWriter.create(dir)) {
      w.users(USERS);
      w.videos(VIDEOS);
      LOG.forEach(w::interaction);
      w.commit(null);
    }
  }

  /** Replaces the data rows of {@code file} (keeping its header); the manifest keeps its original counts. */
  private void rewrite(String file, String header, String... rows) throws IOException {
    Files.writeString(dir.resolve(file), header + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  private DataFileException readFails() {
    return assertThrows(DataFileException.class, () -> DatasetReader.read(dir));
  }

  @Test
  void roundTripKeepsEveryRow() {
    writeValid();
    Dataset d = DatasetReader.read(dir);
    assertEquals(USERS, d.users());
    assertEquals(VIDEOS, d.videos());
    assertEquals(LOG, d.interactions());
    assertEquals(Manifest.FORMAT_VERSION, d.manifest().formatVersion());
  }

  @Test
  void wrongFieldCountNamesFileLineAndProblem() throws IOException {
    writeValid();
    rewrite("interactions.csv", DatasetFiles.INTERACTIONS_HEADER, "1000,0,10,0,1,30", "1000,0,11,0,1");
    DataFileException e = readFails();
    assertEquals(dir.resolve("interactions.csv"), e.file());
    assertEquals(3, e.line());
    assertEquals(dir.resolve("interactions.csv") + ":3: expected 6 fields (ts,user_id,video_id,position,clicked,"
        + "watch_s), got 5", e.getMessage());
  }

  @Test
  void nonNumericValueNamesTheColumn() throws IOException {
    writeValid();
    rewrite("videos.csv", DatasetFiles.VIDEOS_HEADER, "10,0,0,sixty,100", "11,1,1,90,200");
    DataFileException e = readFails();
    assertEquals(2, e.line());
    assertEquals("duration_s is not an integer: 'sixty'", e.problem());
  }

  @Test
  void unknownIdsAreReported() throws IOException {
    writeValid();
    rewrite("interactions.csv", DatasetFiles.INTERACTIONS_HEADER, "1000,0,10,0,1,30", "1000,7,11,1,0,0",
        "2000,1,11,0,1,90");
    assertEquals("unknown user_id 7 (not in users.csv)", readFails().problem());
    rewrite("interactions.csv", DatasetFiles.INTERACTIONS_HEADER, "1000,0,10,0,1,30", "1000,0,99,1,0,0",
        "2000,1,11,0,1,90");
    DataFileException e = readFails();
    assertEquals(3, e.line());
    assertEquals("unknown video_id 99 (not in videos.csv)", e.problem());
  }

  @Test
  void duplicateIdsAreReported() throws IOException {
    writeValid();
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0", "0,r1");
    DataFileException e = readFails();
    assertEquals(dir.resolve("users.csv"), e.file());
    assertEquals(3, e.line());
    assertEquals("duplicate user_id 0", e.problem());
  }

  @Test
  void timestampsOutOfOrderAreReported() throws IOException {
    writeValid();
    rewrite("interactions.csv", DatasetFiles.INTERACTIONS_HEADER, "2000,0,10,0,1,30", "1000,0,11,1,0,0",
        "2000,1,11,0,1,90");
    DataFileException e = readFails();
    assertEquals(3, e.line());
    assertEquals("ts 1000 is earlier than the previous row's 2000; interactions must be in time order", e.problem());
  }

  @Test
  void valuesRejectedByTheDomainAreReportedWithTheirLine() throws IOException {
    writeValid();
    rewrite("interactions.csv", DatasetFiles.INTERACTIONS_HEADER, "1000,0,10,0,0,30", "1000,0,11,1,0,0",
        "2000,1,11,0,1,90");
    DataFileException e = readFails();
    assertEquals(2, e.line());
    assertEquals("watchSeconds must be 0 without a click, got 30", e.problem());
    rewrite("interactions.csv", DatasetFiles.INTERACTIONS_HEADER, "1000,0,10,0,2,30", "1000,0,11,1,0,0",
        "2000,1,11,0,1,90");
    assertEquals("clicked must be 0 or 1, got 2", readFails().problem());
  }

  @Test
  void wrongHeaderAndEmptyLinesAreReported() throws IOException {
    writeValid();
    Files.writeString(dir.resolve("users.csv"), "id,region\n0,r0\n");
    DataFileException e = readFails();
    assertEquals(1, e.line());
    assertEquals("header is 'id,region', expected 'user_id,region'", e.problem());
    Files.writeString(dir.resolve("users.csv"), "user_id,region\n0,r0\n\n1,r1\n");
    assertEquals("empty line", readFails().problem());
  }

  @Test
  void manifestProblemsAreReported() throws IOException {
    writeValid();
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0", "1,r1", "2,r2");
    DataFileException count = readFails();
    assertEquals(dir.resolve("users.csv"), count.file());
    assertEquals("has 3 rows but manifest.json says 2; the dataset is from two different writes", count.problem());

    String manifest = Files.readString(dir.resolve("manifest.json"));
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0", "1,r1");
    Files.writeString(dir.resolve("manifest.json"), manifest.replace("\"formatVersion\" : 1", "\"formatVersion\" : 9"));
    assertEquals("format version 9 is not supported; this reader reads version 1", readFails().problem());
    Files.writeString(dir.resolve("manifest.json"), manifest.replace("\"users\"", "\"usrs\""));
    assertEquals(true, readFails().problem().startsWith("invalid manifest: Unrecognized field \"usrs\""));
    Files.delete(dir.resolve("manifest.json"));
    assertEquals("missing; the dataset is incomplete (the manifest is written last)", readFails().problem());
  }

  @Test
  void missingDirectoryIsReported() {
    DataFileException e = assertThrows(DataFileException.class, () -> DatasetReader.read(dir.resolve("nope")));
    assertEquals("not a dataset directory (it does not exist or is a file)", e.problem());
  }
}

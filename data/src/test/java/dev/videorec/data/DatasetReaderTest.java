package dev.videorec.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {
  @TempDir
  Path dir;

  private static final List<Topic> TOPICS = List.of(new Topic(0, 0, "news"), new Topic(1, 0, "sport"));
  private static final List<User> USERS = List.of(new User(new UserId(0), "r0", "en", Device.MOBILE, true),
      new User(new UserId(1), "r1", "es", Device.TV, false));
  private static final List<Video> VIDEOS = List.of(
      new Video(new VideoId(10), new CreatorId(0), List.of(0, 1), 60, 100, "en", "r0", true, Set.of("r2", "r1")),
      new Video(new VideoId(11), new CreatorId(1), List.of(1), 90, 200, "es", "r1"));
  private static final List<Subscription> SUBSCRIPTIONS = List.of(new Subscription(new UserId(1), new CreatorId(0), 5));
  private static final List<Interaction> LOG = List.of(
      new Interaction(new UserId(0), new VideoId(10), 1000, 0, true, 30, Feedback.LIKE),
      new Interaction(new UserId(0), new VideoId(11), 1000, 1, false, 0, Feedback.DISLIKE),
      new Interaction(new UserId(1), new VideoId(11), 2000, 0, true, 90));

  private void writeValid() {
    try (DatasetWriter w = DatasetWriter.create(dir)) {
      w.topics(TOPICS);
      w.users(USERS);
      w.videos(VIDEOS);
      w.subscriptions(SUBSCRIPTIONS);
      LOG.forEach(w::interaction);
      w.commit(null, null);
    }
  }

  /** Replaces the data rows of {@code file} (keeping its header); the manifest keeps its original counts. */
  private void rewrite(String file, String header, String... rows) throws IOException {
    Files.writeString(dir.resolve(file), header + "\n" + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
  }

  private void rewriteInteractions(String... rows) throws IOException {
    rewrite("interactions.csv", DatasetFiles.INTERACTIONS_HEADER, rows);
  }

  private DataFileException readFails() {
    return assertThrows(DataFileException.class, () -> DatasetReader.read(dir));
  }

  @Test
  void roundTripKeepsEveryRow() {
    writeValid();
    Dataset d = DatasetReader.read(dir);
    assertEquals(TOPICS, d.topics());
    assertEquals(USERS, d.users());
    assertEquals(VIDEOS, d.videos());
    assertEquals(SUBSCRIPTIONS, d.subscriptions());
    assertEquals(LOG, d.interactions());
    assertEquals(Manifest.FORMAT_VERSION, d.manifest().formatVersion());
    assertEquals(SkippedRows.NONE, d.skipped());
  }

  @Test
  void aWindowKeepsTheLogFromItsFirstSecondAndStillChecksTheWholeFile() throws IOException {
    writeValid();
    Dataset d = DatasetReader.read(dir, new ReadOptions(false, 1001));
    assertEquals(LOG.subList(2, 3), d.interactions());
    assertEquals(VIDEOS, d.videos(), "the catalogue is read whole");
    assertEquals(USERS, d.users());
    assertEquals(LOG, DatasetReader.read(dir, new ReadOptions(false, 1000)).interactions(), "the second is kept");
    assertEquals(List.of(), DatasetReader.read(dir, new ReadOptions(false, 2001)).interactions());
    // The dropped rows still count against the manifest, and still have to be in time order.
    rewriteInteractions("2000,0,10,0,1,30,1", "1000,0,11,1,0,0,0", "2000,1,11,0,1,90,0");
    DataFileException e = assertThrows(DataFileException.class,
        () -> DatasetReader.read(dir, new ReadOptions(false, 3000)));
    assertEquals(3, e.line());
    rewriteInteractions("1000,0,10,0,1,30,1", "2000,1,11,0,1,90,0");
    e = assertThrows(DataFileException.class, () -> DatasetReader.read(dir, new ReadOptions(false, 1500)));
    assertTrue(e.problem().contains("3"), e.problem());
  }

  @Test
  void wrongFieldCountNamesFileLineAndProblem() throws IOException {
    writeValid();
    rewriteInteractions("1000,0,10,0,1,30,1", "1000,0,11,0,1,5");
    DataFileException e = readFails();
    assertEquals(dir.resolve("interactions.csv"), e.file());
    assertEquals(3, e.line());
    assertEquals(dir.resolve("interactions.csv") + ":3: expected 7 fields (ts,user_id,video_id,position,clicked,"
        + "watch_s,feedback), got 6", e.getMessage());
  }

  @Test
  void nonNumericValuesNameTheColumn() throws IOException {
    writeValid();
    rewrite("videos.csv", DatasetFiles.VIDEOS_HEADER, "10,0,0|1,sixty,100,en,r0,0,", "11,1,1,90,200,es,r1,0,");
    DataFileException e = readFails();
    assertEquals(2, e.line());
    assertEquals("duration_s is not an integer: 'sixty'", e.problem());
    rewrite("videos.csv", DatasetFiles.VIDEOS_HEADER, "10,0,0;1,60,100,en,r0,0,", "11,1,1,90,200,es,r1,0,");
    assertEquals("topics must be integers separated by '|', got '0;1'", readFails().problem());
  }

  @Test
  void unknownIdsAreReported() throws IOException {
    writeValid();
    rewriteInteractions("1000,0,10,0,1,30,1", "1000,7,11,1,0,0,0", "2000,1,11,0,1,90,0");
    assertEquals("unknown user_id 7 (not in users.csv)", readFails().problem());
    rewriteInteractions("1000,0,10,0,1,30,1", "1000,0,99,1,0,0,0", "2000,1,11,0,1,90,0");
    DataFileException e = readFails();
    assertEquals(3, e.line());
    assertEquals("unknown video_id 99 (not in videos.csv)", e.problem());
  }

  @Test
  void unknownTopicsAndCreatorsAreReported() throws IOException {
    writeValid();
    rewrite("subscriptions.csv", DatasetFiles.SUBSCRIPTIONS_HEADER, "1,42,5");
    assertEquals("unknown creator_id 42 (no video in videos.csv has it)", readFails().problem());
    rewrite("subscriptions.csv", DatasetFiles.SUBSCRIPTIONS_HEADER, "1,0,5");
    rewrite("videos.csv", DatasetFiles.VIDEOS_HEADER, "10,0,0|5,60,100,en,r0,0,", "11,1,1,90,200,es,r1,0,");
    DataFileException e = readFails();
    assertEquals(dir.resolve("videos.csv"), e.file());
    assertEquals("unknown topic 5 (not in topics.csv)", e.problem());
  }

  @Test
  void duplicateIdsAreReported() throws IOException {
    writeValid();
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0,en,mobile,1", "0,r1,es,tv,0");
    DataFileException e = readFails();
    assertEquals(dir.resolve("users.csv"), e.file());
    assertEquals(3, e.line());
    assertEquals("duplicate user_id 0", e.problem());
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0,en,mobile,1", "1,r1,es,tv,0");
    rewrite("topics.csv", DatasetFiles.TOPICS_HEADER, "0,0,news", "0,0,sport");
    assertEquals("duplicate topic_id 0", readFails().problem());
  }

  @Test
  void timestampsOutOfOrderAreReported() throws IOException {
    writeValid();
    rewriteInteractions("2000,0,10,0,1,30,1", "1000,0,11,1,0,0,0", "2000,1,11,0,1,90,0");
    DataFileException e = readFails();
    assertEquals(3, e.line());
    assertEquals("ts 1000 is earlier than the previous row's 2000; interactions must be in time order", e.problem());
  }

  @Test
  void valuesRejectedByTheDomainAreReportedWithTheirLine() throws IOException {
    writeValid();
    rewriteInteractions("1000,0,10,0,0,30,0", "1000,0,11,1,0,0,0", "2000,1,11,0,1,90,0");
    DataFileException e = readFails();
    assertEquals(2, e.line());
    assertEquals("watchSeconds must be 0 without a click, got 30", e.problem());
    rewriteInteractions("1000,0,10,0,2,30,0", "1000,0,11,1,0,0,0", "2000,1,11,0,1,90,0");
    assertEquals("clicked must be 0 or 1, got 2", readFails().problem());
    rewriteInteractions("1000,0,10,0,1,30,7", "1000,0,11,1,0,0,0", "2000,1,11,0,1,90,0");
    assertEquals("feedback must be -1, 0 or 1, got 7", readFails().problem());
    rewriteInteractions("1000,0,10,0,0,0,1", "1000,0,11,1,0,0,0", "2000,1,11,0,1,90,0");
    assertEquals("a like needs a click", readFails().problem());
    writeValid();
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0,en,phone,1", "1,r1,es,tv,0");
    assertEquals("device must be mobile, desktop, tv or unknown, got 'phone'", readFails().problem());
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0,en,tv,yes", "1,r1,es,tv,0");
    assertEquals("adult must be 0 or 1, got 'yes'", readFails().problem());
  }

  @Test
  void wrongHeaderAndEmptyLinesAreReported() throws IOException {
    writeValid();
    Files.writeString(dir.resolve("users.csv"), "id,region,language,device,adult\n0,r0,en,tv,1\n");
    DataFileException e = readFails();
    assertEquals(1, e.line());
    assertEquals("header is 'id,region,language,device,adult', expected 'user_id,region,language,device,adult'",
        e.problem());
    Files.writeString(dir.resolve("users.csv"), "user_id,region,language,device,adult\n0,r0,en,tv,1\n\n1,r1,es,tv,0\n");
    assertEquals("empty line", readFails().problem());
  }

  @Test
  void skipBadRowsCountsAndReportsWhatItSkipped() throws IOException {
    writeValid();
    rewriteInteractions("1000,0,10,0,1,30,1", "1000,0,11,1,zero,0,0", "1000,9,11,1,0,0,0", "2000,1,11,0,1,90,0",
        "1500,1,10,1,0,0,0");
    assertThrows(DataFileException.class, () -> DatasetReader.read(dir), "strict by default");
    Dataset d = DatasetReader.read(dir, ReadOptions.LENIENT);
    assertEquals(2, d.interactions().size());
    assertEquals(3, d.skipped().count());
    assertEquals(List.of(
        dir.resolve("interactions.csv") + ":3: clicked is not an integer: 'zero'",
        dir.resolve("interactions.csv") + ":4: unknown user_id 9 (not in users.csv)",
        dir.resolve("interactions.csv") + ":6: ts 1500 is earlier than the previous row's 2000; interactions must "
            + "be in time order"), d.skipped().examples());
    assertTrue(d.skipped().describe().startsWith("skipped 3 malformed rows; first: "));
  }

  @Test
  void manifestProblemsAreReported() throws IOException {
    writeValid();
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0,en,mobile,1", "1,r1,es,tv,0", "2,r2,pt,desktop,1");
    DataFileException count = readFails();
    assertEquals(dir.resolve("users.csv"), count.file());
    assertEquals("has 3 rows but manifest.json says 2; the dataset is from two different writes", count.problem());

    String manifest = Files.readString(dir.resolve("manifest.json"));
    rewrite("users.csv", DatasetFiles.USERS_HEADER, "0,r0,en,mobile,1", "1,r1,es,tv,0");
    Files.writeString(dir.resolve("manifest.json"), manifest.replace("\"formatVersion\" : 3", "\"formatVersion\" : 9"));
    assertEquals("format version 9 is not supported; this reader reads version 3", readFails().problem());
    // The one strict JSON mapper: a renamed key is a missing one, and an extra key is an error too.
    Files.writeString(dir.resolve("manifest.json"), manifest.replace("\"users\"", "\"usrs\""));
    assertTrue(readFails().problem().startsWith("invalid manifest: Missing creator property 'users'"),
        readFails().problem());
    Files.writeString(dir.resolve("manifest.json"), manifest.replaceFirst("\\{", "{ \"extra\" : 1,"));
    assertTrue(readFails().problem().startsWith("invalid manifest: Unrecognized field \"extra\""),
        readFails().problem());
    Files.delete(dir.resolve("manifest.json"));
    assertEquals("missing; the dataset is incomplete (the manifest is written last)", readFails().problem());
  }

  @Test
  void missingDirectoryAndFilesAreReported() throws IOException {
    DataFileException e = assertThrows(DataFileException.class, () -> DatasetReader.read(dir.resolve("nope")));
    assertEquals("not a dataset directory (it does not exist or is a file)", e.problem());
    writeValid();
    Files.delete(dir.resolve("subscriptions.csv"));
    DataFileException missing = readFails();
    assertEquals(dir.resolve("subscriptions.csv"), missing.file());
    assertEquals("missing", missing.problem());
  }
}

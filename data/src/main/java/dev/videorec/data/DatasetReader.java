package dev.videorec.data;

import dev.videorec.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a dataset directory written by {@link DatasetWriter}.
 *
 * <p>The reader never drops a row silently. By default any malformed row stops the read with a
 * {@link DataFileException} naming the file, the line and the problem: a wrong field count, a non-numeric value,
 * an id that is unknown or repeated, a timestamp earlier than the previous row's, or a value a domain record
 * rejects. With {@link ReadOptions#skipBadRows()} such rows are skipped instead, and counted in
 * {@link Dataset#skipped()}. The manifest's row counts are checked against the files of a strict read, so a
 * dataset mixed from two writes is detected.
 */
public final class DatasetReader {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatasetReader.class);
  private DatasetReader() {}

  /** Reads strictly: the first malformed row fails the read. */
  public static Dataset read(Path dir) {
    return read(dir, ReadOptions.STRICT);
  }

  /**
   * Reads the dataset in {@code dir}.
   *
   * @throws DataFileException    if a file is malformed (the message names file, line and problem)
   * @throws UncheckedIOException if a file cannot be read
   */
  public static Dataset read(Path dir, ReadOptions options) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(options, "options");
    if (!Files.isDirectory(dir)) {
      throw new DataFileException(dir, 0, "not a dataset directory (it does not exist or is a file)");
    }
    long started = System.nanoTime();
    Manifest manifest = readManifest(dir.resolve(DatasetFiles.MANIFEST));
    SkippedRows.Collector skipped = new SkippedRows.Collector();
    Rows rows = new Rows(options, skipped);

    List<Topic> topics = new ArrayList<>();
    Set<Integer> topicIds = new HashSet<>();
    Path topicFile = dir.resolve(DatasetFiles.TOPICS);
    rows.forEach(topicFile, DatasetFiles.TOPICS_HEADER, row -> {
      Topic t = new Topic(row.intField(0), row.intField(1), row.field(2));
      if (!topicIds.add(t.id())) {
        throw row.error("duplicate topic_id " + t.id());
      }
      topics.add(t);
    });

    List<User> users = new ArrayList<>();
    Set<UserId> userIds = new HashSet<>();
    Path userFile = dir.resolve(DatasetFiles.USERS);
    rows.forEach(userFile, DatasetFiles.USERS_HEADER, row -> {
      UserId id = new UserId(row.intField(0));
      if (userIds.contains(id)) {
        throw row.error("duplicate user_id " + id.value());
      }
      users.add(new User(id, row.field(1), row.field(2), device(row, 3), row.flag(4)));
      userIds.add(id);
    });

    List<Video> videos = new ArrayList<>();
    Map<VideoId, Video> videoById = new HashMap<>();
    Set<CreatorId> creators = new HashSet<>();
    Path videoFile = dir.resolve(DatasetFiles.VIDEOS);
    rows.forEach(videoFile, DatasetFiles.VIDEOS_HEADER, row -> {
      VideoId id = new VideoId(row.intField(0));
      if (videoById.containsKey(id)) {
        throw row.error("duplicate video_id " + id.value());
      }
      List<Integer> videoTopics = row.intList(2);
      for (int t : videoTopics) {
        if (!topicIds.contains(t)) {
          throw row.error("unknown topic " + t + " (not in topics.csv)");
        }
      }
      Set<String> blocked = row.field(8).isEmpty() ? Set.of() : Set.of(row.field(8).split("\\|", -1));
      Video v = new Video(id, new CreatorId(row.intField(1)), videoTopics, row.intField(3), row.longField(4),
          row.field(5), row.field(6), row.flag(7), blocked);
      videos.add(v);
      videoById.put(id, v);
      creators.add(v.creator());
    });

    List<Subscription> subscriptions = new ArrayList<>();
    Path subscriptionFile = dir.resolve(DatasetFiles.SUBSCRIPTIONS);
    rows.forEach(subscriptionFile, DatasetFiles.SUBSCRIPTIONS_HEADER, row -> {
      UserId user = new UserId(row.intField(0));
      if (!userIds.contains(user)) {
        throw row.error("unknown user_id " + user.value() + " (not in users.csv)");
      }
      CreatorId creator = new CreatorId(row.intField(1));
      if (!creators.contains(creator)) {
        throw row.error("unknown creator_id " + creator.value() + " (no video in videos.csv has it)");
      }
      subscriptions.add(new Subscription(user, creator, row.longField(2)));
    });

    List<Interaction> interactions = new ArrayList<>();
    long[] last = {Long.MIN_VALUE};
    long[] dropped = {0};
    Path interactionFile = dir.resolve(DatasetFiles.INTERACTIONS);
    if (!Files.exists(interactionFile) && Files.isDirectory(dir.resolve(DatasetFiles.INTERACTIONS_DIR))) {
      throw new DataFileException(interactionFile, 0, "missing: this dataset's log is Parquet (interactions/), "
          + "which the batch jobs read ('./videorec batch ...'); generate it without --format parquet for the "
          + "in-process commands");
    }
    boolean propensities = hasPropensities(interactionFile);
    rows.forEach(interactionFile, propensities ? DatasetFiles.INTERACTIONS_WITH_PROPENSITY_HEADER
        : DatasetFiles.INTERACTIONS_HEADER, row -> {
      long ts = row.longField(0);
      if (ts < last[0]) {
        throw row.error("ts " + ts + " is earlier than the previous row's " + last[0]
            + "; interactions must be in time order");
      }
      last[0] = ts;
      if (ts < options.since()) {
        dropped[0]++;
        return;
      }
      UserId user = new UserId(row.intField(1));
      if (!userIds.contains(user)) {
        throw row.error("unknown user_id " + user.value() + " (not in users.csv)");
      }
      VideoId video = new VideoId(row.intField(2));
      if (!videoById.containsKey(video)) {
        throw row.error("unknown video_id " + video.value() + " (not in videos.csv)");
      }
      int clicked = row.intField(4);
      if (clicked != 0 && clicked != 1) {
        throw row.error("clicked must be 0 or 1, got " + clicked);
      }
      double propensity = 1;
      if (propensities) {
        propensity = row.doubleField(7);
        if (!(propensity > 0 && propensity <= 1)) {
          throw row.error("propensity must be in (0, 1], got " + row.field(7));
        }
      }
      interactions.add(new Interaction(user, video, ts, row.intField(3), clicked == 1, row.intField(5),
          Feedback.ofCode(row.intField(6)), propensity));
    });

    SkippedRows result = skipped.result();
    if (result.count() == 0) {
      checkCount(topicFile, manifest.topics(), topics.size());
      checkCount(userFile, manifest.users(), users.size());
      checkCount(videoFile, manifest.videos(), videos.size());
      checkCount(subscriptionFile, manifest.subscriptions(), subscriptions.size());
      checkCount(interactionFile, manifest.interactions(), interactions.size() + dropped[0]);
    }
    LOG.info("read {} in {} ms: {} users, {} videos, {} interactions", dir, (System.nanoTime() - started) / 1_000_000,
        users.size(), videos.size(), interactions.size());
    return new Dataset(manifest, topics, users, new VideoCatalog(videos), subscriptions, interactions, result);
  }

  private static Device device(CsvRow row, int i) {
    String d = row.field(i);
    try {
      return Device.valueOf(d.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw row.error("device must be mobile, desktop, tv or unknown, got " + DataFileException.quote(d));
    }
  }

  static Manifest readManifest(Path file) {
    ObjectMapper mapper = Json.mapper();
    Manifest m;
    try {
      m = mapper.readValue(Files.readAllBytes(file), Manifest.class);
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "missing; the dataset is incomplete (the manifest is written last)");
    } catch (JsonProcessingException e) {
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new DataFileException(file, line, "invalid manifest: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (IllegalArgumentException e) {
      throw new DataFileException(file, 0, "invalid manifest: " + e.getMessage());
    }
    if (!Manifest.FORMAT.equals(m.format())) {
      throw new DataFileException(file, 0, "format is '" + m.format() + "', expected '" + Manifest.FORMAT + "'");
    }
    if (m.formatVersion() != Manifest.FORMAT_VERSION) {
      throw new DataFileException(file, 0, "format version " + m.formatVersion()
          + " is not supported; this reader reads version " + Manifest.FORMAT_VERSION);
    }
    return m;
  }

  private static void checkCount(Path file, long expected, long actual) {
    if (expected != actual) {
      throw new DataFileException(file, 0,
          "has " + actual + " rows but manifest.json says " + expected + "; the dataset is from two different writes");
    }
  }

  /** Reads the data rows of one CSV file, skipping malformed rows if the options say so. */
  private record Rows(ReadOptions options, SkippedRows.Collector skipped) {
    void forEach(Path file, String header, CsvReader.RowHandler handler) {
      CsvReader.forEachRow(file, header, ',', handler, options.skipBadRows() ? skipped::skip : null);
    }
  }

  /** Whether the log's header has the optional propensity column (a missing file is reported by the reader). */
  private static boolean hasPropensities(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (java.io.BufferedReader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
      String first = r.readLine();
      return first != null && first.strip().equals(DatasetFiles.INTERACTIONS_WITH_PROPENSITY_HEADER);
    } catch (IOException e) {
      return false;
    }
  }
}

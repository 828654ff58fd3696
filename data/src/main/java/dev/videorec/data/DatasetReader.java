package dev.videorec.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a dataset directory written by {@link DatasetWriter}.
 *
 * <p>The reader never drops a row silently. Any malformed row stops the read with a {@link DataFileException}
 * naming the file, the line and the problem: a wrong field count, a non-numeric value, an id that is unknown or
 * repeated, a timestamp earlier than the previous row's, or a value a domain record rejects. The manifest's row
 * counts are checked against the files, so a dataset mixed from two writes is detected.
 */
public final class DatasetReader {
  private DatasetReader() {}

  /**
   * Reads the dataset in {@code dir}.
   *
   * @throws DataFileException    if a file is malformed (the message names file, line and problem)
   * @throws UncheckedIOException if a file cannot be read
   */
  public static Dataset read(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new DataFileException(dir, 0, "not a dataset directory (it does not exist or is a file)");
    }
    Manifest manifest = readManifest(dir.resolve(DatasetFiles.MANIFEST));
    List<User> users = readUsers(dir.resolve(DatasetFiles.USERS));
    List<Video> videos = readVideos(dir.resolve(DatasetFiles.VIDEOS));
    Set<UserId> userIds = new HashSet<>();
    users.forEach(u -> userIds.add(u.id()));
    Set<VideoId> videoIds = new HashSet<>();
    videos.forEach(v -> videoIds.add(v.id()));
    Path interactionFile = dir.resolve(DatasetFiles.INTERACTIONS);
    List<Interaction> interactions = readInteractions(interactionFile, userIds, videoIds);
    checkCount(dir.resolve(DatasetFiles.USERS), manifest.users(), users.size());
    checkCount(dir.resolve(DatasetFiles.VIDEOS), manifest.videos(), videos.size());
    checkCount(interactionFile, manifest.interactions(), interactions.size());
    return new Dataset(manifest, users, new VideoCatalog(videos), interactions);
  }

  static Manifest readManifest(Path file) {
    ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
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

  private static List<User> readUsers(Path file) {
    List<User> users = new ArrayList<>();
    Set<UserId> seen = new HashSet<>();
    forEachRow(file, DatasetFiles.USERS_HEADER, (row) -> {
      UserId id = new UserId(row.intField(0));
      if (!seen.add(id)) {
        throw row.error("duplicate user_id " + id.value());
      }
      String region = row.field(1);
      if (region.isBlank()) {
        throw row.error("region is empty");
      }
      users.add(new User(id, region));
    });
    return users;
  }

  private static List<Video> readVideos(Path file) {
    List<Video> videos = new ArrayList<>();
    Set<VideoId> seen = new HashSet<>();
    forEachRow(file, DatasetFiles.VIDEOS_HEADER, (row) -> {
      VideoId id = new VideoId(row.intField(0));
      if (!seen.add(id)) {
        throw row.error("duplicate video_id " + id.value());
      }
      videos.add(new Video(id, new CreatorId(row.intField(1)), row.intField(2), row.intField(3), row.longField(4)));
    });
    return videos;
  }

  private static List<Interaction> readInteractions(Path file, Set<UserId> users, Set<VideoId> videos) {
    List<Interaction> out = new ArrayList<>();
    long[] last = {Long.MIN_VALUE};
    forEachRow(file, DatasetFiles.INTERACTIONS_HEADER, (row) -> {
      long ts = row.longField(0);
      if (ts < last[0]) {
        throw row.error("ts " + ts + " is earlier than the previous row's " + last[0]
            + "; interactions must be in time order");
      }
      UserId user = new UserId(row.intField(1));
      if (!users.contains(user)) {
        throw row.error("unknown user_id " + user.value() + " (not in users.csv)");
      }
      VideoId video = new VideoId(row.intField(2));
      if (!videos.contains(video)) {
        throw row.error("unknown video_id " + video.value() + " (not in videos.csv)");
      }
      int clicked = row.intField(4);
      if (clicked != 0 && clicked != 1) {
        throw row.error("clicked must be 0 or 1, got " + clicked);
      }
      out.add(new Interaction(user, video, ts, row.intField(3), clicked == 1, row.intField(5)));
      last[0] = ts;
    });
    return out;
  }

  private static void checkCount(Path file, long expected, long actual) {
    if (expected != actual) {
      throw new DataFileException(file, 0,
          "has " + actual + " rows but manifest.json says " + expected + "; the dataset is from two different writes");
    }
  }

  private interface RowHandler {
    void accept(Row row);
  }

  /** One split CSV line, with typed accessors whose errors name the column. */
  private static final class Row {
    private final Path file;
    private final String[] header;
    private long line;
    private String[] fields;

    Row(Path file, String[] header) {
      this.file = file;
      this.header = header;
    }

    String field(int i) {
      return fields[i];
    }

    int intField(int i) {
      long v = longField(i);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(header[i] + " is out of range: '" + fields[i] + "'");
      }
      return (int) v;
    }

    long longField(int i) {
      try {
        return Long.parseLong(fields[i]);
      } catch (NumberFormatException e) {
        throw error(header[i] + " is not an integer: '" + fields[i] + "'");
      }
    }

    DataFileException error(String problem) {
      return new DataFileException(file, line, problem);
    }
  }

  private static void forEachRow(Path file, String expectedHeader, RowHandler handler) {
    String[] header = expectedHeader.split(",");
    Row row = new Row(file, header);
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text = in.readLine();
      row.line = 1;
      if (text == null) {
        throw row.error("empty file; expected the header '" + expectedHeader + "'");
      }
      if (!text.equals(expectedHeader)) {
        throw row.error("header is '" + text + "', expected '" + expectedHeader + "'");
      }
      while ((text = in.readLine()) != null) {
        row.line++;
        if (text.isEmpty()) {
          throw row.error("empty line");
        }
        row.fields = text.split(",", -1);
        if (row.fields.length != header.length) {
          throw row.error("expected " + header.length + " fields (" + expectedHeader + "), got "
              + row.fields.length);
        }
        try {
          handler.accept(row);
        } catch (IllegalArgumentException e) {
          // A domain record rejected a value (negative position, watch seconds without a click...).
          throw row.error(e.getMessage());
        }
      }
    } catch (NoSuchFileException e) {
      throw new DataFileException(file, 0, "missing");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " near line " + row.line, e);
    }
  }
}

package dev.videorec.data;

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
import dev.videorec.core.io.ChecksummedFile;
import dev.videorec.core.json.Json;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A dataset as one binary file, so that it can be loaded again without parsing text: a model directory keeps one
 * beside its models, and serving a million-video catalogue then reads it in about a second instead of parsing
 * ~50 MB of CSV.
 *
 * <p>The file also records the {@link FileStamp size and modification time} of every file of the directory the
 * dataset was read from, taken before it was read. A loader uses the snapshot only while the directory still holds
 * exactly those files ({@link #matches}); otherwise it reads the directory as usual. The snapshot is a cache of the
 * parse, never a second source of truth.
 *
 * <p>Layout, big-endian, ending with a CRC-32C ({@link ChecksummedFile}): the magic {@code VRDS}, the version, the
 * stamps, the manifest as JSON, a table of the distinct strings (regions, languages, topic names) that the records
 * refer to by index, then topics, users, videos, subscriptions and interactions, each as a count and its records,
 * and the skipped-rows report.
 */
public final class DatasetSnapshot {
  /** The first four bytes of every snapshot. */
  public static final int MAGIC = 0x56524453; // "VRDS"
  public static final int FORMAT_VERSION = 1;
  private static final int MAX_STRING_BYTES = 1 << 20;

  /** A file the dataset was read from, as it was when read. */
  public record FileStamp(String name, long size, long modifiedMillis) {
    public FileStamp {
      Objects.requireNonNull(name, "name");
    }
  }

  /** A file that is not a snapshot, or a damaged one. */
  public static final class SnapshotException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SnapshotException(String message) {
      super(message);
    }
  }

  private DatasetSnapshot() {}

  /**
   * The stamps of the regular files directly inside {@code dir}, by name: what {@link #write} records. Take them
   * before reading the dataset, so that a file changed while it was read makes the snapshot stale, not wrong.
   */
  public static List<FileStamp> stamp(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<FileStamp> out = new ArrayList<>();
      for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
        out.add(new FileStamp(p.getFileName().toString(), Files.size(p), Files.getLastModifiedTime(p).toMillis()));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /**
   * Whether the snapshot at {@code file} was taken of the files {@code dir} holds now (same names, sizes and
   * modification times). A missing, foreign or damaged snapshot does not match.
   */
  public static boolean matches(Path file, Path dir) {
    if (!Files.isRegularFile(file) || !Files.isDirectory(dir)) {
      return false;
    }
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      return in.getInt() == MAGIC && in.getInt() == FORMAT_VERSION && readStamps(in).equals(stamp(dir));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** Writes {@code dataset}, read from files that had the stamps {@code stamps}, to {@code file}. */
  public static void write(Dataset dataset, List<FileStamp> stamps, Path file) throws IOException {
    Objects.requireNonNull(dataset, "dataset");
    Strings strings = new Strings();
    for (Topic t : dataset.topics()) {
      strings.index(t.name());
    }
    for (User u : dataset.users()) {
      strings.index(u.region());
      strings.index(u.language());
    }
    for (Video v : dataset.videos()) {
      strings.index(v.language());
      strings.index(v.region());
      v.blockedRegions().forEach(strings::index);
    }
    try (ChecksummedFile.Writer out = ChecksummedFile.Writer.create(file)) {
      out.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(stamps.size());
      for (FileStamp s : stamps) {
        out.putString(s.name()).putLong(s.size()).putLong(s.modifiedMillis());
      }
      out.putString(Json.mapper().writeValueAsString(dataset.manifest()));
      out.putInt(strings.list.size());
      for (String s : strings.list) {
        out.putString(s);
      }
      out.putInt(dataset.topics().size());
      for (Topic t : dataset.topics()) {
        out.putInt(t.id()).putInt(t.category()).putInt(strings.index(t.name()));
      }
      out.putInt(dataset.users().size());
      for (User u : dataset.users()) {
        out.putInt(u.id().value()).putInt(strings.index(u.region())).putInt(strings.index(u.language()))
            .putByte(u.device().ordinal()).putByte(u.adult() ? 1 : 0);
      }
      out.putInt(dataset.videos().size());
      for (Video v : dataset.videos()) {
        out.putInt(v.id().value()).putInt(v.creator().value()).putInt(v.topics().size());
        for (int t : v.topics()) {
          out.putInt(t);
        }
        out.putInt(v.durationSeconds()).putLong(v.uploadTime()).putInt(strings.index(v.language()))
            .putInt(strings.index(v.region())).putByte(v.ageRestricted() ? 1 : 0);
        // Sorted, so that the same dataset always writes the same bytes (a set's order is not).
        String[] blocked = v.blockedRegions().toArray(new String[0]);
        Arrays.sort(blocked);
        out.putInt(blocked.length);
        for (String r : blocked) {
          out.putInt(strings.index(r));
        }
      }
      out.putInt(dataset.subscriptions().size());
      for (Subscription s : dataset.subscriptions()) {
        out.putInt(s.user().value()).putInt(s.creator().value()).putLong(s.since());
      }
      out.putInt(dataset.interactions().size());
      for (Interaction i : dataset.interactions()) {
        out.putInt(i.user().value()).putInt(i.video().value()).putLong(i.timestamp()).putInt(i.position())
            .putByte(i.clicked() ? 1 : 0).putInt(i.watchSeconds()).putByte(i.feedback().code())
            .putDouble(i.propensity());
      }
      out.putLong(dataset.skipped().count()).putInt(dataset.skipped().examples().size());
      for (String e : dataset.skipped().examples()) {
        out.putString(e);
      }
      out.finish();
    }
  }

  /**
   * Reads a snapshot {@link #write} wrote. The records are checked by their own constructors, as a text read
   * checks them; the references between files (a user of an interaction is a user of the dataset) were checked
   * when the text was read and are covered by the checksum since.
   *
   * @throws SnapshotException    if the file is not a snapshot, is truncated or fails its checksum
   * @throws UncheckedIOException if it cannot be read
   */
  public static Dataset read(Path file) {
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      if (in.getInt() != MAGIC) {
        throw new SnapshotException(file + " is not a dataset snapshot (wrong magic)");
      }
      int version = in.getInt();
      if (version != FORMAT_VERSION) {
        throw new SnapshotException(file + ": snapshot format version " + version + ", expected " + FORMAT_VERSION);
      }
      readStamps(in);
      ObjectMapper mapper = Json.mapper();
      Manifest manifest = mapper.readValue(in.getString(MAX_STRING_BYTES), Manifest.class);
      String[] strings = new String[count(in, file)];
      for (int i = 0; i < strings.length; i++) {
        strings[i] = in.getString(MAX_STRING_BYTES);
      }
      Device[] devices = Device.values();
      List<Topic> topics = new ArrayList<>();
      for (int n = count(in, file), i = 0; i < n; i++) {
        topics.add(new Topic(in.getInt(), in.getInt(), string(strings, in, file)));
      }
      // One id object per user, video and creator, shared by every record that names it.
      Interned<UserId> userIds = new Interned<>(UserId::new, UserId[]::new);
      Interned<VideoId> videoIds = new Interned<>(VideoId::new, VideoId[]::new);
      Interned<CreatorId> creators = new Interned<>(CreatorId::new, CreatorId[]::new);
      // A video's single topic as one shared list per topic rather than a list per video: a million fewer objects
      // to allocate and for the collector to copy (the lists are immutable, and a video keeps the one it is given).
      @SuppressWarnings("unchecked")
      Interned<List<Integer>> oneTopic = new Interned<>(List::of, n -> (List<Integer>[]) new List<?>[n]);
      List<User> users = new ArrayList<>();
      for (int n = count(in, file), i = 0; i < n; i++) {
        users.add(readUser(in, file, strings, userIds, devices));
      }
      int videoCount = count(in, file);
      List<Video> videos = new ArrayList<>(videoCount);
      for (int i = 0; i < videoCount; i++) {
        videos.add(readVideo(in, file, strings, videoIds, creators, oneTopic));
      }
      List<Subscription> subscriptions = new ArrayList<>();
      for (int n = count(in, file), i = 0; i < n; i++) {
        subscriptions.add(new Subscription(userIds.get(in.getInt()), creators.get(in.getInt()), in.getLong()));
      }
      int interactionCount = count(in, file);
      List<Interaction> interactions = new ArrayList<>(interactionCount);
      for (int i = 0; i < interactionCount; i++) {
        interactions.add(readInteraction(in, userIds, videoIds));
      }
      long skippedCount = in.getLong();
      List<String> examples = new ArrayList<>();
      for (int n = count(in, file), i = 0; i < n; i++) {
        examples.add(in.getString(MAX_STRING_BYTES));
      }
      in.finish();
      return new Dataset(manifest, topics, users, new VideoCatalog(videos), subscriptions, interactions,
          new SkippedRows(skippedCount, examples));
    } catch (EOFException e) {
      throw new SnapshotException(file + " is truncated");
    } catch (ChecksummedFile.ChecksumException e) {
      throw new SnapshotException(file + " is damaged: " + e.getMessage());
    } catch (JsonProcessingException e) {
      throw new SnapshotException(file + ": unreadable manifest (" + e.getOriginalMessage() + ")");
    } catch (IllegalArgumentException e) {
      throw new SnapshotException(file + " holds an impossible record: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  // One small method per record rather than one loop body each inside read: the JIT compiler compiles a small
  // method early and once, where a loop inside a long method is compiled on the stack, with the whole method,
  // several times over (two seconds of compiler time on a million-video catalogue, on a two-core machine).

  private static User readUser(ChecksummedFile.Reader in, Path file, String[] strings, Interned<UserId> userIds,
                               Device[] devices) throws IOException {
    UserId id = userIds.get(in.getInt());
    String region = string(strings, in, file);
    String language = string(strings, in, file);
    int device = in.getByte();
    if (device < 0 || device >= devices.length) {
      throw new SnapshotException(file + ": impossible device " + device);
    }
    return new User(id, region, language, devices[device], in.getByte() != 0);
  }

  private static Video readVideo(ChecksummedFile.Reader in, Path file, String[] strings, Interned<VideoId> videoIds,
                                 Interned<CreatorId> creators, Interned<List<Integer>> oneTopic) throws IOException {
    VideoId id = videoIds.get(in.getInt());
    CreatorId creator = creators.get(in.getInt());
    List<Integer> topics = readTopics(in, file, oneTopic);
    int duration = in.getInt();
    long upload = in.getLong();
    String language = string(strings, in, file);
    String region = string(strings, in, file);
    boolean ageRestricted = in.getByte() != 0;
    int blockedCount = count(in, file);
    Set<String> blocked = blockedCount == 0 ? Set.of() : readRegions(in, file, strings, blockedCount);
    return new Video(id, creator, topics, duration, upload, language, region, ageRestricted, blocked);
  }

  private static List<Integer> readTopics(ChecksummedFile.Reader in, Path file, Interned<List<Integer>> oneTopic)
      throws IOException {
    int n = count(in, file);
    if (n == 1) {
      return oneTopic.get(in.getInt());
    }
    Integer[] topics = new Integer[n];
    for (int t = 0; t < n; t++) {
      topics[t] = in.getInt();
    }
    return List.of(topics);
  }

  private static Set<String> readRegions(ChecksummedFile.Reader in, Path file, String[] strings, int n)
      throws IOException {
    String[] regions = new String[n];
    for (int r = 0; r < n; r++) {
      regions[r] = string(strings, in, file);
    }
    return Set.of(regions);
  }

  private static Interaction readInteraction(ChecksummedFile.Reader in, Interned<UserId> userIds,
                                             Interned<VideoId> videoIds) throws IOException {
    int user = in.getInt();
    int video = in.getInt();
    return new Interaction(userIds.get(user), videoIds.get(video), in.getLong(), in.getInt(), in.getByte() != 0,
        in.getInt(), Feedback.ofCode(in.getByte()), in.getDouble());
  }

  private static List<FileStamp> readStamps(ChecksummedFile.Reader in) throws IOException {
    int n = in.getInt();
    if (n < 0 || n > 100_000) {
      throw new IOException("implausible number of files: " + n);
    }
    List<FileStamp> stamps = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      stamps.add(new FileStamp(in.getString(MAX_STRING_BYTES), in.getLong(), in.getLong()));
    }
    return stamps;
  }

  private static int count(ChecksummedFile.Reader in, Path file) throws IOException {
    int n = in.getInt();
    if (n < 0) {
      throw new SnapshotException(file + ": impossible count " + n);
    }
    return n;
  }

  private static String string(String[] strings, ChecksummedFile.Reader in, Path file) throws IOException {
    int i = in.getInt();
    if (i < 0 || i >= strings.length) {
      throw notInTable(file, i, strings.length);
    }
    return strings[i];
  }

  private static SnapshotException notInTable(Path file, int i, int size) {
    return new SnapshotException(file + ": string " + i + " is not in the table of " + size);
  }

  /**
   * One object per id, made on first sight: an array indexed by id for the small non-negative ids every dataset
   * uses (a hash map of boxed keys cost a third of reading a million videos), a map past it.
   */
  private static final class Interned<T> {
    private static final int MAX_TABLE = 1 << 24;
    private final java.util.function.IntFunction<T> make;
    private final java.util.function.IntFunction<T[]> array;
    private T[] table;
    private final Map<Integer, T> rest = new HashMap<>();

    Interned(java.util.function.IntFunction<T> make, java.util.function.IntFunction<T[]> array) {
      this.make = make;
      this.array = array;
      this.table = array.apply(1024);
    }

    T get(int id) {
      if (id >= 0 && id < table.length) {
        T t = table[id];
        if (t != null) {
          return t;
        }
      }
      return make(id);
    }

    private T make(int id) {
      if (id < 0 || id >= MAX_TABLE) {
        return rest.computeIfAbsent(id, make::apply);
      }
      if (id >= table.length) {
        T[] bigger = array.apply(Math.min(MAX_TABLE, Math.max(2 * table.length, id + 1)));
        System.arraycopy(table, 0, bigger, 0, table.length);
        table = bigger;
      }
      T t = make.apply(id);
      table[id] = t;
      return t;
    }
  }

  /** Distinct strings in first-seen order, each with its index. */
  private static final class Strings {
    final List<String> list = new ArrayList<>();
    final Map<String, Integer> index = new HashMap<>();

    int index(String s) {
      return index.computeIfAbsent(s, k -> {
        list.add(k);
        return list.size() - 1;
      });
    }
  }
}

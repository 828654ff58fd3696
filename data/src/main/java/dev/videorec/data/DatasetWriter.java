package dev.videorec.data;

import dev.videorec.core.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.core.Interaction;
import dev.videorec.core.Subscription;
import dev.videorec.core.Topic;
import dev.videorec.core.User;
import dev.videorec.core.Video;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a dataset directory in the layout of {@link DatasetFiles}, atomically.
 *
 * <p>Every file is first written to a temporary file beside its target; {@link #commit} renames them into place
 * and writes {@code manifest.json} last. A crash before the commit leaves the directory as it was (plus temporary
 * files, which {@link #close()} removes); a reader never sees a manifest whose files are half written.
 *
 * <p>Every table is streamed (from an {@link Iterable}, or row by row for interactions), so a generator can write
 * more than fits in memory. Not thread-safe: one writer, one thread.
 */
public final class DatasetWriter implements AutoCloseable, Consumer<Interaction> {
  /**
   * How videorec writes CSV: RFC 4180 with Unix line ends; a field is quoted only when it must be, so plain tables
   * stay plain.
   */
  public static final CSVFormat CSV = CSVFormat.RFC4180.builder().setRecordSeparator('\n').get();

  private final Path dir;
  private final List<Path> temporaries = new ArrayList<>();
  private long topics = -1;
  private long users = -1;
  private long videos = -1;
  private long subscriptions;
  private CSVPrinter interactionOut;
  /** The interaction table in another format, or null for {@code interactions.csv}. */
  private final InteractionTableFormat format;
  private InteractionTableFormat.Writer formatOut;
  private long interactions;
  private long lastTimestamp = Long.MIN_VALUE;
  private boolean closed;
  private boolean propensities;

  private DatasetWriter(Path dir, InteractionTableFormat format) {
    this.dir = dir;
    this.format = format;
  }

  /**
   * Checks that a dataset may be written into {@code dir}: it does not exist, is empty, or holds a videorec dataset
   * (its {@code manifest.json} names the format); and it can be created and written. Files of a dataset written
   * there are replaced; nothing else is ever touched.
   *
   * @throws IllegalArgumentException naming what is in the way
   */
  public static void checkWritable(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (dir.toString().isBlank()) {
      throw new IllegalArgumentException("the dataset directory must be named; an empty path is not one");
    }
    try {
      if (Files.exists(dir)) {
        if (!Files.isDirectory(dir)) {
          throw new IllegalArgumentException(dir + " is a file, not a directory");
        }
        boolean empty;
        try (var entries = Files.list(dir)) {
          empty = entries.findAny().isEmpty();
        }
        if (!empty) {
          try {
            DatasetReader.readManifest(dir.resolve(DatasetFiles.MANIFEST));
          } catch (DataFileException e) {
            throw new IllegalArgumentException(dir + " exists and is not a videorec dataset (" + e.problem()
                + "); refusing to write into it", e);
          }
        }
      }
      dev.videorec.core.io.AtomicFiles.checkWritableParent(dir.resolve(DatasetFiles.MANIFEST));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write a dataset to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts writing into {@code dir}, creating it if needed.
   *
   * @throws IllegalArgumentException if {@code dir} holds something other than a videorec dataset
   */
  public static DatasetWriter create(Path dir) {
    return create(dir, null);
  }

  /**
   * As {@link #create(Path)}, writing the interaction table in {@code format} (a directory
   * {@value DatasetFiles#INTERACTIONS_DIR}/) instead of {@code interactions.csv}; null for CSV.
   */
  public static DatasetWriter create(Path dir, InteractionTableFormat format) {
    checkWritable(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create dataset directory " + dir, e);
    }
    return new DatasetWriter(dir, format);
  }

  /**
   * Writes the optional {@code propensity} column of {@code interactions.csv}: for a log served by a policy that
   * explores. Without it the log reads as served deterministically (propensity 1).
   *
   * @throws IllegalStateException after the first interaction
   */
  public DatasetWriter withPropensities() {
    if (interactions > 0 || interactionOut != null) {
      throw new IllegalStateException("withPropensities() must come before the first interaction");
    }
    if (format != null) {
      throw new IllegalStateException("the propensity column is written to interactions.csv only");
    }
    propensities = true;
    return this;
  }

  /** Writes {@code topics.csv}. */
  public void topics(Iterable<Topic> all) {
    topics = table(DatasetFiles.TOPICS, DatasetFiles.TOPICS_HEADER, all,
        t -> new Object[] {t.id(), t.category(), t.name()});
  }

  /** Writes {@code users.csv}. */
  public void users(Iterable<User> all) {
    users = table(DatasetFiles.USERS, DatasetFiles.USERS_HEADER, all, u -> new Object[] {u.id().value(), u.region(),
        u.language(), u.device().name().toLowerCase(Locale.ROOT), u.adult() ? 1 : 0});
  }

  /** Writes {@code videos.csv}. */
  public void videos(Iterable<Video> all) {
    videos = table(DatasetFiles.VIDEOS, DatasetFiles.VIDEOS_HEADER, all, v -> new Object[] {v.id().value(),
        v.creator().value(), String.join("|", v.topics().stream().map(String::valueOf).toList()),
        v.durationSeconds(), v.uploadTime(), v.language(), v.region(), v.ageRestricted() ? 1 : 0,
        // Sorted, so that the same set always writes the same bytes.
        String.join("|", new java.util.TreeSet<>(v.blockedRegions()))});
  }

  /** Writes {@code subscriptions.csv}. */
  public void subscriptions(Iterable<Subscription> all) {
    subscriptions = table(DatasetFiles.SUBSCRIPTIONS, DatasetFiles.SUBSCRIPTIONS_HEADER, all,
        s -> new Object[] {s.user().value(), s.creator().value(), s.since()});
  }

  /**
   * Appends one interaction to {@code interactions.csv}.
   *
   * @throws IllegalArgumentException if its timestamp is earlier than the previous interaction's
   */
  public void interaction(Interaction i) {
    checkOpen();
    if (i.timestamp() < lastTimestamp) {
      throw new IllegalArgumentException(
          "interactions must be written in time order: " + i.timestamp() + " after " + lastTimestamp);
    }
    Path tmp = temporaryName(format == null ? DatasetFiles.INTERACTIONS : DatasetFiles.INTERACTIONS_DIR);
    try {
      if (format != null) {
        if (formatOut == null) {
          formatOut = format.open(registerDirectory(DatasetFiles.INTERACTIONS_DIR));
        }
        formatOut.write(i);
      } else {
        if (interactionOut == null) {
          interactionOut = open(DatasetFiles.INTERACTIONS, interactionHeader());
        }
        if (propensities) {
          interactionOut.printRecord(i.timestamp(), i.user().value(), i.video().value(), i.position(),
              i.clicked() ? 1 : 0, i.watchSeconds(), i.feedback().code(), i.propensity());
        } else if (i.propensity() != 1) {
          throw new IllegalArgumentException("interaction at " + i.timestamp() + " has propensity "
              + i.propensity() + "; call withPropensities() to keep it");
        } else {
          interactionOut.printRecord(i.timestamp(), i.user().value(), i.video().value(), i.position(),
              i.clicked() ? 1 : 0, i.watchSeconds(), i.feedback().code());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp, e);
    }
    lastTimestamp = i.timestamp();
    interactions++;
  }

  @Override
  public void accept(Interaction i) {
    interaction(i);
  }

  /** How many interactions have been written so far. */
  public long interactionCount() {
    return interactions;
  }

  /**
   * Moves every file into place and writes the manifest last.
   *
   * @param generator the generator configuration, or null for data that was not generated
   * @param card      summary statistics to write as {@code datacard.json}, or null
   * @throws IllegalStateException if topics, users or videos were not written
   */
  public void commit(WorldConfig generator, DataCard card) {
    checkOpen();
    if (topics < 0 || users < 0 || videos < 0) {
      throw new IllegalStateException("topics, users and videos must be written before commit");
    }
    try {
      if (!temporaries.contains(temporaryName(DatasetFiles.SUBSCRIPTIONS))) {
        subscriptions(List.of());
      }
      if (format != null) {
        if (formatOut == null) {
          formatOut = format.open(registerDirectory(DatasetFiles.INTERACTIONS_DIR));
        }
        formatOut.close();
        // The other format's table of an earlier dataset here would be stale.
        Files.deleteIfExists(dir.resolve(DatasetFiles.INTERACTIONS));
        deleteTree(dir.resolve(DatasetFiles.INTERACTIONS_DIR));
      } else {
        if (interactionOut == null) {
          interactionOut = open(DatasetFiles.INTERACTIONS, interactionHeader());
        }
        interactionOut.close();
        deleteTree(dir.resolve(DatasetFiles.INTERACTIONS_DIR));
      }
      ObjectMapper mapper = Json.mapper();
      if (card != null) {
        Files.write(register(DatasetFiles.DATA_CARD),
            (mapper.writeValueAsString(card) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, (int) topics, (int) users,
          (int) videos, subscriptions, interactions, generator);
      Files.write(register(DatasetFiles.MANIFEST),
          (mapper.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
      // The manifest was registered last, so it is renamed last: its presence means the whole dataset is in place.
      for (Path tmp : temporaries) {
        Files.move(tmp, finalName(tmp), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      temporaries.clear();
      closed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit dataset in " + dir, e);
    }
  }

  /** Removes any temporary file left by an uncommitted write. */
  @Override
  public void close() {
    try {
      if (interactionOut != null) {
        interactionOut.close();
      }
      if (formatOut != null) {
        formatOut.close();
      }
      for (Path tmp : temporaries) {
        deleteTree(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up temporary files in " + dir, e);
    } finally {
      temporaries.clear();
      closed = true;
    }
  }

  private <T> long table(String name, String header, Iterable<T> rows, Function<T, Object[]> fields) {
    checkOpen();
    long n = 0;
    Path tmp = temporaryName(name);
    try (CSVPrinter w = open(name, header)) {
      for (T row : rows) {
        w.printRecord(fields.apply(row));
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp, e);
    }
    return n;
  }

  private CSVPrinter open(String name, String header) throws IOException {
    CSVPrinter w = new CSVPrinter(Files.newBufferedWriter(register(name), StandardCharsets.UTF_8), CSV);
    w.printRecord((Object[]) header.split(","));
    return w;
  }

  private Path register(String name) {
    Path tmp = temporaryName(name);
    temporaries.remove(tmp);
    temporaries.add(tmp);
    return tmp;
  }

  /** A fresh temporary directory for {@code name}, moved into place on commit. */
  private Path registerDirectory(String name) throws IOException {
    Path tmp = register(name);
    deleteTree(tmp);
    Files.createDirectories(tmp);
    return tmp;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try (var s = Files.walk(p)) {
        for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(q);
        }
      }
    } else {
      Files.delete(p);
    }
  }

  private Path temporaryName(String name) {
    return dir.resolve("." + name + ".tmp");
  }

  private Path finalName(Path tmp) {
    String n = tmp.getFileName().toString();
    return dir.resolve(n.substring(1, n.length() - ".tmp".length()));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("writer for " + dir + " is already committed or closed");
    }
  }

  private String interactionHeader() {
    return propensities ? DatasetFiles.INTERACTIONS_WITH_PROPENSITY_HEADER : DatasetFiles.INTERACTIONS_HEADER;
  }
}

package dev.videorec.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.videorec.core.Interaction;
import dev.videorec.core.User;
import dev.videorec.core.Video;
import dev.videorec.data.synthetic.WorldConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Writes a dataset directory in the layout of {@link DatasetFiles}, atomically.
 *
 * <p>Every file is first written to a temporary file beside its target; {@link #commit(WorldConfig)} renames them
 * into place and writes {@code manifest.json} last. A crash before the commit leaves the directory as it was
 * (plus temporary files, which {@link #close()} removes); a reader never sees a manifest whose files are half
 * written.
 *
 * <p>Interactions are streamed through {@link #interaction(Interaction)}, so a generator can write a log larger
 * than memory. Not thread-safe: one writer, one thread.
 */
public final class DatasetWriter implements AutoCloseable, Consumer<Interaction> {
  private static final Pattern REGION = Pattern.compile("[^,\\s]+");

  private final Path dir;
  private final List<Path> temporaries = new ArrayList<>();
  private int users = -1;
  private int videos = -1;
  private BufferedWriter interactionOut;
  private Path interactionTmp;
  private long interactions;
  private long lastTimestamp = Long.MIN_VALUE;
  private boolean committed;

  private DatasetWriter(Path dir) {
    this.dir = dir;
  }

  /** Starts writing into {@code dir}, creating it if needed. */
  public static DatasetWriter create(Path dir) {
    Objects.requireNonNull(dir, "dir");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create dataset directory " + dir, e);
    }
    return new DatasetWriter(dir);
  }

  /** Writes {@code users.csv}. */
  public void users(List<User> all) {
    checkOpen();
    Path tmp = temporary(DatasetFiles.USERS);
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(DatasetFiles.USERS_HEADER);
      w.write('\n');
      for (User u : all) {
        if (!REGION.matcher(u.region()).matches()) {
          throw new IllegalArgumentException("region must have no commas or white space: '" + u.region() + "'");
        }
        w.write(Integer.toString(u.id().value()));
        w.write(',');
        w.write(u.region());
        w.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp, e);
    }
    users = all.size();
  }

  /** Writes {@code videos.csv}. */
  public void videos(List<Video> all) {
    checkOpen();
    Path tmp = temporary(DatasetFiles.VIDEOS);
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      w.write(DatasetFiles.VIDEOS_HEADER);
      w.write('\n');
      StringBuilder line = new StringBuilder(64);
      for (Video v : all) {
        line.setLength(0);
        line.append(v.id().value()).append(',').append(v.creator().value()).append(',').append(v.topic())
            .append(',').append(v.durationSeconds()).append(',').append(v.uploadTime()).append('\n');
        w.append(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + tmp, e);
    }
    videos = all.size();
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
    try {
      if (interactionOut == null) {
        openInteractions();
      }
      BufferedWriter w = interactionOut;
      w.write(Long.toString(i.timestamp()));
      w.write(',');
      w.write(Integer.toString(i.user().value()));
      w.write(',');
      w.write(Integer.toString(i.video().value()));
      w.write(',');
      w.write(Integer.toString(i.position()));
      w.write(i.clicked() ? ",1," : ",0,");
      w.write(Integer.toString(i.watchSeconds()));
      w.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + interactionTmp, e);
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
   * @throws IllegalStateException if users or videos were not written
   */
  public void commit(WorldConfig generator) {
    checkOpen();
    if (users < 0 || videos < 0) {
      throw new IllegalStateException("users and videos must be written before commit");
    }
    try {
      if (interactionOut == null) {
        openInteractions();
      }
      interactionOut.close();
      Manifest manifest =
          new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, users, videos, interactions, generator);
      Path manifestTmp = temporary(DatasetFiles.MANIFEST);
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.write(manifestTmp, (mapper.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8));
      // The manifest is renamed last: its presence means the whole dataset is in place.
      for (Path tmp : temporaries) {
        Files.move(tmp, finalName(tmp), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      temporaries.clear();
      committed = true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit dataset in " + dir, e);
    }
  }

  private void openInteractions() throws IOException {
    interactionTmp = temporary(DatasetFiles.INTERACTIONS);
    interactionOut = Files.newBufferedWriter(interactionTmp, StandardCharsets.UTF_8);
    interactionOut.write(DatasetFiles.INTERACTIONS_HEADER);
    interactionOut.write('\n');
  }

  /** Removes any temporary file left by an uncommitted write. */
  @Override
  public void close() {
    try {
      if (interactionOut != null) {
        interactionOut.close();
      }
      for (Path tmp : temporaries) {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean up temporary files in " + dir, e);
    } finally {
      temporaries.clear();
      committed = true;
    }
  }

  private Path temporary(String name) {
    Path tmp = dir.resolve("." + name + ".tmp");
    temporaries.add(tmp);
    return tmp;
  }

  private Path finalName(Path tmp) {
    String n = tmp.getFileName().toString();
    return dir.resolve(n.substring(1, n.length() - ".tmp".length()));
  }

  private void checkOpen() {
    if (committed) {
      throw new IllegalStateException("writer for " + dir + " is already committed or closed");
    }
  }
}

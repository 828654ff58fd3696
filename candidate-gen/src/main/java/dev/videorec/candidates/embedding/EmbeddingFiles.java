package dev.videorec.candidates.embedding;

import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * An {@link EmbeddingModel} as one binary file: user and video factor tables trained elsewhere (for example by a
 * distributed matrix factorisation) that a funnel can load in place of training them.
 *
 * <p>Layout, big-endian: the magic {@code VRMF}, the format version, the dimension, the user count, the video count;
 * then each user as its id and its floats (ascending ids), each video as its id and its floats (ordinal order);
 * last the CRC-32C of everything before it. Loading checks all of it and names the first problem.
 */
public final class EmbeddingFiles {
  /** The first four bytes of every such file. */
  public static final int MAGIC = 0x56524d46; // "VRMF"
  public static final int FORMAT_VERSION = 1;
  /** The largest dimension a file may declare, a guard against reading garbage as a size. */
  public static final int MAX_DIMENSION = 4096;

  /** A file that is not an embedding table, or a damaged one. */
  public static final class EmbeddingFileException extends RuntimeException {
    public EmbeddingFileException(String message) {
      super(message);
    }
  }

  private EmbeddingFiles() {}

  /** Writes {@code model} to {@code file}, replacing it. */
  public static void save(EmbeddingModel model, Path file) throws IOException {
    Objects.requireNonNull(model, "model");
    CRC32C crc = new CRC32C();
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
         DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc))) {
      int dim = model.dimension();
      Map<UserId, float[]> users = new TreeMap<>(java.util.Comparator.comparingInt(UserId::value));
      model.users().forEach(users::put);
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(dim);
      out.writeInt(users.size());
      out.writeInt(model.videoCount());
      for (Map.Entry<UserId, float[]> e : users.entrySet()) {
        out.writeInt(e.getKey().value());
        writeFloats(out, e.getValue());
      }
      VideoEmbeddings videos = model.videoEmbeddings();
      for (int i = 0; i < videos.size(); i++) {
        out.writeInt(videos.id(i).value());
        writeFloats(out, videos.vector(i));
      }
      out.flush();
      // The checksum covers every byte above and is written outside the checked stream.
      long sum = crc.getValue();
      raw.write(new byte[] {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum});
    }
  }

  /**
   * Reads a file {@link #save} wrote.
   *
   * @throws EmbeddingFileException if it is not one, is truncated, or fails its checksum
   */
  public static EmbeddingModel load(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      if (in.readInt() != MAGIC) {
        throw new EmbeddingFileException(file + " is not an embedding table (wrong magic)");
      }
      int version = in.readInt();
      if (version != FORMAT_VERSION) {
        throw new EmbeddingFileException(file + ": format version " + version + ", expected " + FORMAT_VERSION);
      }
      int dim = in.readInt();
      int userCount = in.readInt();
      int videoCount = in.readInt();
      if (dim < 1 || dim > MAX_DIMENSION || userCount < 0 || videoCount < 1) {
        throw new EmbeddingFileException(file + ": implausible header (dimension " + dim + ", " + userCount
            + " users, " + videoCount + " videos)");
      }
      Map<UserId, float[]> users = new HashMap<>(userCount * 2);
      for (int u = 0; u < userCount; u++) {
        UserId id = new UserId(in.readInt());
        if (users.put(id, readFloats(in, dim)) != null) {
          throw new EmbeddingFileException(file + ": user " + id.value() + " appears twice");
        }
      }
      List<VideoId> ids = new ArrayList<>(videoCount);
      Set<VideoId> distinct = new HashSet<>(videoCount * 2);
      float[][] vectors = new float[videoCount][];
      for (int v = 0; v < videoCount; v++) {
        VideoId id = new VideoId(in.readInt());
        if (!distinct.add(id)) {
          throw new EmbeddingFileException(file + ": video " + id.value() + " appears twice");
        }
        ids.add(id);
        vectors[v] = readFloats(in, dim);
      }
      long expected = crc.getValue();
      int b0 = raw.read();
      int b1 = raw.read();
      int b2 = raw.read();
      int b3 = raw.read();
      if ((b0 | b1 | b2 | b3) < 0) {
        throw new EOFException();
      }
      long stored = ((long) b0 << 24) | ((long) b1 << 16) | ((long) b2 << 8) | b3;
      if (stored != expected) {
        throw new EmbeddingFileException(file + " fails its CRC-32C check: the file is damaged");
      }
      if (raw.read() >= 0) {
        throw new EmbeddingFileException(file + " has bytes after its checksum");
      }
      return new EmbeddingModel(users, ids, vectors);
    } catch (EOFException e) {
      throw new EmbeddingFileException(file + " is truncated");
    }
  }

  private static void writeFloats(DataOutputStream out, float[] v) throws IOException {
    for (float f : v) {
      out.writeFloat(f);
    }
  }

  private static float[] readFloats(DataInputStream in, int dim) throws IOException {
    float[] v = new float[dim];
    for (int i = 0; i < dim; i++) {
      v[i] = in.readFloat();
    }
    return v;
  }
}

package dev.videorec.candidates.embedding;

import dev.videorec.core.UserId;
import dev.videorec.core.IdSet;
import dev.videorec.core.io.ChecksummedFile;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
    Map<UserId, float[]> users = new TreeMap<>(java.util.Comparator.comparingInt(UserId::value));
    model.users().forEach(users::put);
    VideoEmbeddings videos = model.videoEmbeddings();
    try (ChecksummedFile.Writer out = ChecksummedFile.Writer.create(file)) {
      out.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(model.dimension()).putInt(users.size())
          .putInt(model.videoCount());
      for (Map.Entry<UserId, float[]> e : users.entrySet()) {
        out.putInt(e.getKey().value()).putFloats(e.getValue());
      }
      for (int i = 0; i < videos.size(); i++) {
        out.putInt(videos.id(i).value()).putFloats(videos.vector(i));
      }
      out.finish();
    }
  }

  /**
   * Reads a file {@link #save} wrote.
   *
   * @throws EmbeddingFileException if it is not one, is truncated, or fails its checksum
   */
  public static EmbeddingModel load(Path file) throws IOException {
    try (ChecksummedFile.Reader in = ChecksummedFile.Reader.open(file)) {
      if (in.getInt() != MAGIC) {
        throw new EmbeddingFileException(file + " is not an embedding table (wrong magic)");
      }
      int version = in.getInt();
      if (version != FORMAT_VERSION) {
        throw new EmbeddingFileException(file + ": format version " + version + ", expected " + FORMAT_VERSION);
      }
      int dim = in.getInt();
      int userCount = in.getInt();
      int videoCount = in.getInt();
      if (dim < 1 || dim > MAX_DIMENSION || userCount < 0 || videoCount < 1) {
        throw new EmbeddingFileException(file + ": implausible header (dimension " + dim + ", " + userCount
            + " users, " + videoCount + " videos)");
      }
      // The length the header promises, checked before anything is allocated for it.
      long expected = HEADER_BYTES + ((long) userCount + videoCount) * (4 + 4L * dim)
          + ChecksummedFile.CHECKSUM_BYTES;
      if (in.length() < expected) {
        throw new EmbeddingFileException(file + " is truncated");
      }
      if (in.length() > expected) {
        throw new EmbeddingFileException(file + " has bytes after its checksum");
      }
      Map<UserId, float[]> users = new HashMap<>(userCount * 2);
      for (int u = 0; u < userCount; u++) {
        UserId id = new UserId(in.getInt());
        if (users.put(id, in.getFloats(dim)) != null) {
          throw new EmbeddingFileException(file + ": user " + id.value() + " appears twice");
        }
      }
      if ((long) videoCount * dim > Integer.MAX_VALUE - 8) {
        throw new EmbeddingFileException(file + ": " + videoCount + " videos of dimension " + dim
            + " are more floats than one table holds");
      }
      int[] videoIds = new int[videoCount];
      float[] vectors = new float[videoCount * dim];
      for (int v = 0; v < videoCount; v++) {
        videoIds[v] = in.getInt();
        in.getFloats(vectors, v * dim, dim);
      }
      try {
        in.finish();
      } catch (ChecksummedFile.ChecksumException e) {
        throw new EmbeddingFileException(file + " fails its CRC-32C check: the file is damaged");
      }
      // The ids only after the checksum passed, so that damage is reported as damage.
      for (int v = 0; v < videoCount; v++) {
        if (videoIds[v] < 0) {
          throw new EmbeddingFileException(file + ": video id " + videoIds[v] + " is negative");
        }
      }
      if (IdSet.of(videoIds, false).size() != videoCount) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int id : videoIds) {
          if (!seen.add(id)) {
            throw new EmbeddingFileException(file + ": video " + id + " appears twice");
          }
        }
      }
      return new EmbeddingModel(users, new VideoEmbeddings(videoIds, vectors, dim));
    } catch (EOFException e) {
      throw new EmbeddingFileException(file + " is truncated");
    }
  }

  /** The header: magic, version, dimension, user count, video count. */
  private static final int HEADER_BYTES = 20;
}

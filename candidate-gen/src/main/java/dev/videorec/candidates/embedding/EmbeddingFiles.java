package dev.videorec.candidates.embedding;

import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import dev.videorec.core.IdSet;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.zip.CRC32C;

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
    int dim = model.dimension();
    Map<UserId, float[]> users = new TreeMap<>(java.util.Comparator.comparingInt(UserId::value));
    model.users().forEach(users::put);
    VideoEmbeddings videos = model.videoEmbeddings();
    CRC32C crc = new CRC32C();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      Chunks chunks = new Chunks(out, crc, 4 + 4 * dim);
      chunks.putInt(MAGIC).putInt(FORMAT_VERSION).putInt(dim).putInt(users.size()).putInt(model.videoCount());
      for (Map.Entry<UserId, float[]> e : users.entrySet()) {
        chunks.putInt(e.getKey().value()).putFloats(e.getValue());
      }
      for (int i = 0; i < videos.size(); i++) {
        chunks.putInt(videos.id(i).value()).putFloats(videos.vector(i));
      }
      chunks.flush();
      // The checksum covers every byte above and is not part of what it covers.
      ByteBuffer sum = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
      while (sum.hasRemaining()) {
        out.write(sum);
      }
    }
  }

  /**
   * Reads a file {@link #save} wrote.
   *
   * @throws EmbeddingFileException if it is not one, is truncated, or fails its checksum
   */
  public static EmbeddingModel load(Path file) throws IOException {
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long length = in.size();
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (header.hasRemaining() && in.read(header) >= 0) {
        // fill
      }
      header.flip();
      if (header.remaining() < 4 || header.getInt() != MAGIC) {
        throw new EmbeddingFileException(file + " is not an embedding table (wrong magic)");
      }
      if (header.remaining() < HEADER_BYTES - 4) {
        throw new EmbeddingFileException(file + " is truncated");
      }
      int version = header.getInt();
      if (version != FORMAT_VERSION) {
        throw new EmbeddingFileException(file + ": format version " + version + ", expected " + FORMAT_VERSION);
      }
      int dim = header.getInt();
      int userCount = header.getInt();
      int videoCount = header.getInt();
      if (dim < 1 || dim > MAX_DIMENSION || userCount < 0 || videoCount < 1) {
        throw new EmbeddingFileException(file + ": implausible header (dimension " + dim + ", " + userCount
            + " users, " + videoCount + " videos)");
      }
      // The length the header promises, checked before anything is allocated for it.
      long expected = HEADER_BYTES + ((long) userCount + videoCount) * (4 + 4L * dim) + 4;
      if (length < expected) {
        throw new EmbeddingFileException(file + " is truncated");
      }
      if (length > expected) {
        throw new EmbeddingFileException(file + " has bytes after its checksum");
      }
      CRC32C crc = new CRC32C();
      crc.update(header.flip());
      Chunks chunks = new Chunks(in, crc, 4 + 4 * dim).readUpTo(length - 4 - HEADER_BYTES);
      Map<UserId, float[]> users = new HashMap<>(userCount * 2);
      for (int u = 0; u < userCount; u++) {
        UserId id = new UserId(chunks.getInt());
        if (users.put(id, chunks.getFloats(dim)) != null) {
          throw new EmbeddingFileException(file + ": user " + id.value() + " appears twice");
        }
      }
      int[] videoIds = new int[videoCount];
      float[][] vectors = new float[videoCount][];
      for (int v = 0; v < videoCount; v++) {
        videoIds[v] = chunks.getInt();
        vectors[v] = chunks.getFloats(dim);
      }
      ByteBuffer sum = ByteBuffer.allocate(4);
      while (sum.hasRemaining() && in.read(sum) >= 0) {
        // fill
      }
      if ((int) crc.getValue() != sum.flip().getInt()) {
        throw new EmbeddingFileException(file + " fails its CRC-32C check: the file is damaged");
      }
      // The ids only after the checksum passed, so that damage is reported as damage.
      List<VideoId> ids = new ArrayList<>(videoCount);
      for (int id : videoIds) {
        if (id < 0) {
          throw new EmbeddingFileException(file + ": video id " + id + " is negative");
        }
        ids.add(new VideoId(id));
      }
      if (IdSet.of(videoIds, false).size() != videoCount) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int id : videoIds) {
          if (!seen.add(id)) {
            throw new EmbeddingFileException(file + ": video " + id + " appears twice");
          }
        }
      }
      return new EmbeddingModel(users, ids, vectors);
    }
  }

  /** The header: magic, version, dimension, user count, video count. */
  private static final int HEADER_BYTES = 20;

  /**
   * A file read or written through one buffer of whole records, checksummed a buffer at a time (the per-byte
   * streams this replaces spent seconds on a million vectors).
   */
  private static final class Chunks {
    private final FileChannel channel;
    private final CRC32C crc;
    private final ByteBuffer buffer;
    private long unread;

    Chunks(FileChannel channel, CRC32C crc, int recordBytes) {
      this.channel = channel;
      this.crc = crc;
      this.buffer = ByteBuffer.allocate(Math.max(1 << 20, 8 * recordBytes));
    }

    /** Prepares to read the next {@code bytes} bytes of the channel, no more. */
    Chunks readUpTo(long bytes) {
      unread = bytes;
      buffer.limit(0);
      return this;
    }

    private void need(int bytes) throws IOException {
      if (buffer.remaining() >= bytes) {
        return;
      }
      buffer.compact();
      int from = buffer.position();
      int room = (int) Math.min(buffer.remaining(), unread);
      buffer.limit(from + room);
      while (buffer.hasRemaining()) {
        if (channel.read(buffer) < 0) {
          throw new EOFException();
        }
      }
      unread -= room;
      crc.update(buffer.array(), from, room);
      buffer.flip();
      if (buffer.remaining() < bytes) {
        throw new EOFException();
      }
    }

    int getInt() throws IOException {
      need(4);
      return buffer.getInt();
    }

    float[] getFloats(int n) throws IOException {
      need(4 * n);
      float[] v = new float[n];
      buffer.asFloatBuffer().get(v);
      buffer.position(buffer.position() + 4 * n);
      return v;
    }

    private void room(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
      }
    }

    Chunks putInt(int v) throws IOException {
      room(4);
      buffer.putInt(v);
      return this;
    }

    Chunks putFloats(float[] v) throws IOException {
      room(4 * v.length);
      buffer.asFloatBuffer().put(v);
      buffer.position(buffer.position() + 4 * v.length);
      return this;
    }

    void flush() throws IOException {
      buffer.flip();
      crc.update(buffer.array(), 0, buffer.limit());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }
  }
}

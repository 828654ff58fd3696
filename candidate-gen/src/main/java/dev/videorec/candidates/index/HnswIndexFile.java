package dev.videorec.candidates.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The binary file of an {@link HnswIndex}, little-endian.
 *
 * <pre>
 * header (76 bytes)
 *   magic "VRHNSWIX" (8) | format version (int) | similarity (int: 0 dot product, 1 cosine)
 *   encoding (int: 0 float32, 1 int8) | dimension | count | M | efConstruction | efSearch (ints) | seed (long)
 *   entry point | max level (ints) | payload bytes (long) | payload CRC32C (long) | header CRC32C (int)
 * payload, by slot (where a node is stored: see HnswGraph)
 *   vectors (count x dimension floats) | levels (count bytes)
 *   layer 0 links (count x (2M + 1) ints) | upper links of each node of level L > 0, in slot order (L x (M + 1) ints)
 *   the ordinal stored at each slot (count ints; from version 2)
 *   int8 only: per-dimension lo and step (2 x dimension floats) | codes (count x dimension bytes)
 * </pre>
 *
 * <p>Version 1 files, written before nodes were stored in walk order, store every node at its ordinal; they are
 * still read, and search as they did.
 *
 * <p>An int8 index is loaded with its float vectors memory-mapped from the file (they are read only to re-score), so
 * its heap holds the links and the codes; a float index is read onto the heap.
 *
 * <p>Writes go to a temporary file in the same folder, are forced to disk, then renamed over the target, so a crash
 * leaves either the old file or the new one. Reads check, in order: the length covers a header, the magic, the
 * version, the header checksum, that the file length equals header plus payload (else truncated or with trailing
 * bytes), the payload checksum, and that every link points inside the index; each failure is an {@link
 * IndexFileException} naming the file and the problem.
 */
final class HnswIndexFile {
  static final byte[] MAGIC = "VRHNSWIX".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 2;
  static final int HEADER_BYTES = 76;
  private static final int BUFFER = 1 << 20;

  private HnswIndexFile() {}

  static void write(HnswIndex index, Path path) {
    Path dir = path.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = dir.resolve(path.getFileName() + ".tmp");
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ch.position(HEADER_BYTES);
        Sink sink = new Sink(ch);
        HnswGraph g = index.graph();
        float[] row = new float[index.dimension()];
        for (int i = 0; i < index.size(); i++) {
          index.rows().copyRow(i, row);
          sink.floats(row);
        }
        sink.bytes(g.levels);
        sink.ints(g.level0);
        for (int[] u : g.upper) {
          if (u != null) {
            sink.ints(u);
          }
        }
        int[] ordinals = new int[index.size()];
        for (int slot = 0; slot < ordinals.length; slot++) {
          ordinals[slot] = g.ordinal(slot);
        }
        sink.ints(ordinals);
        if (index.isQuantized()) {
          sink.floats(index.quantizer().lo());
          sink.floats(index.quantizer().step());
          sink.bytes(index.codesArray());
        }
        sink.flush();
        ByteBuffer h = header(index, sink.written, sink.crc.getValue());
        ch.position(0);
        while (h.hasRemaining()) {
          ch.write(h);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write index " + path + ": " + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // The write already failed; that error is the one to report.
        }
      }
    }
  }

  private static ByteBuffer header(HnswIndex index, long payloadBytes, long payloadCrc) {
    HnswConfig c = index.config();
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put(MAGIC);
    h.putInt(VERSION);
    h.putInt(index.similarity().ordinal());
    h.putInt(index.isQuantized() ? 1 : 0);
    h.putInt(index.dimension());
    h.putInt(index.size());
    h.putInt(c.m());
    h.putInt(c.efConstruction());
    h.putInt(c.efSearch());
    h.putLong(c.seed());
    h.putInt(index.graph().entryPoint);
    h.putInt(index.graph().maxLevel);
    h.putLong(payloadBytes);
    h.putLong(payloadCrc);
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, h.position());
    h.putInt((int) crc.getValue());
    h.flip();
    return h;
  }

  static HnswIndex read(Path path) {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long length = ch.size();
      // 1. Header: length, magic, version, checksum.
      if (length < HEADER_BYTES) {
        throw new IndexFileException(path, "truncated: " + length + " bytes is shorter than the "
            + HEADER_BYTES + "-byte header");
      }
      ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      while (h.hasRemaining() && ch.read(h) >= 0) {
        // fill
      }
      h.flip();
      byte[] magic = new byte[MAGIC.length];
      h.get(magic);
      if (!java.util.Arrays.equals(magic, MAGIC)) {
        throw new IndexFileException(path, "not a videorec HNSW index (bad magic number)");
      }
      int version = h.getInt();
      if (version < 1 || version > VERSION) {
        throw new IndexFileException(path, "unsupported format version " + version + " (this build reads versions 1 "
            + "to " + VERSION + ")");
      }
      CRC32C hc = new CRC32C();
      hc.update(h.array(), 0, HEADER_BYTES - 4);
      if ((int) hc.getValue() != h.getInt(HEADER_BYTES - 4)) {
        throw new IndexFileException(path, "corrupt header (checksum mismatch)");
      }
      int simOrdinal = h.getInt();
      int encoding = h.getInt();
      int dim = h.getInt();
      int size = h.getInt();
      int m = h.getInt();
      int efc = h.getInt();
      int efs = h.getInt();
      long seed = h.getLong();
      int entry = h.getInt();
      int maxLevel = h.getInt();
      long payloadBytes = h.getLong();
      long payloadCrc = h.getLong();
      if (simOrdinal < 0 || simOrdinal >= Similarity.values().length || encoding < 0 || encoding > 1 || dim < 1
          || size < 1 || (long) size * dim > Integer.MAX_VALUE - 8 || entry < 0 || entry >= size || maxLevel < 0) {
        throw new IndexFileException(path, "corrupt header (impossible values: dimension " + dim + ", count "
            + size + ", entry point " + entry + ")");
      }
      HnswConfig config;
      try {
        config = new HnswConfig(m, efc, efs, seed);
      } catch (IllegalArgumentException e) {
        throw new IndexFileException(path, "corrupt header: " + e.getMessage());
      }
      // 2. Length: exactly header plus payload.
      if (length != HEADER_BYTES + payloadBytes) {
        throw new IndexFileException(path, (length < HEADER_BYTES + payloadBytes ? "truncated" : "trailing bytes")
            + ": the header promises " + (HEADER_BYTES + payloadBytes) + " bytes, the file has " + length);
      }
      // 3. Payload, checksummed as it is read.
      Source src = new Source(ch, path);
      // An int8 index re-scores from the file's float vectors through a memory map: here they are only checksummed.
      float[] vectors = encoding == 1 ? null : src.floats(size * dim);
      if (encoding == 1) {
        src.skip(4L * size * dim);
      }
      byte[] levels = src.bytes(size);
      int[] level0 = src.ints(size * (2 * m + 1));
      int[][] upper = new int[size][];
      for (int i = 0; i < size; i++) {
        if (levels[i] < 0 || levels[i] > maxLevel) {
          throw new IndexFileException(path, "corrupt payload (node " + i + " has level " + levels[i] + ")");
        }
        if (levels[i] > 0) {
          upper[i] = src.ints(levels[i] * (m + 1));
        }
      }
      int[] ordinals = version >= 2 ? src.ints(size) : null;
      Int8Quantizer quantizer = null;
      byte[] codes = null;
      if (encoding == 1) {
        quantizer = new Int8Quantizer(src.floats(dim), src.floats(dim));
        codes = src.bytes(size * dim);
      }
      if (src.consumed != payloadBytes) {
        throw new IndexFileException(path, "corrupt header (payload length " + payloadBytes + " does not match its "
            + "contents, " + src.consumed + " bytes)");
      }
      if (src.crc.getValue() != payloadCrc) {
        throw new IndexFileException(path, "corrupt payload (checksum mismatch)");
      }
      // 4. Links point inside the index.
      HnswGraph graph;
      try {
        graph = new HnswGraph(size, m, levels, level0, upper, entry, maxLevel, identity(ordinals) ? null : ordinals);
      } catch (IllegalArgumentException e) {
        throw new IndexFileException(path, "corrupt payload (slot ordinals: " + e.getMessage() + ")");
      }
      checkLinks(graph, path);
      Similarity similarity = Similarity.values()[simOrdinal];
      if (encoding == 1) {
        return new HnswIndex(similarity, config, dim, FloatRows.mapped(ch, HEADER_BYTES, size, dim), graph, quantizer,
            codes);
      }
      return new HnswIndex(similarity, config, dim, vectors, graph, quantizer, codes);
    } catch (NoSuchFileException e) {
      throw new IndexFileException(path, "no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read index " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean identity(int[] ordinals) {
    if (ordinals == null) {
      return true;
    }
    for (int i = 0; i < ordinals.length; i++) {
      if (ordinals[i] != i) {
        return false;
      }
    }
    return true;
  }

  private static void checkLinks(HnswGraph g, Path path) {
    for (int node = 0; node < g.size; node++) {
      for (int level = 0; level <= g.levels[node]; level++) {
        int[] arr = g.links(level, node);
        int off = g.offset(level, node);
        int count = arr[off];
        if (count < 0 || count > (level == 0 ? g.m0 : g.m)) {
          throw new IndexFileException(path, "corrupt links (node " + node + " has " + count + " on layer " + level
              + ")");
        }
        for (int i = 1; i <= count; i++) {
          int nb = arr[off + i];
          if (nb < 0 || nb >= g.size || g.levels[nb] < level) {
            throw new IndexFileException(path, "corrupt links (node " + node + " links to " + nb + " on layer "
                + level + ")");
          }
        }
      }
    }
  }

  /** Buffered little-endian output with a running CRC32C. */
  private static final class Sink {
    final FileChannel ch;
    final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    final CRC32C crc = new CRC32C();
    long written;

    Sink(FileChannel ch) {
      this.ch = ch;
    }

    void floats(float[] a) throws IOException {
      int i = 0;
      while (i < a.length) {
        room(4);
        int n = Math.min(a.length - i, buf.remaining() / 4);
        buf.asFloatBuffer().put(a, i, n);
        buf.position(buf.position() + 4 * n);
        i += n;
      }
    }

    void ints(int[] a) throws IOException {
      int i = 0;
      while (i < a.length) {
        room(4);
        int n = Math.min(a.length - i, buf.remaining() / 4);
        buf.asIntBuffer().put(a, i, n);
        buf.position(buf.position() + 4 * n);
        i += n;
      }
    }

    void bytes(byte[] a) throws IOException {
      int i = 0;
      while (i < a.length) {
        room(1);
        int n = Math.min(a.length - i, buf.remaining());
        buf.put(a, i, n);
        i += n;
      }
    }

    private void room(int bytes) throws IOException {
      if (buf.remaining() < bytes) {
        flush();
      }
    }

    void flush() throws IOException {
      buf.flip();
      crc.update(buf.duplicate());
      written += buf.remaining();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      buf.clear();
    }
  }

  /** Buffered little-endian input with a running CRC32C; running out of bytes is a truncated file. */
  private static final class Source {
    final FileChannel ch;
    final Path path;
    final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    final CRC32C crc = new CRC32C();
    long consumed;

    Source(FileChannel ch, Path path) {
      this.ch = ch;
      this.path = path;
      buf.limit(0);
    }

    float[] floats(int n) throws IOException {
      float[] a = new float[n];
      int i = 0;
      while (i < n) {
        need(4);
        int k = Math.min(n - i, buf.remaining() / 4);
        buf.asFloatBuffer().get(a, i, k);
        advance(4 * k);
        i += k;
      }
      return a;
    }

    int[] ints(int n) throws IOException {
      int[] a = new int[n];
      int i = 0;
      while (i < n) {
        need(4);
        int k = Math.min(n - i, buf.remaining() / 4);
        buf.asIntBuffer().get(a, i, k);
        advance(4 * k);
        i += k;
      }
      return a;
    }

    /** Reads and checksums {@code n} bytes without keeping them. */
    void skip(long n) throws IOException {
      long left = n;
      while (left > 0) {
        need(1);
        int k = (int) Math.min(left, buf.remaining());
        buf.position(buf.position() + k);
        consumed += k;
        left -= k;
      }
    }

    byte[] bytes(int n) throws IOException {
      byte[] a = new byte[n];
      int i = 0;
      while (i < n) {
        need(1);
        int k = Math.min(n - i, buf.remaining());
        buf.get(a, i, k);
        consumed += k;
        i += k;
      }
      return a;
    }

    private void advance(int bytes) {
      buf.position(buf.position() + bytes);
      consumed += bytes;
    }

    private void need(int bytes) throws IOException {
      if (buf.remaining() >= bytes) {
        return;
      }
      buf.compact();
      int before = buf.position();
      while (buf.position() < bytes) {
        if (ch.read(buf) < 0) {
          throw new IndexFileException(path, "truncated payload");
        }
      }
      while (buf.hasRemaining() && ch.read(buf) > 0) {
        // fill the buffer
      }
      ByteBuffer fresh = buf.duplicate();
      fresh.flip();
      fresh.position(before);
      crc.update(fresh);
      buf.flip();
    }
  }
}

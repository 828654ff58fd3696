package dev.videorec.core.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A binary file read or written front to back through one buffer, ending with the CRC-32C of everything before it
 * (big-endian, as {@link java.io.DataOutputStream} writes). The checksum is updated a buffer at a time: the
 * per-byte checked streams of {@code java.util.zip} cost seconds on a file of a million vectors.
 *
 * <p>A {@link Writer} writes the checksum when it is {@linkplain Writer#finish finished}; a {@link Reader} checks
 * it in {@link Reader#finish}, which also refuses bytes after it. Neither is thread-safe.
 */
public final class ChecksummedFile {
  /** The trailing checksum's size. */
  public static final int CHECKSUM_BYTES = 4;
  private static final int BUFFER_BYTES = 1 << 20;
  /** Runs of floats up to this length are read one by one rather than through a view buffer. */
  private static final int SHORT_RUN = 256;

  private ChecksummedFile() {}

  /** Thrown by {@link Reader#finish} when the file's checksum does not match its content. */
  public static final class ChecksumException extends IOException {
    private static final long serialVersionUID = 1L;

    ChecksumException(String message) {
      super(message);
    }
  }

  /** Writes a file front to back; {@link #finish} appends the checksum. */
  public static final class Writer implements Closeable {
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);

    private Writer(FileChannel channel) {
      this.channel = channel;
    }

    /** Creates or truncates {@code file}. */
    public static Writer create(Path file) throws IOException {
      return new Writer(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING));
    }

    private void room(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
      }
    }

    public Writer putByte(int v) throws IOException {
      room(1);
      buffer.put((byte) v);
      return this;
    }

    public Writer putInt(int v) throws IOException {
      room(4);
      buffer.putInt(v);
      return this;
    }

    public Writer putLong(long v) throws IOException {
      room(8);
      buffer.putLong(v);
      return this;
    }

    public Writer putDouble(double v) throws IOException {
      room(8);
      buffer.putDouble(v);
      return this;
    }

    /** The floats of {@code v}, without their count. */
    public Writer putFloats(float[] v) throws IOException {
      int at = 0;
      while (at < v.length) {
        room(4);
        int n = Math.min(v.length - at, buffer.remaining() / 4);
        buffer.asFloatBuffer().put(v, at, n);
        buffer.position(buffer.position() + 4 * n);
        at += n;
      }
      return this;
    }

    /** A string as its UTF-8 byte count and bytes. */
    public Writer putString(String s) throws IOException {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      putInt(bytes.length);
      int at = 0;
      while (at < bytes.length) {
        room(1);
        int n = Math.min(bytes.length - at, buffer.remaining());
        buffer.put(bytes, at, n);
        at += n;
      }
      return this;
    }

    private void flush() throws IOException {
      buffer.flip();
      crc.update(buffer.array(), 0, buffer.limit());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    /** Writes what is buffered and the checksum, and forces the file to disk. */
    public void finish() throws IOException {
      flush();
      buffer.putInt((int) crc.getValue()).flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
      channel.force(true);
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Reads a file a {@link Writer} wrote; {@link #finish} checks the checksum. */
  public static final class Reader implements Closeable {
    private final FileChannel channel;
    private final CRC32C crc = new CRC32C();
    // Direct: a file channel reads into it without the copy through a temporary direct buffer that a heap buffer
    // takes (a model's load reads several hundred megabytes through these readers).
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
    private final long length;
    /** Bytes of content (checksum excluded) not yet loaded into the buffer. */
    private long unread;

    private Reader(FileChannel channel) throws IOException {
      this.channel = channel;
      this.length = channel.size();
      this.unread = Math.max(0, length - CHECKSUM_BYTES);
      buffer.limit(0);
    }

    /** Opens {@code file}; a file too short for a checksum reads as truncated. */
    public static Reader open(Path file) throws IOException {
      return new Reader(FileChannel.open(file, StandardOpenOption.READ));
    }

    /** The file's length, checksum included. */
    public long length() {
      return length;
    }

    /** Bytes of content not yet read. */
    public long remaining() {
      return unread + buffer.remaining();
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
      crc.update(buffer.duplicate().position(from));
      buffer.flip();
      if (buffer.remaining() < bytes) {
        throw new EOFException();
      }
    }

    public int getByte() throws IOException {
      need(1);
      return buffer.get();
    }

    public int getInt() throws IOException {
      need(4);
      return buffer.getInt();
    }

    public long getLong() throws IOException {
      need(8);
      return buffer.getLong();
    }

    public double getDouble() throws IOException {
      need(8);
      return buffer.getDouble();
    }

    /** {@code n} floats. */
    public float[] getFloats(int n) throws IOException {
      float[] v = new float[n];
      getFloats(v, 0, n);
      return v;
    }

    /** {@code n} floats into {@code dst} from {@code offset}. */
    public void getFloats(float[] dst, int offset, int n) throws IOException {
      if (n <= SHORT_RUN && buffer.remaining() >= 4 * n) {
        // A row of a table (an embedding): a view buffer per call costs more than the copy itself.
        for (int i = 0; i < n; i++) {
          dst[offset + i] = buffer.getFloat();
        }
        return;
      }
      int at = 0;
      while (at < n) {
        need(4);
        int k = Math.min(n - at, buffer.remaining() / 4);
        buffer.asFloatBuffer().get(dst, offset + at, k);
        buffer.position(buffer.position() + 4 * k);
        at += k;
      }
    }

    /**
     * A string {@link Writer#putString} wrote.
     *
     * @param maxBytes the longest string the caller accepts, a guard against reading garbage as a length
     */
    public String getString(int maxBytes) throws IOException {
      int n = getInt();
      if (n < 0 || n > maxBytes) {
        throw new IOException("implausible string length " + n + " (at most " + maxBytes + ")");
      }
      byte[] bytes = new byte[n];
      int at = 0;
      while (at < n) {
        need(1);
        int k = Math.min(n - at, buffer.remaining());
        buffer.get(bytes, at, k);
        at += k;
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Checks that the content has been read to its end and that the checksum matches it.
     *
     * @throws ChecksumException if bytes remain before the checksum, or the checksum differs
     */
    public void finish() throws IOException {
      if (remaining() > 0) {
        throw new ChecksumException(remaining() + " bytes after the content");
      }
      if (length < CHECKSUM_BYTES) {
        throw new EOFException();
      }
      ByteBuffer sum = ByteBuffer.allocate(CHECKSUM_BYTES);
      while (sum.hasRemaining() && channel.read(sum) >= 0) {
        // fill
      }
      if (sum.hasRemaining()) {
        throw new EOFException();
      }
      if ((int) crc.getValue() != sum.flip().getInt()) {
        throw new ChecksumException("CRC-32C mismatch: the file is damaged");
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}

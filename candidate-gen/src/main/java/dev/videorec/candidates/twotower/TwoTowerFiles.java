package dev.videorec.candidates.twotower;

import dev.videorec.core.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.core.Catalog;
import dev.videorec.core.CreatorId;
import dev.videorec.core.VideoId;
import dev.videorec.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

/**
 * A trained two-tower model on disk: a directory holding {@value #METADATA_FILE} (format, configuration,
 * vocabularies, normaliser statistics, the weights' shapes and checksum) and {@value #WEIGHTS_FILE} (every table and
 * layer as big-endian floats, in a fixed order). No ND4J is needed to load it: the saved model is the exported one.
 *
 * <p>Writes are atomic (a temporary directory renamed into place). Loading checks the format, the shapes and the
 * checksum, and that the catalogue it is given has no topic the model never saw.
 */
public final class TwoTowerFiles {
  public static final String METADATA_FILE = "two-tower.json";
  public static final String WEIGHTS_FILE = "two-tower.weights";
  public static final String FORMAT = "videorec-two-tower";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = Json.mapper();

  /**
   * The metadata of a saved model.
   *
   * @param format            always {@value #FORMAT}
   * @param formatVersion     the layout of both files
   * @param config            the training configuration, seed included
   * @param topicCount        topics of the topic-mix inputs
   * @param videoVocabulary   video ids in embedding-row order (the out-of-vocabulary row follows)
   * @param creatorVocabulary creator ids in row order
   * @param regions           region codes in one-hot order
   * @param statistics        log-duration mean and deviation, log-age mean and deviation
   * @param layerShapes       {@code [in, out]} of the user hidden, user output, video hidden, video output layers
   * @param weightsCrc32c     CRC-32C of the weights file
   */
  public record Metadata(String format, int formatVersion, TwoTowerConfig config, int topicCount,
                         List<Integer> videoVocabulary, List<Integer> creatorVocabulary, List<String> regions,
                         double[] statistics, List<int[]> layerShapes, long weightsCrc32c) {}

  private TwoTowerFiles() {}

  /**
   * Saves {@code model} to {@code dir}, replacing what is there.
   *
   * @throws UncheckedIOException if it cannot be written
   */
  public static void save(TwoTowerModel model, Path dir) {
    Objects.requireNonNull(model, "model");
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        writeTable(out, model.videoTable());
        writeTable(out, model.creatorTable());
        for (DenseLayer l : model.layers()) {
          writeArray(out, l.weights());
          writeArray(out, l.bias());
        }
      }
      byte[] weights = bytes.toByteArray();
      CRC32C crc = new CRC32C();
      crc.update(weights);
      TwoTowerFeatures f = model.features();
      List<int[]> shapes = new ArrayList<>();
      for (DenseLayer l : model.layers()) {
        shapes.add(new int[] {l.inputs(), l.outputs()});
      }
      Metadata m = new Metadata(FORMAT, FORMAT_VERSION, model.config(), f.topicCount,
          f.videoVocabulary().stream().map(VideoId::value).toList(),
          f.creatorVocabulary().stream().map(CreatorId::value).toList(), f.regions(),
          new double[] {f.logDurationMean, f.logDurationStd, f.logAgeMean, f.logAgeStd}, shapes, crc.getValue());
      AtomicFiles.writeDirectory(dir, FORMAT, tmp -> {
        Files.write(tmp.resolve(WEIGHTS_FILE), weights);
        MAPPER.writeValue(tmp.resolve(METADATA_FILE).toFile(), m);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the two-tower model to " + dir, e);
    }
  }

  /**
   * Loads a saved model over {@code catalog} (the videos whose topics the user tower reads).
   *
   * @throws IllegalArgumentException if the directory holds no model of this format, the weights are corrupt or
   *                                  truncated, or the catalogue has topics the model never saw
   * @throws UncheckedIOException     if a file cannot be read
   */
  public static TwoTowerModel load(Path dir, Catalog catalog) {
    Objects.requireNonNull(catalog, "catalog");
    Metadata m;
    try {
      m = MAPPER.readValue(dir.resolve(METADATA_FILE).toFile(), Metadata.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(dir + " holds no saved two-tower model (" + METADATA_FILE + " is missing)",
          e);
    } catch (IOException e) {
      throw new IllegalArgumentException(dir.resolve(METADATA_FILE) + ": not a two-tower model's metadata: "
          + e.getMessage(), e);
    }
    if (!FORMAT.equals(m.format()) || m.formatVersion() != FORMAT_VERSION) {
      throw new IllegalArgumentException(dir + ": format " + m.format() + " v" + m.formatVersion() + ", expected "
          + FORMAT + " v" + FORMAT_VERSION);
    }
    byte[] weights;
    try {
      weights = Files.readAllBytes(dir.resolve(WEIGHTS_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(WEIGHTS_FILE), e);
    }
    CRC32C crc = new CRC32C();
    crc.update(weights);
    if (crc.getValue() != m.weightsCrc32c()) {
      throw new IllegalArgumentException(dir.resolve(WEIGHTS_FILE) + ": checksum mismatch (corrupt or replaced)");
    }
    TwoTowerFeatures f = TwoTowerFeatures.restore(catalog, m.config().historyLength(), m.topicCount(),
        m.videoVocabulary().stream().map(VideoId::new).toList(),
        m.creatorVocabulary().stream().map(CreatorId::new).toList(), m.regions(), m.statistics());
    // Read in bulk from the bytes in memory (big-endian, as DataOutputStream wrote them): the same floats as a
    // float-at-a-time stream, without a few million calls through it while the server starts.
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(weights);
    try {
      float[][] videos = readTable(in);
      float[][] creators = readTable(in);
      DenseLayer[] layers = new DenseLayer[4];
      for (int k = 0; k < 4; k++) {
        int[] shape = m.layerShapes().get(k);
        layers[k] = new DenseLayer(readArray(in), readArray(in), shape[0], shape[1], k % 2 == 0);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(dir.resolve(WEIGHTS_FILE) + ": trailing bytes after the last layer");
      }
      return new TwoTowerModel(m.config(), f, videos, creators, layers[0], layers[1], layers[2], layers[3]);
    } catch (java.nio.BufferUnderflowException e) {
      throw new IllegalArgumentException(dir.resolve(WEIGHTS_FILE) + ": truncated", e);
    }
  }

  private static void writeTable(DataOutputStream out, float[][] table) throws IOException {
    out.writeInt(table.length);
    out.writeInt(table[0].length);
    for (float[] row : table) {
      for (float v : row) {
        out.writeFloat(v);
      }
    }
  }

  private static float[][] readTable(java.nio.ByteBuffer in) {
    int rows = in.getInt();
    int cols = in.getInt();
    if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("bad table shape " + rows + " x " + cols);
    }
    float[][] t = new float[rows][cols];
    for (float[] row : t) {
      floats(in, row);
    }
    return t;
  }

  /** Fills {@code out} from {@code in}'s next floats and moves past them. */
  private static void floats(java.nio.ByteBuffer in, float[] out) {
    if (in.remaining() < 4L * out.length) {
      throw new java.nio.BufferUnderflowException();
    }
    in.asFloatBuffer().get(out);
    in.position(in.position() + 4 * out.length);
  }

  private static void writeArray(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float v : a) {
      out.writeFloat(v);
    }
  }

  private static float[] readArray(java.nio.ByteBuffer in) {
    int n = in.getInt();
    if (n < 0) {
      throw new IllegalArgumentException("bad array length " + n);
    }
    if (in.remaining() < 4L * n) {
      throw new java.nio.BufferUnderflowException();
    }
    float[] a = new float[n];
    floats(in, a);
    return a;
  }
}

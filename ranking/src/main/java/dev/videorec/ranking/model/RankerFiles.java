package dev.videorec.ranking.model;

import dev.videorec.core.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.core.CreatorId;
import dev.videorec.core.Interaction;
import dev.videorec.core.io.AtomicFiles;
import dev.videorec.core.User;
import dev.videorec.core.VideoId;
import dev.videorec.ranking.ValueModel;
import dev.videorec.ranking.features.CategoricalIds;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.Normalizer;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.features.UserDevices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * A trained ranker on disk: a directory holding the network ({@value #NETWORK_FILE}, DL4J's format), its export
 * for serving ({@value #EXPORT_FILE}: loading it needs no numeric backend; the graph is then read only if asked
 * for, to continue training or to check the export against it) and a
 * metadata file ({@value #METADATA_FILE}) with everything needed to use it correctly: the feature spec it was
 * trained on, the normaliser's statistics, the categorical vocabularies, the training configuration and seed, a
 * fingerprint of the training data, training metrics and the format version.
 *
 * <p>Writes are atomic: the directory is written under a temporary name and renamed into place, so a crash never
 * leaves a half-written model where a reader would find it. Loading checks the format and that the feature spec
 * matches what this build computes: a model trained on other features would silently score nonsense.
 */
public final class RankerFiles {
  public static final String NETWORK_FILE = "network.zip";
  /** The network's serving path in plain Java ({@link ExportedNetwork}); older directories lack it. */
  public static final String EXPORT_FILE = "network.bin";
  public static final String METADATA_FILE = "ranker.json";
  public static final String FORMAT = "videorec-ranker";
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = Json.mapper();

  /**
   * The metadata of a saved ranker.
   *
   * @param format          always {@value #FORMAT}
   * @param formatVersion   the layout of this file
   * @param featureSpec     the numeric features' version and names, then the categorical inputs' names
   * @param normalizerMean  per-feature means fitted on the training examples
   * @param normalizerStd   per-feature standard deviations
   * @param videoVocabulary video ids with an embedding bucket of their own
   * @param creatorVocabulary creator ids with a bucket of their own
   * @param topics          topics with an embedding row
   * @param config          the training configuration (seed included)
   * @param watchExponent   the value model's exponent
   * @param dataFingerprint SHA-256 of the training log
   * @param metrics         training figures (examples, clicks, seconds, ...)
   */
  public record Metadata(String format, int formatVersion, FeatureSpecRecord featureSpec, float[] normalizerMean,
                         float[] normalizerStd, List<Integer> videoVocabulary, List<Integer> creatorVocabulary,
                         int topics, MultiTaskConfig config, double watchExponent, String dataFingerprint,
                         Map<String, Double> metrics) {}

  /** A feature spec as stored: what a model was trained on. */
  public record FeatureSpecRecord(int version, List<String> numeric, List<String> categorical) {
    static FeatureSpecRecord current() {
      return new FeatureSpecRecord(FeatureSpec.VERSION, FeatureSpec.NAMES, CategoricalIds.NAMES);
    }
  }

  private RankerFiles() {}

  /** SHA-256 over every interaction of a log: which data a model was trained on. */
  public static String fingerprint(List<Interaction> log) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer b = ByteBuffer.allocate(29);
      for (Interaction i : log) {
        b.clear();
        b.putInt(i.user().value()).putInt(i.video().value()).putLong(i.timestamp()).putInt(i.position())
            .put((byte) (i.clicked() ? 1 : 0)).putInt(i.watchSeconds()).putInt(i.feedback().ordinal());
        sha.update(b.array(), 0, b.position());
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  static void save(NeuralRanker ranker, ComputationGraph network, ExportedNetwork exported, Normalizer normalizer,
                   CategoricalIds vocabulary,
                   MultiTaskConfig config, String fingerprint, Map<String, Double> metrics, Path dir) {
    Objects.requireNonNull(dir, "dir");
    Metadata m = new Metadata(FORMAT, FORMAT_VERSION, FeatureSpecRecord.current(), normalizer.mean(),
        normalizer.std(), vocabulary.videos().stream().map(VideoId::value).toList(),
        vocabulary.creators().stream().map(CreatorId::value).toList(), vocabulary.topics(), config,
        ranker.valueModel().watchExponent(), fingerprint, metrics);
    try {
      AtomicFiles.writeDirectory(dir, FORMAT, tmp -> {
        synchronized (network) {
          ModelSerializer.writeModel(network, tmp.resolve(NETWORK_FILE).toFile(), false);
        }
        exported.write(tmp.resolve(EXPORT_FILE));
        MAPPER.writeValue(tmp.resolve(METADATA_FILE).toFile(), m);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the ranker to " + dir, e);
    }
  }

  /**
   * Loads a saved ranker.
   *
   * @param features a frozen store over the same catalogue, holding the log the ranker should read features from
   * @param users    every known user's profile (their device is the context of logged impressions)
   * @throws IllegalArgumentException if the directory is not a saved ranker of this format, or its feature spec
   *                                  differs from the one this build computes
   * @throws UncheckedIOException     if a file cannot be read
   */
  public static NeuralRanker load(Path dir, PointInTimeFeatures features, List<User> users) {
    Objects.requireNonNull(features, "features");
    return read(dir).bind(features, users);
  }

  /**
   * A saved ranker read from disk but not yet bound to the feature store and the users it scores with. Reading is
   * the slow part of loading (the network, and the numeric backend's start the first time) and needs no dataset,
   * so a caller can run it while the dataset is still being read, then {@link #bind} it.
   */
  public static final class Saved {
    private final Metadata metadata;
    private final Supplier<ComputationGraph> network;
    private final ExportedNetwork exported;
    /** Built with the rest of the read, which needs no dataset, rather than in {@link #bind}, which waits for it. */
    private final CategoricalIds vocabulary;

    private Saved(Metadata metadata, Supplier<ComputationGraph> network, ExportedNetwork exported) {
      this.metadata = metadata;
      this.network = network;
      this.exported = exported;
      this.vocabulary = CategoricalIds.of(metadata.videoVocabulary().stream().map(VideoId::new).toList(),
          metadata.creatorVocabulary().stream().map(CreatorId::new).toList(), metadata.topics());
    }

    /** The ranker, reading features from {@code features} (a frozen store over the same catalogue). */
    public NeuralRanker bind(PointInTimeFeatures features, List<User> users) {
      Objects.requireNonNull(features, "features");
      Metadata m = metadata;
      return new NeuralRanker(network, exported, Normalizer.of(m.normalizerMean(), m.normalizerStd()), vocabulary,
          features, UserDevices.of(users), m.config(), new ValueModel(m.watchExponent()), m.dataFingerprint(),
          m.metrics());
    }
  }

  /**
   * Reads a saved ranker, to {@link Saved#bind} later. With its export ({@value #EXPORT_FILE}) the DL4J graph is
   * read on first use only; without (a directory from before the export), at once.
   *
   * @throws IllegalArgumentException as {@link #load}
   * @throws UncheckedIOException     if a file cannot be read
   */
  public static Saved read(Path dir) {
    Metadata m;
    try {
      m = MAPPER.readValue(dir.resolve(METADATA_FILE).toFile(), Metadata.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new IllegalArgumentException(dir + " holds no saved ranker (" + METADATA_FILE + " is missing)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(dir.resolve(METADATA_FILE) + ": not a ranker's metadata: "
          + e.getMessage(), e);
    }
    if (!FORMAT.equals(m.format()) || m.formatVersion() != FORMAT_VERSION) {
      throw new IllegalArgumentException(dir + ": format " + m.format() + " v" + m.formatVersion() + ", expected "
          + FORMAT + " v" + FORMAT_VERSION);
    }
    FeatureSpecRecord expected = FeatureSpecRecord.current();
    if (!expected.equals(m.featureSpec())) {
      throw new IllegalArgumentException(dir + ": the ranker was trained on feature spec v" + m.featureSpec().version()
          + " " + m.featureSpec().numeric() + " + " + m.featureSpec().categorical() + ", but this build computes v"
          + expected.version() + " " + expected.numeric() + " + " + expected.categorical() + "; retrain it");
    }
    Path export = dir.resolve(EXPORT_FILE);
    if (!Files.exists(export)) {
      ComputationGraph network = readGraph(dir);
      return new Saved(m, () -> network, new ExportedNetwork(network, m.config()));
    }
    ExportedNetwork exported;
    try {
      exported = ExportedNetwork.read(export, m.config());
    } catch (IOException e) {
      throw new IllegalArgumentException(export + " is not the export of a ranker this metadata describes ("
          + e.getMessage() + ")", e);
    }
    return new Saved(m, new OnFirstUse(dir), exported);
  }

  /** The graph of {@code dir}, read once, by the first thread that asks. */
  private static final class OnFirstUse implements Supplier<ComputationGraph> {
    private final Path dir;
    /** The graph file's size and modification time when the export was read; null if it was missing then. */
    private final String stamp;
    private ComputationGraph graph;

    OnFirstUse(Path dir) {
      this.dir = dir;
      this.stamp = stamp(dir.resolve(NETWORK_FILE));
    }

    @Override
    public synchronized ComputationGraph get() {
      if (graph == null) {
        // A directory replaced since (a model trained again under the same name) holds another network.
        String now = stamp(dir.resolve(NETWORK_FILE));
        if (stamp != null && !stamp.equals(now)) {
          throw new IllegalStateException(dir.resolve(NETWORK_FILE) + " changed after the ranker was loaded from "
              + dir + "; load the model again");
        }
        graph = readGraph(dir);
      }
      return graph;
    }

    private static String stamp(Path file) {
      try {
        return Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis();
      } catch (IOException e) {
        return null;
      }
    }
  }

  private static ComputationGraph readGraph(Path dir) {
    try {
      return ModelSerializer.restoreComputationGraph(dir.resolve(NETWORK_FILE).toFile(), false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(NETWORK_FILE), e);
    } catch (RuntimeException e) {
      // DL4J's own words ("Model wasnt found within file") do not say which file.
      throw new IllegalArgumentException(dir.resolve(NETWORK_FILE) + " is not a ranker network this metadata "
          + "describes (" + e.getMessage() + ")", e);
    }
  }

  /** Reads only the metadata of a saved ranker. */
  public static Metadata metadata(Path dir) {
    try {
      return MAPPER.readValue(dir.resolve(METADATA_FILE).toFile(), Metadata.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(METADATA_FILE), e);
    }
  }
}

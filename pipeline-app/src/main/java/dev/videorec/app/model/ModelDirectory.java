package dev.videorec.app.model;

import dev.videorec.core.json.Json;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.Parallel;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.candidates.embedding.EmbeddingFiles;
import dev.videorec.candidates.embedding.EmbeddingModel;
import dev.videorec.candidates.embedding.ImplicitAlsConfig;
import dev.videorec.candidates.embedding.ImplicitAlsTrainer;
import dev.videorec.candidates.embedding.VideoEmbeddings;
import dev.videorec.candidates.index.HnswIndex;
import dev.videorec.candidates.index.Similarity;
import dev.videorec.candidates.index.VectorIndex;
import dev.videorec.candidates.source.CandidateMixerConfig;
import dev.videorec.candidates.twotower.TwoTowerFiles;
import dev.videorec.candidates.twotower.TwoTowerModel;
import dev.videorec.core.io.AtomicFiles;
import dev.videorec.data.Dataset;
import dev.videorec.data.DatasetReader;
import dev.videorec.data.DatasetSnapshot;
import dev.videorec.data.ReadOptions;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.movielens.MovieLensOptions;
import dev.videorec.data.movielens.MovieLensReader;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.NeuralRanker;
import dev.videorec.ranking.model.RankerFiles;
import dev.videorec.reranking.config.RerankConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import dev.videorec.candidates.cf.EaseConfig;
import dev.videorec.candidates.cf.ItemKnnConfig;
import dev.videorec.ranking.trees.BoostedTrees;
import dev.videorec.data.log.IdMapping;
import dev.videorec.data.log.InteractionLogReader;
import dev.videorec.data.log.LogColumns;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A model directory: everything {@code videorec train} produces and {@code recommend}, {@code serve},
 * {@code evaluate} and {@code simulate} load.
 *
 * <pre>
 *   MODELDIR/
 *     model.json          what was trained, on which data (path, split, fingerprint of the training log), seed
 *     mixer.json          the candidate mixer the funnel runs
 *     rerank.json         the re-ranking chain
 *     two-tower/          the two-tower model ({@link TwoTowerFiles})
 *     ranker/             the deep multi-task ranker ({@link RankerFiles})
 *     video-vectors.bin   the two-tower vectors of every video uploaded by the end of training ({@link EmbeddingFiles},
 *                         no users), so that loading need not run the video tower over the catalogue again
 *     video-index.hnsw    the HNSW graph over the video vectors, for catalogues of
 *                         {@value FunnelBuilder#HNSW_THRESHOLD} videos or more (smaller ones are scanned exactly)
 *     mf-factors.bin      optional: user and video factors trained elsewhere ({@link EmbeddingFiles}), which the
 *                         {@value FunnelBuilder#MF_SOURCE} source then serves instead of factors trained on load
 *     dataset.bin         the dataset as parsed at training ({@link DatasetSnapshot}), with the size and modification
 *                         time its files had; absent for a log, whose ids need the log's own mappings
 * </pre>
 *
 * <p>{@code model.json} records where the dataset was and the SHA-256 fingerprint of the training log, and loading
 * re-reads it, re-derives the same temporal split and refuses data whose training log differs (the catalogue, the
 * histories and the counts of the candidate sources all come from it). While the dataset's directory still holds
 * the files {@code dataset.bin} was taken of, loading reads that binary copy instead of parsing the text again
 * (seconds at a million videos), and the copy's checksum stands for the fingerprint; a changed directory, or
 * {@code --data} pointing elsewhere, is read as text and its training log fingerprinted again. The whole
 * directory is written under a temporary name and renamed into place, so a crash never leaves a half-written
 * model where a reader would find it, and a previous model under the same name stays until the new one is
 * complete.
 */
public final class ModelDirectory {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ModelDirectory.class);
  public static final String METADATA_FILE = "model.json";
  public static final String MIXER_FILE = "mixer.json";
  public static final String RERANK_FILE = "rerank.json";
  public static final String TWO_TOWER_DIR = "two-tower";
  public static final String RANKER_DIR = "ranker";
  public static final String INDEX_FILE = "video-index.hnsw";
  /** The video tower's output as of the end of training; directories written before it existed compute it. */
  public static final String VIDEO_VECTORS_FILE = "video-vectors.bin";
  /** The dataset as parsed at training, see {@link DatasetSnapshot}. */
  public static final String DATASET_FILE = "dataset.bin";
  /** The stacked ranker's trees, when the funnel ranks with them. */
  public static final String TREES_FILE = "ranker-trees.json";
  /** Factors trained outside the funnel's trainer, see {@link #withFactors}. */
  public static final String MF_FACTORS_FILE = "mf-factors.bin";
  public static final String FORMAT = "videorec-model";
  /**
   * Version 2 adds the SHA-256 of every file; version 3 their CRC32C too, which loading checks (a tenth of the
   * time at a million videos) while {@link #check} checks the SHA-256. A version 2 directory loads checked by its
   * SHA-256, a version 1 directory unchecked.
   */
  public static final int FORMAT_VERSION = 3;
  /** The SHA-256 of {@value #METADATA_FILE}, which lists the checksums of every other file. */
  public static final String METADATA_CHECKSUM_FILE = "model.json.sha256";

  private static final ObjectMapper MAPPER = Json.mapper();

  /**
   * Where the training data came from and how it was split.
   *
   * @param kind              {@value #VIDEOREC} (a videorec dataset directory), {@value #MOVIELENS} or {@value #LOG}
   * @param path              the dataset directory or log file, absolute
   * @param positiveThreshold for ratings, the rating counted as a positive; else 0
   * @param columns           for a log, its {@code --columns} mapping; else null
   * @param since             for a videorec dataset trained on its latest days only ({@code train --since}), the
   *                          first second of the log read (epoch seconds); null for the whole log
   */
  public record DataSource(String kind, String path, double positiveThreshold, String columns, Long since) {
    public static final String VIDEOREC = "videorec";
    public static final String MOVIELENS = "movielens";
    public static final String LOG = "log";

    public DataSource {
      if (!VIDEOREC.equals(kind) && !MOVIELENS.equals(kind) && !LOG.equals(kind)) {
        throw new IllegalArgumentException("data kind must be " + VIDEOREC + ", " + MOVIELENS + " or " + LOG
            + ", got " + kind);
      }
      Objects.requireNonNull(path, "path");
      if (LOG.equals(kind) && columns == null) {
        throw new IllegalArgumentException("a log needs its columns");
      }
      if (since != null && !VIDEOREC.equals(kind)) {
        throw new IllegalArgumentException("only a videorec dataset is read from a first second, not " + kind);
      }
    }

    /** A source that reads the whole log. */
    public DataSource(String kind, String path, double positiveThreshold, String columns) {
      this(kind, path, positiveThreshold, columns, null);
    }

    /** Reads the log with its id mappings, when this source is a log ({@code dir} overrides the path). */
    InteractionLogReader.Log readLog(Path file) {
      Path p = file != null ? file : Path.of(path);
      if (!Files.isRegularFile(p)) {
        throw new ModelDirectoryException("the log " + p + " does not exist" + (file == null
            ? " (it is where the model was trained from; give its new place with --data)" : ""));
      }
      return InteractionLogReader.read(p, LogColumns.parse(columns), positiveThreshold, false);
    }

    /** Reads the dataset from {@code dir} (this source's own path when {@code dir} is null). */
    Dataset read(Path dir) {
      if (LOG.equals(kind)) {
        return readLog(dir).dataset();
      }
      Path p = dir != null ? dir : Path.of(path);
      if (!Files.isDirectory(p)) {
        throw new ModelDirectoryException("the dataset directory " + p + " does not exist"
            + (dir == null ? " (it is where the model was trained from; give its new place with --data)" : ""));
      }
      return VIDEOREC.equals(kind)
          ? DatasetReader.read(p, new ReadOptions(false, since == null ? ReadOptions.WHOLE_LOG : since))
          : MovieLensReader.read(p, new MovieLensOptions(positiveThreshold, false));
    }
  }

  /**
   * The contents of {@value #METADATA_FILE}.
   *
   * @param format             always {@value #FORMAT}
   * @param formatVersion      {@value #FORMAT_VERSION} for this code
   * @param data               the training data
   * @param trainFraction      the share of the log's time span that trained the models
   * @param validationFraction where the validation window ends, as a share of the time span
   * @param trainEnd           the first second not trained on (epoch seconds)
   * @param validationEnd      the first second of the test window
   * @param trainingLog        SHA-256 fingerprint of the training log
   * @param seed               seed of every trained component
   * @param videos             videos in the catalogue
   * @param hnswIndex          whether {@value #INDEX_FILE} holds the video index
   * @param mfSeconds          wall seconds to train the MF baseline
   * @param twoTowerSeconds    wall seconds to train the two-tower model and build the index
   * @param rankerSeconds      wall seconds to train the ranker
   * @param collaborative      the item-based models' hyper-parameters and the stacked ranker's sources, or null
   * @param tuning             what the validation search measured and chose, or null when it did not run
   * @param checksums          the SHA-256 of every other file of the directory, by its path inside it ('/'
   *                           separated); null in a version 1 directory, which had none
   * @param factors            where {@value #MF_FACTORS_FILE} came from, or null when the directory has none
   * @param crc32c             the CRC32C of the same files, in hexadecimal; null before version 3
   */
  public record Metadata(String format, int formatVersion, DataSource data, double trainFraction,
                         double validationFraction, long trainEnd, long validationEnd, String trainingLog, long seed,
                         int videos, boolean hnswIndex, double mfSeconds, double twoTowerSeconds,
                         double rankerSeconds, Collaborative collaborative, Map<String, Object> tuning,
                         Map<String, String> checksums, Factors factors, Map<String, String> crc32c) {}

  /**
   * The provenance of factors trained outside the funnel's trainer ({@value #MF_FACTORS_FILE}).
   *
   * @param trainer        what trained them (for example "spark-mllib-als")
   * @param rank           latent dimension
   * @param regularisation L2 regularisation
   * @param alpha          confidence per click
   * @param iterations     sweeps
   * @param seed           the trainer's seed
   * @param chosen         how the hyper-parameters were chosen (given, or the validation figure they won on)
   * @param replaced       the candidate source whose place in the mixer the factors took
   */
  public record Factors(String trainer, int rank, double regularisation, double alpha, int iterations, long seed,
                        String chosen, String replaced) {
    public Factors {
      Objects.requireNonNull(trainer, "trainer");
      Objects.requireNonNull(replaced, "replaced");
      if (rank < 1 || iterations < 1 || !(regularisation >= 0) || !(alpha > 0)) {
        throw new IllegalArgumentException("implausible factor settings: rank " + rank + ", regularisation "
            + regularisation + ", alpha " + alpha + ", iterations " + iterations);
      }
    }
  }

  /**
   * The item-based collaborative models, re-trained on load from the recorded log (deterministic, seconds), and
   * the sources the stacked ranker reads.
   *
   * @param easeLambda      EASE's λ, or 0 when EASE is not part of the model
   * @param easeMinSupport  EASE's minimum support
   * @param knnNeighbours   item-kNN's k, or 0 when it is not part
   * @param knnShrinkage    item-kNN's shrinkage
   * @param stackSources    the stacked ranker's sources (its trees are in {@value #TREES_FILE}); empty without it
   * @param rankBy          without trees, the source whose order ranks the funnel, or null for the deep ranker
   */
  public record Collaborative(double easeLambda, int easeMinSupport, int knnNeighbours, double knnShrinkage,
                              List<String> stackSources, String rankBy) {
    static Collaborative of(FunnelBuilder.Collaborative c) {
      return new Collaborative(c.ease() == null ? 0 : c.ease().lambda(),
          c.ease() == null ? 1 : c.ease().minSupport(), c.itemKnn() == null ? 0 : c.itemKnn().neighbours(),
          c.itemKnn() == null ? 0 : c.itemKnn().shrinkage(), c.stackSources(), c.rankBy());
    }

    FunnelBuilder.Collaborative toBuilder(BoostedTrees trees) {
      return new FunnelBuilder.Collaborative(
          easeLambda > 0 ? new EaseConfig(easeLambda, easeMinSupport, EaseConfig.DEFAULT_MAX_ITEMS) : null,
          knnNeighbours > 0 ? new ItemKnnConfig(knnNeighbours, knnShrinkage, ItemKnnConfig.DEFAULT_MIN_SUPPORT)
              : null, trees, trees == null ? List.of() : stackSources, trees == null ? rankBy : null);
    }
  }

  /**
   * A loaded model directory.
   *
   * @param metadata what {@value #METADATA_FILE} says
   * @param dataset  the dataset the models were trained on
   * @param split    the same temporal split as at training
   * @param builder  the builder with the saved mixer and re-ranking chain
   * @param trained  the assembled funnel
   * @param users    a log's own user ids, or null where ids are the numbers the data gave
   * @param items    a log's own item ids, or null likewise
   */
  public record Loaded(Metadata metadata, Dataset dataset, TemporalSplit split, FunnelBuilder builder,
                       FunnelBuilder.Trained trained, IdMapping users, IdMapping items) {
    /** The user's id as the data spells it. */
    public String userId(dev.videorec.core.UserId user) {
      return users == null ? Integer.toString(user.value()) : users.id(user.value());
    }

    /** The video's id as the data spells it. */
    public String videoId(dev.videorec.core.VideoId video) {
      return items == null ? Integer.toString(video.value()) : items.id(video.value());
    }

    /** The ids the API speaks: a log's own, or the data's numbers. */
    public dev.videorec.app.model.ExternalIds externalIds() {
      if (users == null) {
        return dev.videorec.app.model.ExternalIds.NUMERIC;
      }
      return new dev.videorec.app.model.ExternalIds() {
        @Override
        public dev.videorec.core.UserId user(String id) {
          // An id the log does not have is a user without history: the first ordinal past the known ones.
          ExternalIds.checkLength(id);
          return users.ordinal(id).map(dev.videorec.core.UserId::new)
              .orElseGet(() -> new dev.videorec.core.UserId(users.size()));
        }

        @Override
        public Object user(dev.videorec.core.UserId user) {
          return user.value() < users.size() ? users.id(user.value()) : "(unknown)";
        }

        @Override
        public Object video(dev.videorec.core.VideoId video) {
          return items.id(video.value());
        }
      };
    }

    /** The user the data calls {@code id}, or empty for an id it does not know (a cold start). */
    public java.util.Optional<dev.videorec.core.UserId> user(String id) {
      if (users != null) {
        return users.ordinal(id).map(dev.videorec.core.UserId::new);
      }
      if (!id.matches("[0-9]{1,10}")) {
        return java.util.Optional.empty();
      }
      long v = Long.parseLong(id);
      return v > Integer.MAX_VALUE ? java.util.Optional.empty()
          : java.util.Optional.of(new dev.videorec.core.UserId((int) v));
    }
  }

  private ModelDirectory() {}

  /**
   * Checks, before any training, that a model can be written at {@code dir}: nothing is there, or an empty
   * directory, or a model directory videorec wrote (one written before directories carried a marker is recognised
   * by its {@value #METADATA_FILE} and adopted); and the parent is writable.
   *
   * @throws ModelDirectoryException naming what is in the way
   */
  public static void checkWritable(Path dir) {
    try {
      if (Files.isDirectory(dir) && AtomicFiles.kindOf(dir) == null && Files.isRegularFile(dir.resolve(
          METADATA_FILE))) {
        try {
          metadata(dir);
          AtomicFiles.mark(dir, FORMAT);
        } catch (ModelDirectoryException e) {
          // Not ours after all: the check below refuses it.
        }
      }
      AtomicFiles.checkReplaceable(dir, FORMAT);
    } catch (AtomicFiles.ForeignDirectoryException e) {
      throw new ModelDirectoryException(e.getMessage());
    } catch (IOException e) {
      throw new ModelDirectoryException("cannot write a model to " + dir + ": " + e.getMessage());
    }
  }

  /**
   * Writes {@code trained} to {@code dir}, replacing whatever is there only once the new model is complete.
   *
   * @param mixerJson  the mixer configuration the funnel was built with, as JSON
   * @param rerankJson the re-ranking chain, as JSON
   * @return leftovers of earlier writes that were killed, removed
   */
  public static List<Path> save(Path dir, FunnelBuilder.Trained trained, DataSource data, TemporalSplit split,
                          double trainFraction, double validationFraction, long seed, String mixerJson,
                          String rerankJson) {
    return save(dir, trained, data, split, trainFraction, validationFraction, seed, mixerJson, rerankJson,
        FunnelBuilder.Collaborative.NONE, null, null);
  }

  /**
   * The dataset a model was trained on, as parsed, with the stamps its files had before they were read: what
   * {@value #DATASET_FILE} holds.
   */
  public record DatasetCopy(Dataset dataset, List<DatasetSnapshot.FileStamp> stamps) {
    public DatasetCopy {
      Objects.requireNonNull(dataset, "dataset");
      stamps = List.copyOf(stamps);
    }
  }

  /**
   * As above, with the collaborative models' settings and the validation search's report.
   *
   * @param tuning the validation search's report, or null
   * @param copy   the dataset to keep in binary beside the models, or null for none
   * @return leftovers of earlier writes that were killed, removed
   */
  public static List<Path> save(Path dir, FunnelBuilder.Trained trained, DataSource data, TemporalSplit split,
                          double trainFraction, double validationFraction, long seed, String mixerJson,
                          String rerankJson, FunnelBuilder.Collaborative cf, Map<String, Object> tuning,
                          DatasetCopy copy) {
    FunnelBuilder.Models m = trained.models();
    boolean hnsw = trained.videoIndex() instanceof HnswIndex;
    checkWritable(dir);
    try {
      return AtomicFiles.writeDirectory(dir, FORMAT, tmp -> {
        TwoTowerFiles.save(m.twoTower(), tmp.resolve(TWO_TOWER_DIR));
        m.ranker().save(tmp.resolve(RANKER_DIR));
        if (hnsw) {
          ((HnswIndex) trained.videoIndex()).save(tmp.resolve(INDEX_FILE));
        }
        VideoEmbeddings videos = trained.videoVectors();
        List<dev.videorec.core.VideoId> ids = new java.util.ArrayList<>(videos.size());
        for (int i = 0; i < videos.size(); i++) {
          ids.add(videos.id(i));
        }
        EmbeddingFiles.save(new EmbeddingModel(Map.of(), ids, videos.vectors()), tmp.resolve(VIDEO_VECTORS_FILE));
        if (cf.stack() != null) {
          MAPPER.writeValue(tmp.resolve(TREES_FILE).toFile(), cf.stack());
        }
        if (copy != null && !DataSource.LOG.equals(data.kind())) {
          DatasetSnapshot.write(copy.dataset(), copy.stamps(), tmp.resolve(DATASET_FILE));
        }
        Files.writeString(tmp.resolve(MIXER_FILE), mixerJson, StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve(RERANK_FILE), rerankJson, StandardCharsets.UTF_8);
        // The metadata last, with every other file's checksum: a directory without it was never completed.
        Metadata meta = new Metadata(FORMAT, FORMAT_VERSION, data, trainFraction, validationFraction,
            split.trainEnd(), split.validationEnd(), RankerFiles.fingerprint(split.train()), seed,
            trained.catalog().size(), hnsw, m.mfSeconds(), m.twoTowerSeconds(), m.rankerSeconds(),
            Collaborative.of(cf), tuning, checksums(tmp), null, crcs(tmp));
        MAPPER.writeValue(tmp.resolve(METADATA_FILE).toFile(), meta);
        Files.writeString(tmp.resolve(METADATA_CHECKSUM_FILE), sha256(tmp.resolve(METADATA_FILE)) + "\n",
            StandardCharsets.UTF_8);
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model directory " + dir, e);
    }
  }

  /** The SHA-256 of every file under {@code dir} but the marker and the metadata, by '/'-separated path. */
  static Map<String, String> checksums(Path dir) throws IOException {
    return sums(dir, ModelDirectory::sha256);
  }

  /** The same files' CRC32C. */
  static Map<String, String> crcs(Path dir) throws IOException {
    return sums(dir, ModelDirectory::crc32c);
  }

  private interface FileSum {
    String of(Path file) throws IOException;
  }

  private static Map<String, String> sums(Path dir, FileSum sum) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String name = dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
        if (!name.equals(AtomicFiles.MARKER) && !name.equals(METADATA_FILE)
            && !name.equals(METADATA_CHECKSUM_FILE)) {
          out.put(name, sum.of(p));
        }
      }
    }
    return out;
  }

  /** A file's CRC32C, read in large direct buffers (the checksum runs in the CPU's CRC instructions). */
  static String crc32c(Path file) throws IOException {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(1 << 20);
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      while (ch.read(buffer.clear()) > 0) {
        crc.update(buffer.flip());
      }
    }
    return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
  }

  /**
   * The SHA-256 of the model's metadata file: what identifies one trained model, for jobs that must check every
   * machine loads the same one.
   *
   * @throws ModelDirectoryException if {@code dir} holds no model metadata
   */
  public static String metadataChecksum(Path dir) {
    Path file = dir.resolve(METADATA_FILE);
    if (!Files.isRegularFile(file)) {
      throw new ModelDirectoryException(dir + " is not a model directory (no " + METADATA_FILE + ")");
    }
    try {
      return sha256(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + file, e);
    }
  }

  static String sha256(Path file) throws IOException {
    java.security.MessageDigest digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Checks every file {@code meta} lists against its checksum: its SHA-256 if {@code fully}, else its CRC32C where
   * the directory records them (detecting any accidental damage, at a tenth of the cost).
   *
   * @throws ModelDirectoryException naming the first file that is missing or differs
   */
  static void verify(Path dir, Metadata meta, boolean fully) {
    boolean crc = !fully && meta.crc32c() != null;
    Map<String, String> sums = crc ? meta.crc32c() : meta.checksums();
    if (sums == null) {
      return;
    }
    for (Map.Entry<String, String> e : sums.entrySet()) {
      Path file = dir.resolve(e.getKey());
      try {
        LOG.debug("checking {} against its {} {}", file, crc ? "CRC32C" : "SHA-256", e.getValue());
        if (!(crc ? crc32c(file) : sha256(file)).equals(e.getValue())) {
          throw new ModelDirectoryException(file + " does not match its checksum in " + METADATA_FILE
              + ": the file changed after training; retrain with 'videorec train'");
        }
      } catch (NoSuchFileException ex) {
        throw new ModelDirectoryException(file + " is missing from the model directory; retrain with 'videorec "
            + "train'");
      } catch (IOException ex) {
        throw new ModelDirectoryException("cannot read " + file + ": " + ex.getMessage());
      }
    }
  }

  /**
   * Checks, before any training, that {@link #withFactors} can write a copy of {@code source} to {@code target}
   * with factors in the place of the source {@code replaced}.
   *
   * @return the metadata of {@code source}
   * @throws ModelDirectoryException naming what is in the way
   */
  public static Metadata checkFactorsCanReplace(Path source, Path target, String replaced) {
    Metadata meta = check(source);
    if (meta.checksums() == null) {
      throw new ModelDirectoryException(source + " is a version 1 model directory; retrain with 'videorec train'");
    }
    if (source.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
      throw new ModelDirectoryException("the new model must go to another directory than " + source);
    }
    CandidateMixerConfig mixer = CandidateMixerConfig.load(source.resolve(MIXER_FILE));
    if (!mixer.names().contains(replaced)) {
      throw new ModelDirectoryException("the mixer of " + source + " has no '" + replaced + "' source to "
          + "replace; it runs " + mixer.names());
    }
    if (mixer.names().contains(FunnelBuilder.MF_SOURCE)) {
      throw new ModelDirectoryException("the mixer of " + source + " already runs '" + FunnelBuilder.MF_SOURCE
          + "'");
    }
    if (meta.collaborative() != null && meta.collaborative().stackSources().contains(replaced)) {
      throw new ModelDirectoryException("the funnel of " + source + " ranks with trees over its sources' scores, '"
          + replaced + "' among them: other factors cannot take that source's place without retraining the "
          + "trees");
    }
    checkWritable(target);
    return meta;
  }

  /**
   * Writes a copy of the model at {@code source} to {@code target} whose {@value FunnelBuilder#MF_SOURCE} source
   * serves {@code factors} (trained elsewhere, on the same training split) and takes the mixer place, quota and
   * budget of the source {@code factors.replaced()} names. Everything else (the two-tower model, which still
   * serves item-to-item candidates and re-ranking's similarity, the ranker, the re-ranking chain) is copied as it
   * is, and the metadata records where the factors came from.
   *
   * @throws ModelDirectoryException if {@code source} is not an intact model, its mixer has no such source or
   *                                 already runs {@value FunnelBuilder#MF_SOURCE}, or {@code target} cannot be
   *                                 written
   */
  public static void withFactors(Path source, Path target, EmbeddingModel factors, Factors info) {
    Objects.requireNonNull(factors, "factors");
    Objects.requireNonNull(info, "info");
    Metadata meta = checkFactorsCanReplace(source, target, info.replaced());
    CandidateMixerConfig mixer = CandidateMixerConfig.load(source.resolve(MIXER_FILE));
    List<Map<String, Object>> specs = new java.util.ArrayList<>();
    for (CandidateMixerConfig.SourceSpec s : mixer.sources()) {
      Map<String, Object> spec = new java.util.LinkedHashMap<>();
      spec.put("name", s.name().equals(info.replaced()) ? FunnelBuilder.MF_SOURCE : s.name());
      spec.put("quota", s.quota());
      spec.put("budgetMillis", s.budgetMillis());
      specs.add(spec);
    }
    Map<String, Object> mixerDoc = new java.util.LinkedHashMap<>();
    mixerDoc.put("maxCandidates", mixer.maxCandidates());
    mixerDoc.put("sources", specs);
    checkWritable(target);
    try {
      String mixerJson = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(mixerDoc) + "\n";
      CandidateMixerConfig.parse(mixerJson);
      AtomicFiles.writeDirectory(target, FORMAT, tmp -> {
        for (String name : meta.checksums().keySet()) {
          Path to = tmp.resolve(name);
          Files.createDirectories(to.getParent());
          if (name.equals(MIXER_FILE)) {
            Files.writeString(to, mixerJson, StandardCharsets.UTF_8);
          } else if (!name.equals(MF_FACTORS_FILE)) {
            Files.copy(source.resolve(name), to);
          }
        }
        EmbeddingFiles.save(factors, tmp.resolve(MF_FACTORS_FILE));
        Metadata copy = new Metadata(meta.format(), FORMAT_VERSION, meta.data(), meta.trainFraction(),
            meta.validationFraction(), meta.trainEnd(), meta.validationEnd(), meta.trainingLog(), meta.seed(),
            meta.videos(), meta.hnswIndex(), 0, meta.twoTowerSeconds(), meta.rankerSeconds(),
            meta.collaborative(), meta.tuning(), checksums(tmp), info, crcs(tmp));
        MAPPER.writeValue(tmp.resolve(METADATA_FILE).toFile(), copy);
        Files.writeString(tmp.resolve(METADATA_CHECKSUM_FILE), sha256(tmp.resolve(METADATA_FILE)) + "\n",
            StandardCharsets.UTF_8);
      });
    } catch (IOException e) {
      throw new ModelDirectoryException("cannot write the model directory " + target + ": " + e.getMessage());
    }
  }

  /** A dataset as read for loading, with a log's id mappings (null for other sources). */
  private record DataRead(Dataset dataset, IdMapping users, IdMapping items) {
    static DataRead of(DataSource source, Path override, Path snapshot) {
      if (snapshot != null) {
        try {
          return new DataRead(DatasetSnapshot.read(snapshot), null, null);
        } catch (DatasetSnapshot.SnapshotException e) {
          // The directory's checksums name a damaged copy first; this is a copy changed in between.
          throw new ModelDirectoryException(e.getMessage() + "; retrain with 'videorec train'");
        }
      }
      if (DataSource.LOG.equals(source.kind())) {
        InteractionLogReader.Log log = source.readLog(override);
        return new DataRead(log.dataset(), log.users(), log.items());
      }
      return new DataRead(source.read(override), null, null);
    }

    /**
     * The model's binary copy of the dataset, when it may stand in for reading the dataset: the data are read from
     * where they were at training and that directory still holds the files the copy was taken of. Else null.
     */
    static Path snapshot(Path dir, DataSource source, Path override) {
      Path file = dir.resolve(DATASET_FILE);
      Path recorded = Path.of(source.path()).toAbsolutePath().normalize();
      if (DataSource.LOG.equals(source.kind()) || (override != null
          && !override.toAbsolutePath().normalize().equals(recorded))) {
        return null;
      }
      return DatasetSnapshot.matches(file, recorded) ? file : null;
    }
  }

  /** Reads {@value #VIDEO_VECTORS_FILE}; {@link #checkVideoVectors} then holds it to the catalogue. */
  private static VideoEmbeddings readVideoVectors(Path file) {
    try {
      return EmbeddingFiles.load(file).videoEmbeddings();
    } catch (IOException | EmbeddingFiles.EmbeddingFileException e) {
      throw new ModelDirectoryException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Checks that {@code videos}, read from {@code file}, are exactly the videos of the catalogue uploaded by
   * {@code trainEnd}, in catalogue order (the order the video tower embedded them in at training).
   */
  private static VideoEmbeddings checkVideoVectors(VideoEmbeddings videos, Path file, Dataset dataset,
                                                   long trainEnd) {
    int ordinal = 0;
    for (dev.videorec.core.Video v : dataset.catalog().videos()) {
      if (v.uploadTime() <= trainEnd) {
        if (ordinal >= videos.size() || videos.idValue(ordinal) != v.id().value()) {
          throw new ModelDirectoryException(file + " does not match the catalogue: video " + v.id().value()
              + " was uploaded by the end of training but is not at ordinal " + ordinal);
        }
        ordinal++;
      }
    }
    if (ordinal != videos.size()) {
      throw new ModelDirectoryException(file + " holds " + videos.size() + " videos, the catalogue " + ordinal
          + " uploaded by the end of training");
    }
    return videos;
  }

  /** Reads {@value #MF_FACTORS_FILE}, checking it names only videos of the catalogue. */
  private static EmbeddingModel loadFactors(Path file, Dataset dataset) {
    EmbeddingModel mf;
    try {
      mf = EmbeddingFiles.load(file);
    } catch (EmbeddingFiles.EmbeddingFileException e) {
      throw new ModelDirectoryException(e.getMessage());
    } catch (IOException e) {
      throw new ModelDirectoryException("cannot read " + file + ": " + e.getMessage());
    }
    for (int i = 0; i < mf.videoCount(); i++) {
      if (dataset.catalog().find(mf.video(i)).isEmpty()) {
        throw new ModelDirectoryException(file + " has a vector for video " + mf.video(i).value()
            + ", which is not in the catalogue");
      }
    }
    return mf;
  }

  /**
   * Checks a model directory without loading it: its metadata, and every file against its checksum.
   *
   * @throws ModelDirectoryException naming the first problem
   */
  public static Metadata check(Path dir) {
    Metadata meta = metadata(dir);
    verify(dir, meta, true);
    return meta;
  }

  /** Reads only {@value #METADATA_FILE}, checked against {@value #METADATA_CHECKSUM_FILE} from version 2. */
  public static Metadata metadata(Path dir) {
    Path file = dir.resolve(METADATA_FILE);
    Path sum = dir.resolve(METADATA_CHECKSUM_FILE);
    if (Files.isRegularFile(file) && Files.exists(sum)) {
      try {
        if (!Files.readString(sum, StandardCharsets.UTF_8).equals(sha256(file) + "\n")) {
          throw new ModelDirectoryException(file + " does not match its checksum in " + METADATA_CHECKSUM_FILE
              + ": it changed after training; retrain with 'videorec train'");
        }
      } catch (IOException e) {
        throw new ModelDirectoryException("cannot read " + sum + ": " + e.getMessage());
      }
    }
    Metadata m;
    try {
      m = Json.configMapper().readValue(file.toFile(), Metadata.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ModelDirectoryException(dir + " is not a model directory (" + METADATA_FILE
          + " is missing; 'videorec train --model " + dir + "' writes one)");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new ModelDirectoryException(file + " is not a model's metadata: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ModelDirectoryException("cannot read " + file + ": " + e.getMessage());
    }
    if (!FORMAT.equals(m.format()) || m.formatVersion() < 1 || m.formatVersion() > FORMAT_VERSION) {
      throw new ModelDirectoryException(dir + ": format " + m.format() + " v" + m.formatVersion() + ", expected " + FORMAT
          + " v" + FORMAT_VERSION + "; retrain with 'videorec train'");
    }
    if (m.formatVersion() >= 2 && (m.checksums() == null || !Files.exists(dir.resolve(METADATA_CHECKSUM_FILE)))) {
      throw new ModelDirectoryException(dir.resolve(METADATA_CHECKSUM_FILE) + " is missing: " + METADATA_FILE
          + " cannot be checked; retrain with 'videorec train'");
    }
    if (m.formatVersion() >= 3 && (m.crc32c() == null || !m.crc32c().keySet().equals(m.checksums().keySet()))) {
      throw new ModelDirectoryException(file + " does not list the CRC32C of the files it lists the SHA-256 of; "
          + "retrain with 'videorec train'");
    }
    return m;
  }

  /**
   * Loads a model directory and assembles its funnel.
   *
   * @param dataOverride  where the dataset is now, or {@code null} for the path recorded at training
   * @param withMfBaseline whether to train the MF retrieval baseline too (evaluation compares against it; serving
   *                      does not need it)
   * @param offline       whether the funnel serves an offline job (evaluation, simulation): the candidate sources'
   *                      time budgets are then lifted, so that results do not depend on how busy the machine is
   * @param executor      runs the candidate sources
   * @throws ModelDirectoryException if the directory is not a model, or the dataset is missing or differs from the one the
   *                        model was trained on
   */
  public static Loaded load(Path dir, Path dataOverride, boolean withMfBaseline, boolean offline,
                            ExecutorService executor, Consumer<String> progress) {
    return load(dir, dataOverride, withMfBaseline, offline, true, executor, progress);
  }

  /**
   * As above; {@code warmUp} false leaves the funnel cold, for a caller that warms it up through its own request
   * path before anyone waits on it (a server in dynamic mode), so that start-up does not warm up twice.
   */
  public static Loaded load(Path dir, Path dataOverride, boolean withMfBaseline, boolean offline, boolean warmUp,
                            ExecutorService executor, Consumer<String> progress) {
    long started = System.nanoTime();
    Metadata meta = metadata(dir);
    // The steps that do not depend on each other run side by side (on two threads at least, so that reading files
    // overlaps computing): the dataset, the index file, the ranker's network and the video vectors are read while
    // the checksums are computed; then the vectors are checked against the catalogue, the ranker's features
    // replayed and the item-based models fitted. A step's failure reaches the caller unchanged.
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    try (Parallel.Group steps = new Parallel.Group("model-load", threads)) {
      // The files are read while the checksums are computed; nothing read is used, and nothing is printed, until
      // every checksum matched, so a damaged directory is still one line naming the damaged file.
      long t0 = System.nanoTime();
      Path snapshot = DataRead.snapshot(dir, meta.data(), dataOverride);
      Future<DataRead> dataStep = steps.fork(() -> DataRead.of(meta.data(), dataOverride, snapshot));
      Future<HnswIndex> indexFile = meta.hnswIndex()
          ? steps.fork(() -> HnswIndex.load(dir.resolve(INDEX_FILE))) : null;
      Future<RankerFiles.Saved> rankerFile = steps.fork(
          () -> RankerFiles.read(dir.resolve(RANKER_DIR)));
      Path vectorsFile = dir.resolve(VIDEO_VECTORS_FILE);
      Future<VideoEmbeddings> vectorsRead = Files.isRegularFile(vectorsFile)
          ? steps.fork(() -> readVideoVectors(vectorsFile)) : null;
      verify(dir, meta, false);
      progress.accept("reading the dataset " + (dataOverride != null ? dataOverride : meta.data().path())
          + (meta.data().since() != null ? ", its log from " + java.time.Instant.ofEpochSecond(meta.data().since())
              : "")
          + (snapshot != null ? " (from its copy " + DATASET_FILE + ": the files are unchanged since training)" : ""));
      DataRead read = Parallel.Group.join(dataStep);
      Dataset dataset = read.dataset();
      IdMapping userIds = read.users();
      IdMapping itemIds = read.items();
      TemporalSplit split = TemporalSplit.atFractions(dataset.interactions(), meta.trainFraction(),
          meta.validationFraction());
      // Read from the directory's own copy, whose checksum has just matched, the training log is the one trained on
      // by construction: hashing it again (a quarter of a second at a million videos) would prove nothing more.
      boolean proven = snapshot != null && (meta.crc32c() != null || meta.checksums() != null);
      if (split.trainEnd() != meta.trainEnd()
          || !proven && !RankerFiles.fingerprint(split.train()).equals(meta.trainingLog())) {
        throw new ModelDirectoryException("the dataset at " + (dataOverride != null ? dataOverride
            : meta.data().path()) + " is not the one the model in " + dir + " was trained on (its training log "
            + "differs); retrain, or point --data at the original");
      }
      double datasetSeconds = (System.nanoTime() - t0) / 1e9;
      LOG.info("model {}: format {}, {} files match their checksums", dir, meta.formatVersion(),
          meta.checksums() == null ? 0 : meta.checksums().size());
      CandidateMixerConfig mixer = CandidateMixerConfig.load(dir.resolve(MIXER_FILE));
      if (offline) {
        mixer = mixer.withoutBudgets();
      }
      BoostedTrees trees = null;
      if (meta.collaborative() != null && !meta.collaborative().stackSources().isEmpty()) {
        try {
          trees = MAPPER.readValue(dir.resolve(TREES_FILE).toFile(), BoostedTrees.class);
        } catch (IOException e) {
          throw new ModelDirectoryException(dir.resolve(TREES_FILE) + " is not a readable ranker: "
              + e.getMessage());
        }
      }
      FunnelBuilder.Collaborative cf = meta.collaborative() == null ? FunnelBuilder.Collaborative.NONE
          : meta.collaborative().toBuilder(trees);
      FunnelBuilder builder = new FunnelBuilder(mixer,
          RerankConfig.load(dir.resolve(RERANK_FILE)), meta.seed(), cf);

      progress.accept("loading the two-tower model, the video index and the ranker");
      long t1 = System.nanoTime();
      Future<TwoTowerModel> twoTowerStep = steps.fork(
          () -> TwoTowerFiles.load(dir.resolve(TWO_TOWER_DIR), dataset.catalog()));
      Future<VideoEmbeddings> videosStep = vectorsRead != null
          ? steps.fork(() -> checkVideoVectors(Parallel.Group.join(vectorsRead), vectorsFile, dataset, meta.trainEnd()))
          : steps.fork(() -> Parallel.Group.join(twoTowerStep)
              .videoEmbeddings(dataset.catalog().videos(), meta.trainEnd()));
      Future<NeuralRanker> rankerStep = steps.fork(() -> {
        PointInTimeFeatures store = new PointInTimeFeatures(dataset.catalog(),
            PointInTimeFeatures.topicCount(dataset.catalog()));
        store.replay(split.train(), null);
        return Parallel.Group.join(rankerFile).bind(store.freeze(), dataset.users());
      });
      boolean trainMf = meta.factors() == null
          && (withMfBaseline || mixer.names().contains(FunnelBuilder.MF_SOURCE));
      Future<EmbeddingModel> mfStep = null;
      long[] mfNanos = new long[1];
      if (meta.factors() != null) {
        progress.accept("loading the " + meta.factors().trainer() + " factors");
        mfStep = steps.fork(() -> loadFactors(dir.resolve(MF_FACTORS_FILE), dataset));
      } else if (trainMf) {
        progress.accept("training the MF baseline");
        mfStep = steps.fork(() -> {
          long t = System.nanoTime();
          EmbeddingModel trained = new ImplicitAlsTrainer(ImplicitAlsConfig.defaults(meta.seed()))
              .train(split.train(), dataset.catalog());
          mfNanos[0] = System.nanoTime() - t;
          return trained;
        });
      }
      dev.videorec.candidates.cf.ItemItemModel[] cfModels = builder.trainCollaborative(split.train(), progress);
      TwoTowerModel twoTower = Parallel.Group.join(twoTowerStep);
      VideoEmbeddings videos = Parallel.Group.join(videosStep);
      VectorIndex index = indexFile == null ? null : Parallel.Group.join(indexFile)
          .requireShape(dir.resolve(INDEX_FILE), videos.dimension(), Similarity.COSINE);
      NeuralRanker ranker = Parallel.Group.join(rankerStep);
      EmbeddingModel mf = mfStep == null ? null : Parallel.Group.join(mfStep);
      double mfSeconds = mfNanos[0] / 1e9;
      double modelSeconds = (System.nanoTime() - t1) / 1e9;
      FunnelBuilder.Models models = new FunnelBuilder.Models(mf, twoTower, index, ranker, mfSeconds, 0, 0,
          cfModels[0], cfModels[1]);
      progress.accept("assembling the funnel");
      long t2 = System.nanoTime();
      FunnelBuilder.Trained trained = builder.assemble(models, videos, split.train(), split.trainEnd(),
          dataset.catalog(), dataset.users(), dataset.subscriptions(), executor, progress, warmUp);
      progress.accept(String.format(java.util.Locale.ROOT, "loaded in %.1f s: dataset and checksums %.1f s, "
              + "models %.1f s, funnel%s %.1f s", (System.nanoTime() - started) / 1e9, datasetSeconds,
          modelSeconds, warmUp ? " and warm-up" : "", (System.nanoTime() - t2) / 1e9));
      LOG.info("model {} loaded in {} ms: {} videos, {} users, {} training interactions", dir,
          (System.nanoTime() - started) / 1_000_000, dataset.catalog().size(), dataset.users().size(),
          split.train().size());
      return new Loaded(meta, dataset, split, builder, trained, userIds, itemIds);
    }
  }
}

package dev.videorec.batch;

import dev.videorec.app.evaluation.BatchRecommendations;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.app.serving.Serving;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

/**
 * The static-serving precompute as a Spark job: users partitioned across executors, the whole funnel run for each
 * (through {@link BatchRecommendations.Lister}, the code of {@code recommend --all-users}), top-k lists out.
 *
 * <p>The model is broadcast as its location and the checksum of its metadata; each executor JVM loads it once
 * (loading builds the funnel, its indexes and the users' histories, none of which Spark can serialise) and keeps
 * it for every task it runs. On a cluster, the model directory and its dataset must be readable at the same path
 * on every worker (a shared or replicated filesystem).
 */
public final class RecommendJob {
  private RecommendJob() {}

  /** Where a model lives; what every executor receives. */
  record ModelRef(String dir, String data, boolean mf, String checksum) implements Serializable {}

  /** The output: the user's id as the data spells it, the video's, and the rank (1 best). */
  public static StructType schema() {
    return DataTypes.createStructType(List.of(
        DataTypes.createStructField("uid", DataTypes.IntegerType, false),
        DataTypes.createStructField("user", DataTypes.StringType, false),
        DataTypes.createStructField("item", DataTypes.StringType, false),
        DataTypes.createStructField("rank", DataTypes.IntegerType, false)));
  }

  /** Lists stayed short and lists topped up from a fallback, over all executors. */
  public record Counts(LongAccumulator shortLists, LongAccumulator topped) implements Serializable {}

  /**
   * The lists of {@code users}, ordered by user (as {@code recommend --all-users}) and rank; {@code uid} is the
   * internal user id, for ordering.
   */
  public static Dataset<Row> lists(SparkSession spark, Path model, Path data, ModelDirectory.Loaded loaded,
                                   List<UserId> users, int k, String source, int partitions, Counts counts) {
    ModelRef at = ref(model, data, source);
    Models.put(at, loaded);
    Broadcast<ModelRef> ref = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(at);
    List<Integer> ids = new ArrayList<>(users.size());
    users.forEach(u -> ids.add(u.value()));
    Dataset<Integer> byUser = spark.createDataset(ids, Encoders.INT()).repartition(Math.max(1, partitions));
    // Ranged by user alone, so each user's list sits whole in one output file, in user and rank order. The range
    // partitioner samples its input in a job of its own before the shuffle reads it: kept, the lists are computed
    // once (the funnel ran twice, and the counts doubled, without it).
    return byUser.mapPartitions(new Lists(ref, k, source, counts), Encoders.row(schema()))
        .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK())
        .repartitionByRange(Math.max(1, partitions), org.apache.spark.sql.functions.col("uid"))
        .sortWithinPartitions("uid", "rank");
  }

  /** Loads the model in the driver (to list its users and check it), as every executor will. */
  public static ModelDirectory.Loaded load(Path model, Path data, String source) {
    ModelRef at = ref(model, data, source);
    return Models.get(at);
  }

  private static ModelRef ref(Path model, Path data, String source) {
    boolean mf = BatchRecommendations.sourceName(source).equals(FunnelBuilder.MF_SOURCE);
    return new ModelRef(model.toAbsolutePath().toString(), data == null ? null : data.toAbsolutePath().toString(),
        mf, ModelDirectory.metadataChecksum(model));
  }

  private static final class Lists implements MapPartitionsFunction<Integer, Row> {
    private final Broadcast<ModelRef> ref;
    private final int k;
    private final String source;
    private final Counts counts;

    Lists(Broadcast<ModelRef> ref, int k, String source, Counts counts) {
      this.ref = ref;
      this.k = k;
      this.source = source;
      this.counts = counts;
    }

    @Override
    public Iterator<Row> call(Iterator<Integer> users) {
      ModelDirectory.Loaded loaded = Models.get(ref.value());
      BatchRecommendations.Lister lister = new BatchRecommendations.Lister(loaded, k, source);
      List<Row> out = new ArrayList<>();
      while (users.hasNext()) {
        UserId u = new UserId(users.next());
        int before = lister.topped();
        List<VideoId> list = lister.list(u);
        if (counts != null) {
          counts.topped().add(lister.topped() - before);
          counts.shortLists().add(list.size() < k ? 1 : 0);
        }
        String user = loaded.userId(u);
        for (int r = 0; r < list.size(); r++) {
          out.add(RowFactory.create(u.value(), user, loaded.videoId(list.get(r)), r + 1));
        }
      }
      return out.iterator();
    }
  }

  /** The models this JVM has loaded, by location and checksum: each is loaded once per executor. */
  static final class Models {
    private static final Map<ModelRef, ModelDirectory.Loaded> LOADED = new HashMap<>();

    private Models() {}

    /** Registers a model the driver has loaded, so that local executors (same JVM) do not load it again. */
    static synchronized void put(ModelRef ref, ModelDirectory.Loaded loaded) {
      LOADED.put(ref, loaded);
    }

    static synchronized ModelDirectory.Loaded get(ModelRef ref) {
      return LOADED.computeIfAbsent(ref, r -> {
        Path dir = Path.of(r.dir());
        if (!ModelDirectory.metadataChecksum(dir).equals(r.checksum())) {
          throw new IllegalStateException("the model at " + dir + " on this executor differs from the driver's");
        }
        return ModelDirectory.load(dir, r.data() == null ? null : Path.of(r.data()), r.mf(), true,
            Serving.sourcePool(16), line -> { });
      });
    }
  }
}

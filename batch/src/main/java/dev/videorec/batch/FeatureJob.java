package dev.videorec.batch;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.split;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;

import dev.videorec.core.Device;
import dev.videorec.ranking.features.FeatureFormula;
import dev.videorec.ranking.features.FeatureSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Point-in-time training examples of the ranker from an interaction log, as a Spark plan: the rows that
 * {@code TrainingExamples.replay} builds in process, computed with window functions.
 *
 * <p>Each impression's features read the log's decayed aggregates over strictly earlier events only: windows
 * partitioned by user, by (user, primary topic), by (user, creator) and by video, ordered by time, with the frame
 * ending one second before the impression ({@code rangeBetween(unboundedPreceding, -1)}), aggregated by
 * {@link DecayedSums}. The global rates come from the log grouped by second, scanned in time order (one partition,
 * one row per distinct second). {@link FeatureFormula} turns the aggregates into the feature row, as it does in
 * process. Impressions of the warm-up (the first {@code warmupDays} days, at most a quarter of the log's span) only
 * feed the aggregates.
 *
 * <p>Output: one row per impression after the warm-up, ordered by time, user, position and video, with the columns
 * {@code ts, user_id, video_id, position, clicked, watched}, the {@link FeatureSpec} features as floats, and the
 * log's {@code propensity} (1 where it records none), the weight's denominator for inverse-propensity training.
 */
public final class FeatureJob {
  private FeatureJob() {}

  /** The output's columns before the features. */
  public static final List<String> KEY_COLUMNS = List.of("ts", "user_id", "video_id", "position", "clicked",
      "watched");

  /** The schema of the examples. */
  public static StructType schema() {
    List<StructField> fields = new ArrayList<>();
    fields.add(DataTypes.createStructField("ts", DataTypes.LongType, false));
    fields.add(DataTypes.createStructField("user_id", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("video_id", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("position", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("clicked", DataTypes.IntegerType, false));
    fields.add(DataTypes.createStructField("watched", DataTypes.FloatType, false));
    for (String name : FeatureSpec.NAMES) {
      fields.add(DataTypes.createStructField(name, DataTypes.FloatType, false));
    }
    fields.add(DataTypes.createStructField(LogInput.PROPENSITY, DataTypes.DoubleType, false));
    return DataTypes.createStructType(fields);
  }

  /**
   * The examples of {@code input}'s log.
   *
   * @param warmupDays days at the start that only warm the aggregates up (the ranker's default is 5)
   * @throws IllegalArgumentException if the log is empty or names videos the catalogue lacks
   */
  public static Dataset<Row> examples(LogInput input, int warmupDays) {
    Dataset<Row> log = input.interactions();
    Dataset<Row> catalog = input.videos().select(col("video_id"), col("creator_id"),
        split(col("topics"), "\\|").getItem(0).cast("int").as("topic"), col("duration_s"), col("upload_ts"));
    SparkSession spark = log.sparkSession();
    Spark.describe(spark, "features: the log's time span and the catalogue's topics");
    Row bounds = log.agg(min("ts"), max("ts")).first();
    if (bounds.isNullAt(0)) {
      throw new IllegalArgumentException("the interaction log is empty");
    }
    long first = bounds.getLong(0);
    long last = bounds.getLong(1);
    long warmupEnd = first + Math.min(warmupDays * 86_400L, (last - first) / 4);
    int topics = catalog.agg(max("topic")).first().getInt(0) + 1;
    Spark.describe(spark, "features: every video of the log is in the catalogue");
    long unknown = log.select("video_id").distinct().join(catalog, log.col("video_id").equalTo(catalog.col(
        "video_id")), "left_anti").count();
    if (unknown > 0) {
      throw new IllegalArgumentException("the log names " + unknown + " video(s) that videos.csv does not list");
    }

    Dataset<Row> events = log.join(broadcast(catalog), "video_id")
        .join(broadcast(input.users().select("user_id", "device")), new String[] {"user_id"}, "left")
        .withColumn("impression", lit(1.0))
        .withColumn("click", col("clicked").cast("double"))
        .withColumn("watch", when(col("clicked").equalTo(1), least(lit(1.0),
            col("watch_s").cast("double").divide(col("duration_s").cast("double")))).otherwise(lit(0.0)));

    double user = FeatureFormula.USER_HALF_LIFE_DAYS;
    double video = FeatureFormula.VIDEO_HALF_LIFE_DAYS;
    double along = FeatureFormula.LONG_HALF_LIFE_DAYS;
    double watch = FeatureFormula.WATCH_HALF_LIFE_DAYS;
    // Per video and globally: impressions and clicks (video half-life, then long), watch and clicks (watch).
    int[] rates = {1, 2, 1, 2, 3, 2};
    double[] rateHalfLives = {video, video, along, along, watch, watch};
    Column[] in = {col("ts"), col("impression"), col("click"), col("watch")};
    events = events
        .withColumn("u", sums(new int[] {2}, new double[] {user}).apply(in).over(earlier("user_id")))
        .withColumn("u_last", max(when(col("clicked").equalTo(1), col("ts"))).over(earlier("user_id")))
        .withColumn("ut", sums(new int[] {2}, new double[] {user}).apply(in).over(earlier("user_id", "topic")))
        .withColumn("uc", sums(new int[] {2}, new double[] {user}).apply(in).over(earlier("user_id",
            "creator_id")))
        .withColumn("v", sums(rates, rateHalfLives).apply(in).over(earlier("video_id")));

    Dataset<Row> seconds = events.groupBy("ts").agg(sum("impression").as("impression"), sum("click").as("click"),
        sum("watch").as("watch"));
    WindowSpec before = Window.orderBy("ts").rowsBetween(Window.unboundedPreceding(), -1);
    seconds = seconds.withColumn("g", sums(rates, rateHalfLives).apply(in).over(before)).select("ts", "g");

    Dataset<Row> rows = events.filter(col("ts").geq(warmupEnd)).join(seconds, "ts")
        .select("ts", "user_id", "video_id", "position", "clicked", "watch_s", "duration_s", "upload_ts", "device",
            "u", "u_last", "ut", "uc", "v", "g", LogInput.PROPENSITY);
    Spark.describe(spark, "features: windows over each user's and video's history, global rates, feature rows");
    return rows.mapPartitions(new ToFeatures(topics), Encoders.row(schema()))
        .orderBy("ts", "user_id", "position", "video_id");
  }

  private static WindowSpec earlier(String... keys) {
    Column[] by = new Column[keys.length];
    for (int i = 0; i < keys.length; i++) {
      by[i] = col(keys[i]);
    }
    return Window.partitionBy(by).orderBy("ts").rangeBetween(Window.unboundedPreceding(), -1);
  }

  private static UserDefinedFunction sums(int[] amounts, double[] halfLives) {
    return udaf(new DecayedSums(amounts, halfLives), DecayedSums.inputEncoder());
  }

  /** Aggregates to feature rows, through the formula the in-process store uses. */
  private static final class ToFeatures implements MapPartitionsFunction<Row, Row> {
    private final int topics;

    ToFeatures(int topics) {
      this.topics = topics;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        private final float[] f = new float[FeatureSpec.SIZE];

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          long t = r.getLong(0);
          boolean clicked = r.getInt(4) == 1;
          int duration = r.getInt(6);
          Device device = r.isNullAt(8) ? Device.UNKNOWN : Device.valueOf(r.getString(8).toUpperCase(Locale.ROOT));
          double[] u = read(r.getStruct(9), t, FeatureFormula.USER_HALF_LIFE_DAYS);
          double recency = r.isNullAt(10) ? FeatureFormula.UNKNOWN_RECENCY_DAYS
              : Math.max(0, t - r.getLong(10)) / 86_400.0;
          double[] ut = read(r.getStruct(11), t, FeatureFormula.USER_HALF_LIFE_DAYS);
          double[] uc = read(r.getStruct(12), t, FeatureFormula.USER_HALF_LIFE_DAYS);
          double[] v = readRates(r.getStruct(13), t);
          double[] g = readRates(r.getStruct(14), t);
          double globalCtr = g[0] > 0 ? g[1] / g[0] : FeatureFormula.PRIOR_CTR;
          double globalCtrLong = g[2] > 0 ? g[3] / g[2] : FeatureFormula.PRIOR_CTR;
          double globalFraction = g[5] > 0 ? g[4] / g[5] : FeatureFormula.PRIOR_WATCH_FRACTION;
          FeatureFormula.write(new FeatureFormula.Aggregates(topics, u[0], ut[0], uc[0], recency, v[0], v[1], v[2],
              v[3], v[4], v[5], globalCtr, globalCtrLong, globalFraction, t - r.getLong(7), duration, t, device),
              f, 0);
          Object[] out = new Object[7 + FeatureSpec.SIZE];
          out[0] = t;
          out[1] = r.getInt(1);
          out[2] = r.getInt(2);
          out[3] = r.getInt(3);
          out[4] = r.getInt(4);
          out[5] = clicked ? (float) Math.min(1.0, r.getInt(5) / (double) duration) : 0f;
          for (int i = 0; i < FeatureSpec.SIZE; i++) {
            out[6 + i] = f[i];
          }
          // The serving policy's probability of the impression, for inverse-propensity weighting downstream.
          out[6 + FeatureSpec.SIZE] = r.getDouble(15);
          return RowFactory.create(out);
        }
      };
    }

    private static double[] readRates(Row sums, long t) {
      double[] out = new double[6];
      double[] halfLives = {FeatureFormula.VIDEO_HALF_LIFE_DAYS, FeatureFormula.VIDEO_HALF_LIFE_DAYS,
          FeatureFormula.LONG_HALF_LIFE_DAYS, FeatureFormula.LONG_HALF_LIFE_DAYS,
          FeatureFormula.WATCH_HALF_LIFE_DAYS, FeatureFormula.WATCH_HALF_LIFE_DAYS};
      if (sums == null) {
        return out;
      }
      List<Object> values = sums.getList(sums.fieldIndex("values"));
      List<Object> times = sums.getList(sums.fieldIndex("times"));
      for (int i = 0; i < out.length; i++) {
        out[i] = FeatureFormula.decayed((Double) values.get(i), (Long) times.get(i), t, halfLives[i]);
      }
      return out;
    }

    private static double[] read(Row sums, long t, double halfLife) {
      if (sums == null) {
        return new double[1];
      }
      List<Object> values = sums.getList(sums.fieldIndex("values"));
      List<Object> times = sums.getList(sums.fieldIndex("times"));
      return new double[] {FeatureFormula.decayed((Double) values.get(0), (Long) times.get(0), t, halfLife)};
    }
  }
}

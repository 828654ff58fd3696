package dev.videorec.batch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A dataset directory in the project's format, read by Spark: the tables {@code videos.csv} and {@code users.csv},
 * and the interaction log as {@code interactions.csv} or as Parquet in {@code interactions/} (any layout Spark
 * reads, such as the {@code day=...} partitions {@code generate --format parquet} writes), with the same columns.
 *
 * <p>The log may carry one more column, {@code propensity} (double, in (0, 1]): the serving policy's probability of
 * each impression at its position, as an exploring policy logs it. A log without it reads as served
 * deterministically: {@link #interactions} then gives propensity 1 for every row.
 *
 * <p>{@link #open} checks what can be checked without running a job (files present, CSV headers, Parquet column
 * names and types) and fails with {@link BatchInputException} naming the file and the problem.
 */
public final class LogInput {
  /** The interaction log's columns and types. */
  public static final StructType INTERACTIONS = schema("ts:long", "user_id:int", "video_id:int",
      "position:int", "clicked:int", "watch_s:int", "feedback:int");
  /** The optional column after {@link #INTERACTIONS}'s. */
  public static final String PROPENSITY = "propensity";
  static final StructType VIDEOS = schema("video_id:int", "creator_id:int", "topics:string",
      "duration_s:int", "upload_ts:long", "language:string", "region:string", "age_restricted:int",
      "blocked_regions:string");
  static final StructType USERS = schema("user_id:int", "region:string", "language:string",
      "device:string", "adult:int");

  private final SparkSession spark;
  private final Path dir;
  private final boolean parquet;
  private final boolean propensities;

  private LogInput(SparkSession spark, Path dir, boolean parquet, boolean propensities) {
    this.spark = spark;
    this.dir = dir;
    this.parquet = parquet;
    this.propensities = propensities;
  }

  /**
   * Checks the dataset at {@code dir} before any Spark work.
   *
   * @throws BatchInputException for a missing file, a CSV header that differs, or a Parquet log without the
   *                             columns of {@link #INTERACTIONS} in their types
   */
  public static LogInput check(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new BatchInputException(dir + ": no such dataset directory");
    }
    header(dir.resolve("videos.csv"), VIDEOS);
    header(dir.resolve("users.csv"), USERS);
    Path csv = dir.resolve("interactions.csv");
    Path pq = dir.resolve("interactions");
    if (Files.isRegularFile(csv)) {
      return new LogInput(null, dir, false, header(csv, INTERACTIONS, PROPENSITY));
    }
    if (!Files.isDirectory(pq)) {
      throw new BatchInputException(dir + ": neither interactions.csv nor a Parquet log in interactions/");
    }
    return new LogInput(null, dir, true, false);
  }

  /** This input, read through {@code spark}; a Parquet log's schema is checked here (Spark reads the footers). */
  public LogInput open(SparkSession spark) {
    boolean withPropensities = propensities;
    if (parquet) {
      StructType found = spark.read().parquet(dir.resolve("interactions").toString()).schema();
      withPropensities = List.of(found.fieldNames()).contains(PROPENSITY);
      if (withPropensities && !found.apply(PROPENSITY).dataType().equals(DataTypes.DoubleType)) {
        throw new BatchInputException(dir.resolve("interactions") + ": column '" + PROPENSITY + "' is "
            + found.apply(PROPENSITY).dataType().simpleString() + ", expected double");
      }
      for (StructField want : INTERACTIONS.fields()) {
        if (!List.of(found.fieldNames()).contains(want.name())) {
          throw new BatchInputException(dir.resolve("interactions") + ": the Parquet log has no column '"
              + want.name() + "' (it has " + String.join(", ", found.fieldNames()) + ")");
        }
        DataType type = found.apply(want.name()).dataType();
        if (!type.equals(want.dataType())) {
          throw new BatchInputException(dir.resolve("interactions") + ": column '" + want.name() + "' is "
              + type.simpleString() + ", expected " + want.dataType().simpleString());
        }
      }
    }
    return new LogInput(spark, dir, parquet, withPropensities);
  }

  /**
   * The log's rows: exact for Parquet (from the files' footers), estimated for CSV from the file's size and the
   * mean length of its first lines (no scan of the file).
   */
  public long rows() {
    if (parquet) {
      return spark.read().parquet(dir.resolve("interactions").toString()).count();
    }
    Path file = dir.resolve("interactions.csv");
    try (java.io.InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(1 << 20);
      int lines = 0;
      int firstEnd = -1;
      for (int i = 0; i < head.length; i++) {
        if (head[i] == '\n') {
          lines++;
          if (firstEnd < 0) {
            firstEnd = i;
          }
        }
      }
      if (lines <= 1) {
        return lines;
      }
      // Bytes after the header, at the mean length of the sampled data lines.
      double meanLine = (double) (head.length - firstEnd - 1) / (lines - 1);
      return Math.round((Files.size(file) - firstEnd - 1) / meanLine);
    } catch (java.io.IOException e) {
      throw new BatchInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The directory read. */
  public Path dir() {
    return dir;
  }

  /** Whether the log is Parquet. */
  public boolean parquet() {
    return parquet;
  }

  /**
   * The interaction log, with the columns of {@link #INTERACTIONS} and {@link #PROPENSITY} (1 where the log does
   * not record it).
   */
  public Dataset<Row> interactions() {
    Dataset<Row> log;
    if (parquet) {
      List<org.apache.spark.sql.Column> columns = new ArrayList<>();
      for (String name : INTERACTIONS.fieldNames()) {
        columns.add(org.apache.spark.sql.functions.col(name));
      }
      if (propensities) {
        columns.add(org.apache.spark.sql.functions.col(PROPENSITY));
      }
      log = spark.read().parquet(dir.resolve("interactions").toString())
          .select(columns.toArray(org.apache.spark.sql.Column[]::new));
    } else {
      log = csv("interactions.csv", propensities ? INTERACTIONS.add(PROPENSITY, DataTypes.DoubleType)
          : INTERACTIONS);
    }
    return propensities ? log : log.withColumn(PROPENSITY, org.apache.spark.sql.functions.lit(1.0));
  }

  /** The catalogue. */
  public Dataset<Row> videos() {
    return csv("videos.csv", VIDEOS);
  }

  /** The users. */
  public Dataset<Row> users() {
    return csv("users.csv", USERS);
  }

  private Dataset<Row> csv(String file, StructType schema) {
    return spark.read().schema(schema).option("header", true).option("mode", "FAILFAST")
        .csv(dir.resolve(file).toString());
  }

  /**
   * Checks {@code file}'s header: {@code schema}'s columns, optionally followed by {@code optional}'s; returns
   * whether the optional ones are there.
   */
  private static boolean header(Path file, StructType schema, String... optional) {
    String want = String.join(",", schema.fieldNames());
    String longer = optional.length == 0 ? want : want + "," + String.join(",", optional);
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = r.readLine();
      String got = line == null ? "" : line.strip();
      if (!got.equals(want) && !got.equals(longer)) {
        throw new BatchInputException(file + ":1: header must be '" + want + "'"
            + (optional.length == 0 ? "" : " (or with ," + String.join(",", optional) + ")") + ", got '"
            + (line == null ? "" : line.length() > 120 ? line.substring(0, 120) + "…" : line) + "'");
      }
      return optional.length > 0 && got.equals(longer);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new BatchInputException(file + ": no such file");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static StructType schema(String... columns) {
    List<StructField> fields = new ArrayList<>();
    for (String c : columns) {
      String[] nt = c.split(":");
      DataType type = switch (nt[1]) {
        case "long" -> DataTypes.LongType;
        case "int" -> DataTypes.IntegerType;
        default -> DataTypes.StringType;
      };
      fields.add(DataTypes.createStructField(nt[0], type, true));
    }
    return DataTypes.createStructType(fields);
  }
}

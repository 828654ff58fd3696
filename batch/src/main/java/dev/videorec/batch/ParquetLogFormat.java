package dev.videorec.batch;

import dev.videorec.core.Interaction;
import dev.videorec.data.InteractionTableFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The interaction log as Parquet, partitioned by day: {@code day=YYYY-MM-DD/part-00000.parquet} (UTC days), with
 * the columns of {@code interactions.csv} and the serving policy's {@code propensity} (1 for a deterministic
 * policy, such as the generator's). Streamed: one open file at a time, so a log larger than memory is
 * written in constant memory. Registered for {@code generate --format parquet}.
 */
public final class ParquetLogFormat implements InteractionTableFormat {
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message interaction {"
      + " required int64 ts; required int32 user_id; required int32 video_id; required int32 position;"
      + " required int32 clicked; required int32 watch_s; required int32 feedback; required double propensity; }");

  @Override
  public String name() {
    return "parquet";
  }

  @Override
  public Writer open(Path dir) {
    return new DayWriter(dir);
  }

  private static final class DayWriter implements Writer {
    private final Path dir;
    private final SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    private ParquetWriter<Group> out;
    private long dayEnd = Long.MIN_VALUE;

    DayWriter(Path dir) {
      this.dir = dir;
    }

    @Override
    public void write(Interaction i) throws IOException {
      if (out == null || i.timestamp() >= dayEnd) {
        close();
        long day = Math.floorDiv(i.timestamp(), 86_400L);
        dayEnd = (day + 1) * 86_400L;
        Path partition = Files.createDirectories(dir.resolve("day=" + LocalDate.ofEpochDay(day)));
        out = ExampleParquetWriter.builder(new LocalOutputFile(partition.resolve("part-00000.parquet")))
            .withType(SCHEMA).withCompressionCodec(CompressionCodecName.SNAPPY).build();
      }
      out.write(groups.newGroup().append("ts", i.timestamp()).append("user_id", i.user().value())
          .append("video_id", i.video().value()).append("position", i.position())
          .append("clicked", i.clicked() ? 1 : 0).append("watch_s", i.watchSeconds())
          .append("feedback", i.feedback().code()).append("propensity", i.propensity()));
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
        out = null;
      }
    }
  }
}

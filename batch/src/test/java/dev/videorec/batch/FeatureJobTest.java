package dev.videorec.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.videorec.core.Interaction;
import dev.videorec.data.Dataset;
import dev.videorec.data.DatasetReader;
import dev.videorec.ranking.features.FeatureSpec;
import dev.videorec.ranking.features.TrainingExamples;
import dev.videorec.ranking.features.UserDevices;
import dev.videorec.ranking.model.MultiTaskConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One feature pipeline, two engines: the Spark job's examples equal the in-process replay's, row for row. */
class FeatureJobTest {
  static final Path SAMPLE = Path.of("..", "data", "sample");
  static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = Spark.start("test", "local[2]", 4, false, null);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** An in-process example: the sort key and the row. */
  record Example(long ts, int user, int video, int position, int clicked, float watched, float[] features) {}

  @Test
  void sparkExamplesEqualTheInProcessReplayOnTheSample() {
    Dataset data = DatasetReader.read(SAMPLE);
    List<Interaction> log = data.interactions();
    TrainingExamples ex = TrainingExamples.replay(log, data.catalog(), UserDevices.of(data.users()),
        MultiTaskConfig.DEFAULT_WARMUP_DAYS);
    long first = log.get(0).timestamp();
    long span = log.get(log.size() - 1).timestamp() - first;
    long warmupEnd = first + Math.min(MultiTaskConfig.DEFAULT_WARMUP_DAYS * 86_400L, span / 4);
    List<Example> expected = new ArrayList<>();
    int f = FeatureSpec.SIZE;
    int n = 0;
    for (Interaction i : log) {
      if (i.timestamp() >= warmupEnd) {
        float[] row = new float[f];
        System.arraycopy(ex.features(), n * f, row, 0, f);
        expected.add(new Example(i.timestamp(), i.user().value(), i.video().value(), i.position(),
            (int) ex.clicked()[n], ex.watched()[n], row));
        n++;
      }
    }
    expected.sort(Comparator.comparingLong(Example::ts).thenComparingInt(Example::user)
        .thenComparingInt(Example::position).thenComparingInt(Example::video));

    List<Row> rows = FeatureJob.examples(LogInput.check(SAMPLE).open(spark), MultiTaskConfig.DEFAULT_WARMUP_DAYS)
        .collectAsList();
    assertEquals(expected.size(), rows.size(), "rows");
    double worst = 0;
    for (int k = 0; k < rows.size(); k++) {
      Row r = rows.get(k);
      Example e = expected.get(k);
      assertEquals(e.ts(), r.getLong(0), "ts of row " + k);
      assertEquals(e.user(), r.getInt(1), "user of row " + k);
      assertEquals(e.video(), r.getInt(2), "video of row " + k);
      assertEquals(e.position(), r.getInt(3));
      assertEquals(e.clicked(), r.getInt(4));
      assertEquals(e.watched(), r.getFloat(5), 1e-6);
      for (int c = 0; c < f; c++) {
        double diff = Math.abs(e.features()[c] - r.getFloat(6 + c));
        worst = Math.max(worst, diff / Math.max(1, Math.abs(e.features()[c])));
        assertTrue(diff <= 1e-6 * Math.max(1, Math.abs(e.features()[c])), () -> FeatureSpec.NAMES.get(0));
      }
    }
    System.out.printf("features: %d rows equal; largest relative difference %.2e%n", rows.size(), worst);
  }
}

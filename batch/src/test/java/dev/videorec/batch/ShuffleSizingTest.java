package dev.videorec.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class ShuffleSizingTest {
  @Test
  void csvRowsAreEstimatedWithoutAScan() throws Exception {
    long actual;
    try (Stream<String> lines = Files.lines(FeatureJobTest.SAMPLE.resolve("interactions.csv"))) {
      actual = lines.count() - 1;
    }
    long estimate = LogInput.check(FeatureJobTest.SAMPLE).rows();
    assertTrue(Math.abs(estimate - actual) <= 0.03 * actual, estimate + " estimated, " + actual + " rows");
  }

  @Test
  void largeInputsRaiseTheShufflePartitionsAndSmallOnesNeverLowerThem() {
    SparkSession spark = Spark.start("sizing", "local[2]", 0, false, null);
    try {
      assertEquals(8, Spark.sizeShuffle(spark, 1_000_000, null), "four per core for a small log");
      assertEquals(67, Spark.sizeShuffle(spark, 100_000_000, null), "1.5M rows per partition at most");
      assertEquals("67", spark.conf().get("spark.sql.shuffle.partitions"));
      assertEquals(67, Spark.sizeShuffle(spark, 10, null), "never lowered");
    } finally {
      spark.stop();
    }
  }
}

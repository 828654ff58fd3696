package dev.videorec.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SparkOptionsTest {
  @Test
  void withoutMasterAJobRunsWhereSparkSubmitSaysElseLocally() {
    String before = System.getProperty("spark.master");
    try {
      System.clearProperty("spark.master");
      assertEquals("local[*]", new SparkOptions().master());
      // spark-submit hands its driver the master it was given as this property.
      System.setProperty("spark.master", "spark://10.0.0.1:7077");
      assertEquals("spark://10.0.0.1:7077", new SparkOptions().master());
      SparkOptions named = new SparkOptions();
      named.master = "local[2]";
      assertEquals("local[2]", named.master(), "--master wins");
    } finally {
      if (before == null) {
        System.clearProperty("spark.master");
      } else {
        System.setProperty("spark.master", before);
      }
    }
  }
}

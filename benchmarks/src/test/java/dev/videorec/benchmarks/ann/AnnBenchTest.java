package dev.videorec.benchmarks.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnnBenchTest {
  private record Result(int status, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AnnBench.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyIndexGetsARowPerEfAndTheReportAndPlotAreWritten(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("ann.json");
    Path svg = dir.resolve("ann.svg");
    Result r = run("--n", "3000", "--dim", "16", "--clusters", "30", "--queries", "40", "--k", "20", "--ef", "20,40,60",
        "--m", "8", "--ef-construction", "40", "--indexes", "exact,hnsw-float,hnsw-int8,lucene-hnsw,hnswlib", "--report", report.toString(), "--plot", svg.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode doc = new ObjectMapper().readTree(report.toFile());
    JsonNode rows = doc.get("rows");
    // exact once, then four indexes at three ef values each.
    assertEquals(13, rows.size());
    List<String> names = new ArrayList<>();
    for (JsonNode row : rows) {
      names.add(row.get("index").asText());
      double recall = row.get("recallAtK").asDouble();
      assertTrue(recall > 0.5 && recall <= 1.0, row.toString());
      assertTrue(row.get("qps").asDouble() > 0 && row.get("bytes").asLong() > 0, row.toString());
    }
    List<String> expected = new ArrayList<>(List.of("exact"));
    for (String index : List.of("hnsw-float", "hnsw-int8", "lucene-hnsw", "hnswlib")) {
      expected.addAll(List.of(index, index, index));
    }
    assertEquals(expected, names);
    assertEquals(1.0, rows.get(0).get("recallAtK").asDouble());
    assertEquals(60, rows.get(3).get("efSearch").asInt());
    assertTrue(rows.get(1).get("recallAt100").isNull(), "k is 20: there is no recall@100");
    assertEquals(3000, doc.get("params").get("n").asInt());
    // int8 holds a quarter of the float vector bytes (plus the per-dimension ranges).
    assertTrue(rows.get(4).get("vectorBytes").asLong() <= 0.3 * rows.get(1).get("vectorBytes").asLong());
    String plot = Files.readString(svg);
    // XChart's SVG: a 760 x 480 drawing with its text as outlines, one series per index.
    assertTrue(plot.contains("<svg") && plot.contains("viewBox=\"0 0 760 480\"") && plot.split("<path", -1).length > 20,
        plot.substring(0, Math.min(400, plot.length())));
    assertTrue(r.out().contains("recall20"), r.out());
    // The same chart again from the report alone.
    Path again = dir.resolve("again.svg");
    Result replot = run("--replot", report.toString(), "--plot", again.toString());
    assertEquals(0, replot.status(), replot.err());
    assertEquals(plot.replaceAll("clip\\d+", ""), Files.readString(again).replaceAll("clip\\d+", ""),
        "the replot draws the run's chart");
    assertEquals(2, run("--replot", report.toString()).status(), "--replot needs --plot");
    // The page beside the chart: the chart inline and a row per index and ef.
    String page = Files.readString(dir.resolve("ann.html"));
    assertTrue(page.startsWith("<!doctype html>") && page.contains("<svg"), page.substring(0, 200));
    assertEquals(13, page.split("<tr><td>", -1).length - 1, "exact once, four indexes at three ef values");
    assertTrue(page.contains("<tr><td>hnswlib</td><td>40</td>"), "index and ef in the table");
  }

  /** The index stored by ordinal finds what the index stored in walk order finds, at every ef: only its speed differs. */
  @Test
  void theIndexStoredByOrdinalHasTheRecallOfTheIndexInWalkOrder(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("layout.json");
    Result r = run("--n", "4000", "--dim", "16", "--clusters", "40", "--queries", "50", "--k", "20", "--ef", "20,60",
        "--m", "8", "--ef-construction", "40", "--indexes", "hnsw-float,hnsw-by-ordinal", "--report",
        report.toString());
    assertEquals(0, r.status(), r.err());
    JsonNode rows = new ObjectMapper().readTree(report.toFile()).get("rows");
    assertEquals(4, rows.size());
    for (int i = 0; i < 2; i++) {
      JsonNode walk = rows.get(i);
      JsonNode byOrdinal = rows.get(i + 2);
      assertEquals("hnsw-float", walk.get("index").asText());
      assertEquals("hnsw-by-ordinal", byOrdinal.get("index").asText());
      assertEquals(walk.get("efSearch").asInt(), byOrdinal.get("efSearch").asInt());
      assertEquals(walk.get("recallAtK").asDouble(), byOrdinal.get("recallAtK").asDouble());
      assertEquals(walk.get("recallAt10").asDouble(), byOrdinal.get("recallAt10").asDouble());
    }
  }

  @Test
  void readsVectorsFromAFileAndWritesPng(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("vectors.csv");
    StringBuilder sb = new StringBuilder("# 600 vectors, 4 dimensions\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(1);
    for (int i = 0; i < 600; i++) {
      sb.append(String.format(java.util.Locale.ROOT, "%.4f,%.4f,%.4f,%.4f%n", random.nextGaussian(),
          random.nextGaussian(), random.nextGaussian(), random.nextGaussian()));
    }
    Files.writeString(data, sb);
    Path png = dir.resolve("plot.png");
    Result r = run("--data", data.toString(), "--queries", "50", "--k", "10", "--ef", "5,10", "--m", "4",
        "--ef-construction", "16", "--indexes", "exact,hnsw-float", "--similarity", "cosine", "--plot",
        png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("550 x 4 vectors"), r.out());
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 4);
    assertEquals("PNG", new String(head, 1, 3, StandardCharsets.US_ASCII));
  }

  @Test
  void badInputIsOneLine(@TempDir Path dir) throws Exception {
    Result r = run("--indexes", "exact,faiss");
    assertEquals(2, r.status());
    assertEquals("videorec: ann-bench: unknown index 'faiss' in --indexes; known: exact,hnsw-float,hnsw-int8,"
        + "lucene-hnsw,hnswlib,lucene10-hnsw,lucene10-int8,jvector,jvector-pq,hnsw-by-ordinal", r.err().strip());
    assertEquals(2, run("--spread", "0").status());
    assertEquals(2, run("--ef", "10,x").status());
    assertEquals(2, run("--plot", "chart.pdf").status());
    assertEquals(2, run("--m", "16", "--ef-construction", "8").status());
    assertEquals(2, run("--similarity", "l2").status());
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "1,2,3\n4,5\n");
    Result b = run("--data", bad.toString(), "--queries", "1");
    assertEquals(1, b.status());
    assertTrue(b.err().contains("bad.csv:2: 2 values, expected 3"), b.err());
    assertEquals(1, b.err().strip().lines().count());
  }

  /**
   * Lucene 10 and jvector 4 run in a child JVM on a JDK 21+; their rows come back beside the in-process ones, with
   * recall computed against the same exact top-k. Skipped where no JDK 21+ is installed.
   */
  @Test
  void peersOnANewerJdkRunInAChildJvm() {
    org.junit.jupiter.api.Assumptions.assumeTrue(PeerProcess.findJdk(null).isPresent(),
        "no JDK 21 or newer installed: the child-JVM peers cannot run here");
    // Cosine: jvector's DOT_PRODUCT expects unit vectors, and on raw inner products it loses recall.
    Result r = run("--n", "2000", "--dim", "16", "--clusters", "20", "--spread", "1", "--similarity", "cosine",
        "--queries", "30", "--k", "10", "--ef", "40", "--m", "8", "--ef-construction", "40", "--indexes",
        "hnsw-float,lucene10-hnsw,lucene10-int8,jvector,jvector-pq");
    assertEquals(0, r.status(), r.out() + r.err());
    assertTrue(r.out().contains("peers in a child JVM (Java "), r.out());
    for (String index : List.of("lucene10-hnsw", "lucene10-int8", "jvector", "jvector-pq")) {
      String line = r.out().lines().filter(l -> l.startsWith(index + " ")).findFirst().orElseThrow(
          () -> new AssertionError("no row for " + index + " in\n" + r.out()));
      double recall = Double.parseDouble(line.trim().split("\\s+")[3]);
      assertTrue(recall > 0.8, line);
    }
  }
}

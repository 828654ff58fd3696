package dev.videorec.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code monitor --out}: the report, its charts as SVG and the page that gathers them, on the committed sample. */
class MonitorCommandTest {
  @TempDir
  Path dir;

  @Test
  void writesTheReportItsChartsAndOnePage() throws Exception {
    System.setProperty("videorec.home", "..");
    Path md = dir.resolve("monitor.md");
    Cli.Result r = Cli.run("monitor", "--out", md.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("monitor.html (with 3 charts as SVG beside it)"), r.out());
    for (String chart : List.of("psi", "ks", "daily")) {
      assertTrue(Files.readString(dir.resolve("monitor-" + chart + ".svg")).contains("<svg"), chart);
    }
    String html = Files.readString(dir.resolve("monitor.html"));
    assertEquals(3, html.split("<svg", -1).length - 1);
    assertTrue(html.contains("Calibration by day: "), "the report's text is in the page");
  }
}

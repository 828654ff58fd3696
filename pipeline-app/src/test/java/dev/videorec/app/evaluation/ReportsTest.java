package dev.videorec.app.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Charts as SVG files and the self-contained HTML page beside a Markdown report. */
class ReportsTest {
  @TempDir
  Path dir;

  @Test
  void chartsAreWrittenAsSvgAndInlinedInOnePageWithTheReport() throws Exception {
    Map<String, Charts.Curve> curves = Charts.ordered();
    curves.put("two-tower", new Charts.Curve(new double[] {50, 100, 200}, new double[] {0.3, 0.43, 0.55}));
    curves.put("popular", new Charts.Curve(new double[] {50, 100, 200}, new double[] {0.1, 0.14, 0.2},
        new double[] {0.01, 0.01, 0.02}));
    List<Charts.Named> charts = List.of(
        new Charts.Named("recall", "Recall@K", Charts.lines("Recall", "K", "recall", curves, false)),
        new Charts.Named("bars", "Bars & <things>", Charts.bars("NDCG", "NDCG@10", Map.of("a", 0.1))));
    Path md = dir.resolve("evaluation.md");
    String text = "# Evaluation of `m`\n\nSome **bold** text & more.\n\n| a | b |\n|---|---|\n| 1 | <2> |\n\n"
        + "- one\n- two\n\n    ./videorec evaluate\n";
    List<Path> written = Reports.charts(md, text, charts);
    assertEquals(List.of(dir.resolve("evaluation-recall.svg"), dir.resolve("evaluation-bars.svg"),
        dir.resolve("evaluation.html")), written);
    DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
    xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    for (Path svg : written.subList(0, 2)) {
      var doc = xml.newDocumentBuilder().parse(svg.toFile());
      assertEquals("svg", doc.getDocumentElement().getTagName(), "a well-formed SVG document");
    }
    String svg = Files.readString(dir.resolve("evaluation-recall.svg"));
    assertTrue(svg.contains("viewBox=\"0 0 760 420\"") && svg.split("<path", -1).length > 10,
        "a drawn chart (XChart writes its text as outlines)");
    String html = Files.readString(dir.resolve("evaluation.html"));
    assertTrue(html.startsWith("<!doctype html>"));
    assertEquals(2, html.split("<svg", -1).length - 1, "both charts inline");
    assertTrue(html.contains("<title>Evaluation of `m`</title>"), html);
    assertTrue(html.contains("<h1>Evaluation of <code>m</code></h1>"));
    assertTrue(html.contains("<strong>bold</strong> text &amp; more."));
    assertTrue(html.contains("<tr><th>a</th><th>b</th></tr>") && html.contains("<tr><td>1</td><td>&lt;2&gt;</td></tr>"));
    assertTrue(html.contains("<li>one</li>") && html.contains("<pre>./videorec evaluate"));
    assertTrue(html.contains("<figcaption>Bars &amp; &lt;things&gt;</figcaption>"));
    assertFalse(html.matches("(?s).*(src|href)=\"https?:.*"), "self-contained: nothing loaded from elsewhere");
  }
}

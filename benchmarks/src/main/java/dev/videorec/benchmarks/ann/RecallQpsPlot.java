package dev.videorec.benchmarks.ann;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The recall-versus-throughput chart of an {@code ann-bench} run, drawn by XChart: recall@k on x, queries per
 * second on a log y axis, one line per index through its efSearch points (up and to the right is better). Written
 * as SVG or PNG by the file's extension, atomically, with a self-contained HTML page beside it (the chart inline
 * and its points as a table).
 */
final class RecallQpsPlot {
  private static final int W = 760;
  private static final int H = 480;
  private static final Color[] COLOURS = {new Color(0x444444), new Color(0x1f77b4), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xff7f0e), new Color(0x17becf)};

  private RecallQpsPlot() {}

  /** One point: an index at one ef. */
  record Point(String index, int ef, double recall, double qps) {}

  static void write(Path file, String title, String recallLabel, List<Point> points) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".svg") && !name.endsWith(".png")) {
      throw new IllegalArgumentException("--plot must end in .svg or .png, got " + file);
    }
    XYChart chart = chart(title, recallLabel, points);
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        if (name.endsWith(".svg")) {
          VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } else {
          BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      page(file, title, recallLabel, points);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plot " + file, e);
    }
  }

  /** The page beside the plot ({@code x.svg} gives {@code x.html}): the chart inline and its points as a table. */
  static Path page(Path plot, String title, String recallLabel, List<Point> points) throws IOException {
    String name = plot.getFileName().toString();
    Path page = plot.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".html");
    String picture;
    if (name.toLowerCase(Locale.ROOT).endsWith(".svg")) {
      String svg = Files.readString(plot);
      picture = svg.substring(Math.max(0, svg.indexOf("<svg")));
    } else {
      picture = "<img alt=\"recall against QPS\" src=\"data:image/png;base64,"
          + java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(plot)) + "\">";
    }
    StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<title>ann-bench: " + escape(title) + "</title>\n<style>body { font: 15px/1.45 system-ui, sans-serif; "
        + "margin: 1rem auto; max-width: 1000px; } table { border-collapse: collapse; } th, td { padding: 0.2rem "
        + "0.6rem; border-bottom: 1px solid #d9dee8; text-align: right; } th:first-child, td:first-child { "
        + "text-align: left; } svg { max-width: 100%; height: auto; }</style>\n</head>\n<body>\n<h1>ann-bench: "
        + escape(title) + "</h1>\n" + picture + "\n<table>\n<tr><th>index</th><th>ef</th><th>"
        + escape(recallLabel) + "</th><th>queries per second</th></tr>\n");
    for (Point p : points) {
      html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%.4f</td><td>%,.0f</td></tr>%n",
          escape(p.index()), p.ef() > 0 ? Integer.toString(p.ef()) : "&ndash;", p.recall(), p.qps()));
    }
    html.append("</table>\n</body>\n</html>\n");
    Path tmp = page.resolveSibling(page.getFileName() + ".tmp");
    Files.writeString(tmp, html);
    Files.move(tmp, page, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return page;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static XYChart chart(String title, String recallLabel, List<Point> points) {
    XYChart chart = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle(recallLabel)
        .yAxisTitle("queries per second (log)").build();
    Styler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setChartTitleBoxVisible(false);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setLegendBorderColor(Color.WHITE);
    s.setMarkerSize(7);
    s.setAntiAlias(true);
    chart.getStyler().setYAxisLogarithmic(true);
    Map<String, List<Point>> byIndex = new LinkedHashMap<>();
    points.forEach(p -> byIndex.computeIfAbsent(p.index(), i -> new ArrayList<>()).add(p));
    int i = 0;
    for (Map.Entry<String, List<Point>> e : byIndex.entrySet()) {
      List<Point> line = new ArrayList<>(e.getValue());
      line.sort((a, b) -> Double.compare(a.recall(), b.recall()));
      XYSeries series = chart.addSeries(e.getKey(), line.stream().mapToDouble(Point::recall).toArray(),
          line.stream().mapToDouble(Point::qps).toArray());
      series.setLineColor(COLOURS[i % COLOURS.length]);
      series.setMarkerColor(COLOURS[i % COLOURS.length]);
      series.setMarker(SeriesMarkers.CIRCLE);
      i++;
    }
    return chart;
  }
}

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
 * as SVG or PNG by the file's extension, atomically.
 */
final class RecallQpsPlot {
  private static final int W = 760;
  private static final int H = 480;
  private static final Color[] COLOURS = {new Color(0x444444), new Color(0x1f77b4), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xff7f0e), new Color(0x17becf)};

  private RecallQpsPlot() {}

  /** One point: an index at one ef. */
  record Point(String index, double recall, double qps) {}

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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plot " + file, e);
    }
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

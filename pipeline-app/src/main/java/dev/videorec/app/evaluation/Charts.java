package dev.videorec.app.evaluation;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The charts of the reports, drawn by XChart and written as SVG: line charts (curves over a numeric axis, with
 * optional error bars) and grouped bar charts. One look for all of them: white background, legend outside on the
 * right, the same palette in the same order.
 */
public final class Charts {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 420;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0x17becf), new Color(0x7f7f7f)};

  /** A chart with the file name it is written under, without extension (e.g. {@code recall}). */
  public record Named(String name, String title, Chart<?, ?> chart) {}

  /** One curve: x and y, and optionally each point's error (half the interval's width), else null. */
  public record Curve(double[] x, double[] y, double[] error) {
    public Curve(double[] x, double[] y) {
      this(x, y, null);
    }
  }

  private Charts() {}

  /** Curves over a numeric x axis; {@code logY} for a logarithmic y axis. */
  public static XYChart lines(String title, String xLabel, String yLabel, Map<String, Curve> curves, boolean logY) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
        .yAxisTitle(yLabel).build();
    style(chart.getStyler());
    chart.getStyler().setYAxisLogarithmic(logY);
    chart.getStyler().setMarkerSize(6);
    int i = 0;
    for (Map.Entry<String, Curve> e : curves.entrySet()) {
      Curve c = e.getValue();
      XYSeries s = c.error() == null ? chart.addSeries(e.getKey(), c.x(), c.y())
          : chart.addSeries(e.getKey(), c.x(), c.y(), c.error());
      s.setLineColor(PALETTE[i % PALETTE.length]);
      s.setMarkerColor(PALETTE[i % PALETTE.length]);
      s.setMarker(SeriesMarkers.CIRCLE);
      i++;
    }
    return chart;
  }

  /** Grouped bars: one group per category, one bar per series. */
  public static CategoryChart bars(String title, String yLabel, List<String> categories,
                                   Map<String, List<Double>> series) {
    CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel)
        .build();
    style(chart.getStyler());
    chart.getStyler().setOverlapped(false);
    chart.getStyler().setXAxisLabelRotation(categories.stream().mapToInt(String::length).sum() > 60 ? 30 : 0);
    int i = 0;
    for (Map.Entry<String, List<Double>> e : series.entrySet()) {
      chart.addSeries(e.getKey(), new ArrayList<>(categories), e.getValue()).setFillColor(PALETTE[i % PALETTE.length]);
      i++;
    }
    if (series.size() == 1) {
      chart.getStyler().setLegendVisible(false);
    }
    return chart;
  }

  /** One series of bars. */
  public static CategoryChart bars(String title, String yLabel, Map<String, Double> values) {
    return bars(title, yLabel, new ArrayList<>(values.keySet()),
        Map.of(yLabel, new ArrayList<>(values.values())));
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(false);
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setLegendBorderColor(Color.WHITE);
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setAntiAlias(true);
    s.setSeriesColors(PALETTE);
  }

  /** The chart as an SVG document. */
  public static String svg(Chart<?, ?> chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** An ordered map, for building series in place. */
  public static <V> Map<String, V> ordered() {
    return new LinkedHashMap<>();
  }
}

package dev.videorec.benchmarks.ann;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The recall-versus-throughput chart of an {@code ann-bench} run: recall@k on x, queries per second on a log y
 * axis, one line per index through its efSearch points (up and to the right is better). Written as SVG or PNG by
 * the file's extension, through one drawing routine.
 */
final class RecallQpsPlot {
  private static final int W = 760;
  private static final int H = 480;
  private static final int LEFT = 70;
  private static final int RIGHT = 170;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final String[] COLOURS = {"#444444", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b"};

  private RecallQpsPlot() {}

  /** One point: an index at one ef. */
  record Point(String index, double recall, double qps) {}

  private interface Canvas {
    void line(double x1, double y1, double x2, double y2, String colour, double width);

    void dot(double x, double y, String colour);

    void text(double x, double y, String s, String colour, boolean end);
  }

  static void write(Path file, String title, String recallLabel, List<Point> points) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".svg") && !name.endsWith(".png")) {
      throw new IllegalArgumentException("--plot must end in .svg or .png, got " + file);
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = dir.resolve(file.getFileName() + ".tmp");
      try {
        if (name.endsWith(".svg")) {
          StringBuilder svg = new StringBuilder();
          svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
              .append("\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
                  + "fill=\"white\"/>\n");
          draw(new Canvas() {
            @Override
            public void line(double x1, double y1, double x2, double y2, String colour, double width) {
              svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                  + "stroke=\"%s\" stroke-width=\"%.1f\"/>%n", x1, y1, x2, y2, colour, width));
            }

            @Override
            public void dot(double x, double y, String colour) {
              svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>%n",
                  x, y, colour));
            }

            @Override
            public void text(double x, double y, String s, String colour, boolean end) {
              svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\"%s>%s</text>%n", x, y,
                  colour, end ? " text-anchor=\"end\"" : "", s.replace("&", "&amp;").replace("<", "&lt;")));
            }
          }, title, recallLabel, points);
          svg.append("</svg>\n");
          Files.writeString(tmp, svg, StandardCharsets.UTF_8);
        } else {
          BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
          Graphics2D g = image.createGraphics();
          g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
          g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
          g.setColor(Color.WHITE);
          g.fillRect(0, 0, W, H);
          g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
          draw(new Canvas() {
            @Override
            public void line(double x1, double y1, double x2, double y2, String colour, double width) {
              g.setColor(Color.decode(colour));
              g.setStroke(new BasicStroke((float) width));
              g.drawLine((int) x1, (int) y1, (int) x2, (int) y2);
            }

            @Override
            public void dot(double x, double y, String colour) {
              g.setColor(Color.decode(colour));
              g.fillOval((int) (x - 3.5), (int) (y - 3.5), 7, 7);
            }

            @Override
            public void text(double x, double y, String s, String colour, boolean end) {
              g.setColor(Color.decode(colour));
              int w = end ? g.getFontMetrics().stringWidth(s) : 0;
              g.drawString(s, (int) x - w, (int) y);
            }
          }, title, recallLabel, points);
          g.dispose();
          ImageIO.write(image, "png", tmp.toFile());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plot " + file + ": " + e.getMessage(), e);
    }
  }

  private static void draw(Canvas c, String title, String recallLabel, List<Point> points) {
    double minRecall = 1;
    double minQps = Double.MAX_VALUE;
    double maxQps = 0;
    for (Point p : points) {
      minRecall = Math.min(minRecall, p.recall());
      minQps = Math.min(minQps, p.qps());
      maxQps = Math.max(maxQps, p.qps());
    }
    double x0 = Math.max(0, Math.floor(minRecall * 20 - 1) / 20);
    double logLo = Math.floor(Math.log10(Math.max(minQps, 1e-3)));
    double logHi = Math.ceil(Math.log10(Math.max(maxQps, 1e-3)) + 1e-9);
    if (logHi <= logLo) {
      logHi = logLo + 1;
    }
    double plotW = W - LEFT - RIGHT;
    double plotH = H - TOP - BOTTOM;
    final double fx0 = x0;
    final double fLo = logLo;
    final double fHi = logHi;
    java.util.function.DoubleUnaryOperator sx = r -> LEFT + (r - fx0) / (1.0 - fx0) * plotW;
    java.util.function.DoubleUnaryOperator sy = q -> TOP + plotH - (Math.log10(q) - fLo) / (fHi - fLo) * plotH;
    // 1. Axes, grid and labels.
    c.text(LEFT, TOP - 15, title, "#000000", false);
    for (int i = 0; i <= 4; i++) {
      double r = x0 + (1 - x0) * i / 4;
      double x = sx.applyAsDouble(r);
      c.line(x, TOP, x, TOP + plotH, "#e0e0e0", 1);
      c.text(x + 12, TOP + plotH + 16, String.format(Locale.ROOT, "%.3f", r), "#000000", true);
    }
    for (int e = (int) logLo; e <= (int) logHi; e++) {
      double y = sy.applyAsDouble(Math.pow(10, e));
      c.line(LEFT, y, LEFT + plotW, y, "#e0e0e0", 1);
      c.text(LEFT - 6, y + 4, e >= 0 ? String.valueOf((long) Math.pow(10, e)) : String.valueOf(Math.pow(10, e)),
          "#000000", true);
    }
    c.line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH, "#000000", 1);
    c.line(LEFT, TOP, LEFT, TOP + plotH, "#000000", 1);
    c.text(LEFT + plotW / 2 + 40, H - 12, recallLabel, "#000000", true);
    c.text(8, TOP + plotH / 2, "QPS", "#000000", false);
    // 2. One line per index, in the order the indexes were measured.
    Map<String, List<Point>> byIndex = new LinkedHashMap<>();
    for (Point p : points) {
      byIndex.computeIfAbsent(p.index(), k -> new ArrayList<>()).add(p);
    }
    int i = 0;
    for (Map.Entry<String, List<Point>> e : byIndex.entrySet()) {
      String colour = COLOURS[i % COLOURS.length];
      List<Point> ps = e.getValue();
      for (int j = 0; j < ps.size(); j++) {
        double x = sx.applyAsDouble(ps.get(j).recall());
        double y = sy.applyAsDouble(ps.get(j).qps());
        c.dot(x, y, colour);
        if (j > 0) {
          c.line(sx.applyAsDouble(ps.get(j - 1).recall()), sy.applyAsDouble(ps.get(j - 1).qps()), x, y, colour, 2);
        }
      }
      double ly = TOP + 10 + 20 * i;
      c.line(W - RIGHT + 15, ly - 4, W - RIGHT + 35, ly - 4, colour, 2);
      c.text(W - RIGHT + 42, ly, e.getKey(), "#000000", false);
      i++;
    }
  }
}

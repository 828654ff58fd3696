package dev.videorec.app.evaluation;

import dev.videorec.core.io.AtomicFiles;
import dev.videorec.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writing reports: every Markdown and JSON report of the app goes to disk through here, and with its charts, the
 * SVG files and the self-contained HTML page of each.
 */
public final class Reports {
  private Reports() {}

  /** Writes {@code value} as indented JSON (the strict mapper's) to {@code file}, atomically. */
  public static void json(Path file, Object value) {
    try {
      write(file, Json.mapper().writeValueAsString(value) + "\n");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the report for " + file, e);
    }
  }

  /** The JSON file beside a Markdown report: {@code x.md} gives {@code x.json}. */
  public static Path besides(Path markdown) {
    return markdown.resolveSibling(markdown.getFileName().toString().replaceAll("\\.md$", "") + ".json");
  }

  /**
   * Writes each chart as {@code NAME-CHART.svg} beside the Markdown report {@code NAME.md}, and {@code NAME.html}:
   * one self-contained page (nothing loaded from elsewhere) with every chart inline and the report's text.
   *
   * @return the files written, the page last
   */
  public static List<Path> charts(Path markdown, String text, List<Charts.Named> charts) {
    String base = markdown.getFileName().toString().replaceAll("\\.md$", "");
    List<Path> written = new ArrayList<>();
    StringBuilder figures = new StringBuilder();
    for (Charts.Named c : charts) {
      String svg = Charts.svg(c.chart());
      Path file = markdown.resolveSibling(base + "-" + c.name() + ".svg");
      write(file, svg);
      written.add(file);
      int open = svg.indexOf("<svg");
      figures.append("<figure>").append(open < 0 ? svg : svg.substring(open)).append("<figcaption>")
          .append(escape(c.title())).append("</figcaption></figure>\n");
    }
    String title = text.lines().filter(l -> l.startsWith("# ")).findFirst().map(l -> l.substring(2)).orElse(base);
    String html = "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title)
        + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
        + (figures.length() == 0 ? "" : "<section class=\"charts\">\n" + figures + "</section>\n")
        + html(text) + "</body>\n</html>\n";
    Path page = markdown.resolveSibling(base + ".html");
    write(page, html);
    written.add(page);
    return written;
  }

  private static final String STYLE = """
      body { font: 15px/1.45 system-ui, sans-serif; color: #1d2330; max-width: 1100px; margin: 1rem auto; \
      padding: 0 1.5rem; }
      table { border-collapse: collapse; margin: 0.6rem 0 1rem; }
      th, td { border-bottom: 1px solid #d9dee8; padding: 0.2rem 0.6rem; text-align: left; }
      td { font-variant-numeric: tabular-nums; }
      code, pre { font-family: ui-monospace, monospace; font-size: 0.92em; }
      pre { background: #f5f7fa; padding: 0.6rem; overflow-x: auto; }
      .charts { display: flex; flex-wrap: wrap; gap: 1rem; }
      figure { margin: 0; } figure svg { max-width: 100%; height: auto; }
      figcaption { color: #667085; font-size: 0.9em; }
      """;

  /** The Markdown the reports write (headings, paragraphs, lists, tables, indented code) as HTML. */
  static String html(String markdown) {
    StringBuilder out = new StringBuilder();
    List<String> lines = markdown.lines().toList();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank()) {
        i++;
      } else if (line.matches("#{1,6} .*")) {
        int level = line.indexOf(' ');
        out.append("<h").append(level).append('>').append(inline(line.substring(level + 1))).append("</h")
            .append(level).append(">\n");
        i++;
      } else if (line.startsWith("|")) {
        out.append("<table>\n");
        boolean header = i + 1 < lines.size() && lines.get(i + 1).matches("\\|[-:| ]+\\|?");
        for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
          if (lines.get(i).matches("\\|[-:| ]+\\|?")) {
            continue;
          }
          String tag = header ? "th" : "td";
          out.append("<tr>");
          String row = lines.get(i).strip();
          for (String cell : row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length()).split("\\|",
              -1)) {
            out.append('<').append(tag).append('>').append(inline(cell.strip())).append("</").append(tag).append('>');
          }
          out.append("</tr>\n");
          header = false;
        }
        out.append("</table>\n");
      } else if (line.startsWith("    ")) {
        out.append("<pre>");
        for (; i < lines.size() && (lines.get(i).startsWith("    ") || lines.get(i).isBlank()); i++) {
          out.append(escape(lines.get(i).length() >= 4 ? lines.get(i).substring(4) : "")).append('\n');
        }
        out.append("</pre>\n");
      } else if (line.startsWith("- ")) {
        out.append("<ul>\n");
        for (; i < lines.size() && lines.get(i).startsWith("- "); i++) {
          out.append("<li>").append(inline(lines.get(i).substring(2))).append("</li>\n");
        }
        out.append("</ul>\n");
      } else {
        out.append("<p>");
        for (; i < lines.size() && !lines.get(i).isBlank() && !lines.get(i).startsWith("|")
            && !lines.get(i).matches("#{1,6} .*"); i++) {
          out.append(inline(lines.get(i))).append('\n');
        }
        out.append("</p>\n");
      }
    }
    return out.toString();
  }

  private static String inline(String s) {
    return escape(s).replaceAll("`([^`]+)`", "<code>$1</code>").replaceAll("\\*\\*([^*]+)\\*\\*", "<strong>$1</strong>");
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Writes {@code text} to {@code file} atomically (a temporary file, then a rename). */
  public static void write(Path file, String text) {
    try {
      AtomicFiles.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}

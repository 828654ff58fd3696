package dev.videorec.app.serving;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of Prometheus's text exposition format (version 0.0.4), as a scraper reads it: {@code # HELP} and
 * {@code # TYPE} lines, samples {@code name{label="value",...} value [timestamp]} with escaped label values and Go
 * float values, each family's samples after its TYPE and together, histograms with cumulative {@code le} buckets
 * ending at {@code +Inf} equal to {@code _count}. Anything else throws with the line number.
 */
final class PrometheusText {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
  private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME.pattern()
      + ") (counter|gauge|histogram|summary|untyped)");

  record Sample(String name, Map<String, String> labels, double value) {}

  record Family(String name, String type, List<Sample> samples) {}

  private PrometheusText() {}

  static Map<String, Family> parse(String text) {
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("the exposition must end with a line break");
    }
    Map<String, Family> families = new LinkedHashMap<>();
    Family current = null;
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length - 1; n++) {
      String line = lines[n];
      String where = "line " + (n + 1) + ": ";
      if (line.isEmpty() || line.startsWith("# HELP ")) {
        continue;
      }
      Matcher t = TYPE.matcher(line);
      if (t.matches()) {
        if (families.containsKey(t.group(1))) {
          throw new IllegalArgumentException(where + "second TYPE for " + t.group(1));
        }
        current = new Family(t.group(1), t.group(2), new ArrayList<>());
        families.put(current.name(), current);
        continue;
      }
      if (line.startsWith("#")) {
        continue;   // a comment
      }
      Sample s = sample(line, where);
      if (current == null || !belongs(s.name(), current)) {
        throw new IllegalArgumentException(where + s.name() + " is not in the family declared before it");
      }
      current.samples().add(s);
    }
    families.values().forEach(PrometheusText::checkHistogram);
    return families;
  }

  private static boolean belongs(String sample, Family f) {
    if (sample.equals(f.name())) {
      return true;
    }
    return switch (f.type()) {
      case "histogram" -> sample.equals(f.name() + "_bucket") || sample.equals(f.name() + "_sum")
          || sample.equals(f.name() + "_count");
      case "summary" -> sample.equals(f.name() + "_sum") || sample.equals(f.name() + "_count");
      default -> false;
    };
  }

  private static Sample sample(String line, String where) {
    Matcher name = NAME.matcher(line);
    if (!name.lookingAt()) {
      throw new IllegalArgumentException(where + "no metric name: " + line);
    }
    int i = name.end();
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        Matcher l = LABEL.matcher(line).region(i, line.length());
        if (!l.lookingAt()) {
          throw new IllegalArgumentException(where + "bad label at column " + (i + 1) + ": " + line);
        }
        if (labels.put(l.group(1), l.group(2).replace("\\n", "\n").replace("\\\"", "\"")
            .replace("\\\\", "\\")) != null) {
          throw new IllegalArgumentException(where + "repeated label " + l.group(1));
        }
        i = l.end();
        if (line.charAt(i) == ',') {
          i++;
        } else if (line.charAt(i) != '}') {
          throw new IllegalArgumentException(where + "expected , or } at column " + (i + 1));
        }
      }
      i++;
    }
    if (i >= line.length() || line.charAt(i) != ' ') {
      throw new IllegalArgumentException(where + "expected a space before the value: " + line);
    }
    String[] rest = line.substring(i + 1).split(" ");
    if (rest.length > 2) {
      throw new IllegalArgumentException(where + "more than a value and a timestamp: " + line);
    }
    if (rest.length == 2) {
      Long.parseLong(rest[1]);
    }
    return new Sample(name.group(), labels, value(rest[0], where));
  }

  private static double value(String v, String where) {
    return switch (v) {
      case "NaN" -> Double.NaN;
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        if (!v.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
          throw new IllegalArgumentException(where + "not a number: " + v);
        }
        yield Double.parseDouble(v);
      }
    };
  }

  /** Per label set (without {@code le}): buckets cumulative, ending at +Inf, equal to {@code _count}. */
  private static void checkHistogram(Family f) {
    if (!f.type().equals("histogram")) {
      return;
    }
    Map<Map<String, String>, List<Sample>> buckets = new LinkedHashMap<>();
    Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
    for (Sample s : f.samples()) {
      Map<String, String> key = new LinkedHashMap<>(s.labels());
      key.remove("le");
      if (s.name().endsWith("_bucket")) {
        if (!s.labels().containsKey("le")) {
          throw new IllegalArgumentException(f.name() + ": a bucket without le");
        }
        buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
      } else if (s.name().endsWith("_count")) {
        counts.put(key, s.value());
      }
    }
    buckets.forEach((key, list) -> {
      double last = Double.NEGATIVE_INFINITY;
      double lastCount = 0;
      for (Sample b : list) {
        double le = value(b.labels().get("le"), f.name() + ": ");
        if (le <= last || b.value() < lastCount) {
          throw new IllegalArgumentException(f.name() + key + ": buckets not in order or not cumulative");
        }
        last = le;
        lastCount = b.value();
      }
      if (last != Double.POSITIVE_INFINITY || !counts.containsKey(key) || counts.get(key) != lastCount) {
        throw new IllegalArgumentException(f.name() + key + ": the +Inf bucket must equal _count");
      }
    });
  }
}

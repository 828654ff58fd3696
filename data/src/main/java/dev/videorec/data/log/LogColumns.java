package dev.videorec.data.log;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which column of a log holds what, as given on the command line:
 * {@code user=COL,item=COL,time=COL[,click=COL][,watch=COL][,duration=COL][,creator=COL][,rating=COL]}.
 *
 * @param user     the user id (any string)
 * @param item     the video id (any string)
 * @param time     when: epoch seconds, epoch milliseconds (13 digits or more), or ISO-8601 (an instant, a local
 *                 date-time or a date, read as UTC)
 * @param click    whether the impression was clicked (1/0, true/false, yes/no), or null
 * @param watch    seconds watched, or null
 * @param duration the video's length in seconds, or null
 * @param creator  who uploaded the video (any string), or null
 * @param rating   an explicit rating, or null
 */
public record LogColumns(String user, String item, String time, String click, String watch, String duration,
                         String creator, String rating) {
  /** The keys of a mapping, in order. */
  public static final List<String> KEYS = List.of("user", "item", "time", "click", "watch", "duration", "creator",
      "rating");

  public LogColumns {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(time, "time");
  }

  /**
   * Parses {@code user=a,item=b,time=c,...}.
   *
   * @throws IllegalArgumentException naming the problem: an unknown key, a key given twice, an empty column name,
   *                                  a missing required key, or one column mapped twice
   */
  public static LogColumns parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    Map<String, String> m = new LinkedHashMap<>();
    for (String part : spec.split(",", -1)) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--columns: expected key=column, got '" + part + "' (keys: "
            + String.join(", ", KEYS) + ")");
      }
      String key = part.substring(0, eq).trim();
      String column = part.substring(eq + 1).trim();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("--columns: unknown key '" + key + "'; keys: " + String.join(", ", KEYS));
      }
      if (column.isEmpty()) {
        throw new IllegalArgumentException("--columns: " + key + " names no column");
      }
      if (m.put(key, column) != null) {
        throw new IllegalArgumentException("--columns: " + key + " is given twice");
      }
    }
    for (String required : List.of("user", "item", "time")) {
      if (!m.containsKey(required)) {
        throw new IllegalArgumentException("--columns: " + required + "=COLUMN is required");
      }
    }
    Map<String, String> byColumn = new LinkedHashMap<>();
    m.forEach((k, c) -> {
      String other = byColumn.put(c, k);
      if (other != null) {
        throw new IllegalArgumentException("--columns: column '" + c + "' is mapped to both " + other + " and " + k);
      }
    });
    return new LogColumns(m.get("user"), m.get("item"), m.get("time"), m.get("click"), m.get("watch"),
        m.get("duration"), m.get("creator"), m.get("rating"));
  }

  /** The mapping as it is written on the command line. */
  public String spec() {
    StringBuilder sb = new StringBuilder();
    String[] values = {user, item, time, click, watch, duration, creator, rating};
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        sb.append(sb.length() == 0 ? "" : ",").append(KEYS.get(i)).append('=').append(values[i]);
      }
    }
    return sb.toString();
  }
}

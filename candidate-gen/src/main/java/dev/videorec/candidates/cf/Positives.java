package dev.videorec.candidates.cf;

import dev.videorec.core.Interaction;
import dev.videorec.core.UserId;
import dev.videorec.core.VideoId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The binary user × video matrix of a click log: {@code X[u][i] = 1} when user u clicked video i at least once.
 * Only videos clicked by at least {@code minSupport} distinct users get a column (an ordinal); videos are numbered
 * in id order, users in id order, so the matrix does not depend on the log's order. Immutable.
 */
public final class Positives {
  private final List<VideoId> items;
  private final Map<VideoId, Integer> ordinals;
  private final int[][] rows;
  private final int[] support;

  private Positives(List<VideoId> items, int[][] rows) {
    this.items = List.copyOf(items);
    this.ordinals = new HashMap<>(items.size() * 2);
    for (int i = 0; i < items.size(); i++) {
      ordinals.put(items.get(i), i);
    }
    this.rows = rows;
    this.support = new int[items.size()];
    for (int[] row : rows) {
      for (int i : row) {
        support[i]++;
      }
    }
  }

  /**
   * The click matrix of {@code log}.
   *
   * @param minSupport videos clicked by fewer distinct users get no column
   * @throws IllegalArgumentException if {@code minSupport < 1}
   */
  public static Positives of(List<Interaction> log, int minSupport) {
    Objects.requireNonNull(log, "log");
    if (minSupport < 1) {
      throw new IllegalArgumentException("minSupport must be >= 1, got " + minSupport);
    }
    // 1. Distinct clicked videos per user, in id order of users.
    Map<UserId, Set<VideoId>> byUser = new TreeMap<>();
    Map<VideoId, Integer> users = new HashMap<>();
    for (Interaction i : log) {
      if (i.clicked() && byUser.computeIfAbsent(i.user(), u -> new LinkedHashSet<>()).add(i.video())) {
        users.merge(i.video(), 1, Integer::sum);
      }
    }
    // 2. Columns for the videos with enough support, in id order.
    List<VideoId> items = new ArrayList<>();
    users.forEach((v, n) -> {
      if (n >= minSupport) {
        items.add(v);
      }
    });
    items.sort(null);
    Map<VideoId, Integer> ord = new HashMap<>(items.size() * 2);
    for (int i = 0; i < items.size(); i++) {
      ord.put(items.get(i), i);
    }
    // 3. One sorted row of ordinals per user.
    List<int[]> rows = new ArrayList<>(byUser.size());
    for (Set<VideoId> clicked : byUser.values()) {
      int[] row = clicked.stream().map(ord::get).filter(Objects::nonNull).mapToInt(Integer::intValue).sorted()
          .toArray();
      if (row.length > 0) {
        rows.add(row);
      }
    }
    return new Positives(items, rows.toArray(new int[0][]));
  }

  /** The videos with a column; ordinal {@code i} is {@code items().get(i)}. */
  public List<VideoId> items() {
    return items;
  }

  public int itemCount() {
    return items.size();
  }

  /** The ordinal of {@code video}, or -1 when it has no column. */
  public int ordinal(VideoId video) {
    Integer o = ordinals.get(video);
    return o == null ? -1 : o;
  }

  /** Users with at least one clicked column. */
  public int userCount() {
    return rows.length;
  }

  /** Row {@code u}: the sorted ordinals user number {@code u} clicked. Not a copy: do not modify. */
  int[] row(int u) {
    return rows[u];
  }

  /** Distinct users who clicked video {@code ordinal}. */
  public int support(int ordinal) {
    return support[ordinal];
  }

  /**
   * The smallest support threshold that leaves at most {@code maxItems} columns: 1 when the matrix is small
   * enough already. Whole tiers of equal support stay or go together, so the columns kept do not depend on ids.
   *
   * @throws IllegalArgumentException if {@code maxItems < 1}
   */
  public int minSupportFor(int maxItems) {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be >= 1, got " + maxItems);
    }
    if (items.size() <= maxItems) {
      return 1;
    }
    int[] sorted = support.clone();
    java.util.Arrays.sort(sorted);
    // sorted[n - maxItems - 1] is the largest support among the videos that cannot all stay.
    return sorted[sorted.length - maxItems - 1] + 1;
  }

  /**
   * This matrix restricted to the videos clicked by at least {@code minSupport} distinct users, renumbered in id
   * order; users left with no column drop out. {@code this} when every column qualifies.
   */
  public Positives withMinSupport(int minSupport) {
    if (minSupport < 1) {
      throw new IllegalArgumentException("minSupport must be >= 1, got " + minSupport);
    }
    int[] renumber = new int[items.size()];
    List<VideoId> kept = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      renumber[i] = support[i] >= minSupport ? kept.size() : -1;
      if (renumber[i] >= 0) {
        kept.add(items.get(i));
      }
    }
    if (kept.size() == items.size()) {
      return this;
    }
    List<int[]> keptRows = new ArrayList<>(rows.length);
    for (int[] row : rows) {
      int[] r = java.util.Arrays.stream(row).map(i -> renumber[i]).filter(i -> i >= 0).toArray();
      if (r.length > 0) {
        keptRows.add(r);
      }
    }
    return new Positives(kept, keptRows.toArray(new int[0][]));
  }

  /** The Gram matrix {@code XᵀX}: co-click counts, diagonal = support. Dense, {@code itemCount()²} doubles. */
  double[][] gram() {
    int n = items.size();
    double[][] g = new double[n][n];
    for (int[] row : rows) {
      for (int a : row) {
        double[] ga = g[a];
        for (int b : row) {
          ga[b] += 1;
        }
      }
    }
    return g;
  }

  /** The users of each column: the transpose of the rows. */
  int[][] columns() {
    int n = items.size();
    int[][] cols = new int[n][];
    int[] fill = new int[n];
    for (int i = 0; i < n; i++) {
      cols[i] = new int[support[i]];
    }
    for (int u = 0; u < rows.length; u++) {
      for (int i : rows[u]) {
        cols[i][fill[i]++] = u;
      }
    }
    return cols;
  }
}

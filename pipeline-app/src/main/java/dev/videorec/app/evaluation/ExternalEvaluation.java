package dev.videorec.app.evaluation;

import dev.videorec.app.model.TopKLists;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.app.simulation.AbStatistics;
import dev.videorec.core.metrics.Metrics;
import dev.videorec.data.CsvReader;
import dev.videorec.data.DataFileException;
import dev.videorec.data.movielens.MovieLensRatings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Top-k lists from any system, in {@code recs.csv} form, scored against held-out ratings: recall@10, recall@100,
 * NDCG@10, HitRate@10 and catalogue coverage@10, each with a 95% confidence interval over users.
 *
 * <p>Relevant videos are a user's held-out ratings at or above the positive threshold. The evaluated users are
 * those with at least one relevant video and a list in every compared file; test users without a list (users the
 * model never saw) are counted and reported, not scored. Per-user metrics get Student's t interval over users;
 * coverage, a property of all lists together, gets a jackknife interval over users.
 *
 * <p>Lists are also compared pairwise on the same users: for every pair and every per-user metric, the mean of the
 * per-user differences with its 95% Student's t interval. Pairing removes the variation between users (some are
 * easy to please, some are not), so a difference whose interval excludes zero is one the sample can tell.
 */
public final class ExternalEvaluation {
  static final int[] RECALL_KS = {10, 100};
  static final int K = 10;

  /**
   * One list source's figures: each metric's mean and 95% interval.
   *
   * @param metrics metric name to {mean, low, high}
   */
  public record Row(String name, int users, Map<String, double[]> metrics) {}

  /**
   * A paired comparison: list {@code a} minus list {@code b}, per metric {mean, low, high} of the per-user
   * differences.
   */
  record Paired(String a, String b, Map<String, double[]> differences) {}

  /** The per-user metrics that are compared in pairs. */
  static final List<String> PAIRED_METRICS = List.of("NDCG@10", "recall@10", "recall@100", "HitRate@10");

  /**
   * The whole comparison.
   *
   * @param testUsers       test users with at least one relevant rating
   * @param evaluated       of those, users with a list in every file
   * @param catalogue       the catalogue size coverage is measured against
   * @param catalogueSource what the catalogue is
   */
  public record Report(int testUsers, int evaluated, int catalogue, String catalogueSource, List<Row> rows,
                List<Paired> paired) {}

  private ExternalEvaluation() {}

  /**
   * Reads {@code recs.csv}: header {@value BatchRecommendations#HEADER} (numeric ids) or
   * {@value BatchRecommendations#LOG_HEADER} (a log's own ids, any strings), ranks 1..n per user without gaps or
   * repeats ({@link TopKLists#read}).
   *
   * @throws DataFileException naming the line of any problem
   */
  public static Map<String, List<String>> readRecs(Path file) {
    return TopKLists.read(file);
  }

  /** Relevant movies per user: held-out ratings at or above {@code threshold}. */
  public static Map<String, Set<String>> relevant(List<MovieLensRatings.Rating> test, double threshold) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (MovieLensRatings.Rating r : test) {
      if (r.rating() >= threshold) {
        out.computeIfAbsent(Integer.toString(r.user()), u -> new HashSet<>()).add(Integer.toString(r.movie()));
      }
    }
    return out;
  }

  /** Relevant items per user of a held-out log: its clicks, in the log's own ids. */
  public static Map<String, Set<String>> relevant(dev.videorec.data.log.InteractionLogReader.Log test) {
    Map<String, Set<String>> out = new TreeMap<>();
    for (dev.videorec.core.Interaction i : test.dataset().interactions()) {
      if (i.clicked()) {
        out.computeIfAbsent(test.users().id(i.user().value()), u -> new HashSet<>())
            .add(test.items().id(i.video().value()));
      }
    }
    return out;
  }

  /** The most clicked items of a training log for each user, minus what the user interacted with, k long. */
  public static Map<String, List<String>> popularity(dev.videorec.data.log.InteractionLogReader.Log train,
                                              Set<String> users, int k) {
    List<MovieLensRatings.Rating> asRatings = new ArrayList<>();
    for (dev.videorec.core.Interaction i : train.dataset().interactions()) {
      asRatings.add(new MovieLensRatings.Rating(i.user().value(), i.video().value(), i.clicked() ? 5 : 0.5,
          i.timestamp()));
    }
    Set<String> ordinals = new java.util.TreeSet<>();
    for (String u : users) {
      train.users().ordinal(u).ifPresent(o -> ordinals.add(Integer.toString(o)));
    }
    Map<String, List<String>> byOrdinal = popularity(asRatings, 5, ordinals, k);
    Map<String, List<String>> out = new TreeMap<>();
    byOrdinal.forEach((u, list) -> out.put(train.users().id(Integer.parseInt(u)),
        list.stream().map(v -> train.items().id(Integer.parseInt(v))).toList()));
    return out;
  }

  /**
   * The most popular training movies (by ratings at or above {@code threshold}) for each user, minus what the user
   * rated in training, {@code k} long.
   */
  public static Map<String, List<String>> popularity(List<MovieLensRatings.Rating> train, double threshold,
                                              Set<String> users, int k) {
    Map<String, Integer> counts = new HashMap<>();
    Map<String, Set<String>> seen = new HashMap<>();
    for (MovieLensRatings.Rating r : train) {
      String movie = Integer.toString(r.movie());
      seen.computeIfAbsent(Integer.toString(r.user()), u -> new HashSet<>()).add(movie);
      if (r.rating() >= threshold) {
        counts.merge(movie, 1, Integer::sum);
      }
    }
    // Most counted first; ties by the lower id, compared as numbers.
    List<String> order = counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
            .thenComparing(e -> Long.parseLong(e.getKey())))
        .map(Map.Entry::getKey).toList();
    Map<String, List<String>> out = new TreeMap<>();
    for (String u : users) {
      Set<String> s = seen.getOrDefault(u, Set.of());
      List<String> list = new ArrayList<>(k);
      for (String m : order) {
        if (list.size() == k) {
          break;
        }
        if (!s.contains(m)) {
          list.add(m);
        }
      }
      out.put(u, list);
    }
    return out;
  }

  /**
   * Scores every named set of lists on the same users.
   *
   * @param lists     list source name to lists by user
   * @param catalogue the catalogue size for coverage
   */
  public static Report evaluate(Map<String, Map<String, List<String>>> lists, Map<String, Set<String>> relevant,
                         int catalogue, String catalogueSource) {
    List<String> users = new ArrayList<>();
    for (String u : relevant.keySet()) {
      boolean everywhere = true;
      for (Map<String, List<String>> l : lists.values()) {
        everywhere &= l.containsKey(u);
      }
      if (everywhere) {
        users.add(u);
      }
    }
    if (users.size() < 2) {
      throw new IllegalArgumentException("only " + users.size() + " test users with a relevant rating have "
          + "recommendations; nothing to evaluate (are the recommendations for the same users as the test file?)");
    }
    List<Row> rows = new ArrayList<>();
    Map<String, Map<String, double[]>> perUser = new LinkedHashMap<>();
    for (Map.Entry<String, Map<String, List<String>>> e : lists.entrySet()) {
      int n = users.size();
      double[] r10 = new double[n];
      double[] r100 = new double[n];
      double[] ndcg = new double[n];
      double[] hit = new double[n];
      List<List<String>> top = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        List<String> list = e.getValue().get(users.get(i));
        Set<String> rel = relevant.get(users.get(i));
        r10[i] = Metrics.recallAtK(list, rel, 10);
        r100[i] = Metrics.recallAtK(list, rel, 100);
        ndcg[i] = Metrics.ndcgAtK(list, rel, K);
        hit[i] = r10[i] > 0 ? 1 : 0;
        top.add(list.subList(0, Math.min(K, list.size())));
      }
      Map<String, double[]> m = new LinkedHashMap<>();
      m.put("recall@10", interval(r10));
      m.put("recall@100", interval(r100));
      m.put("NDCG@10", interval(ndcg));
      m.put("HitRate@10", interval(hit));
      m.put("coverage@10", coverage(top, catalogue));
      rows.add(new Row(e.getKey(), n, m));
      perUser.put(e.getKey(), Map.of("NDCG@10", ndcg, "recall@10", r10, "recall@100", r100, "HitRate@10", hit));
    }
    List<Paired> paired = new ArrayList<>();
    List<String> names = new ArrayList<>(lists.keySet());
    for (String a : names) {
      for (String b : names) {
        if (a.equals(b)) {
          continue;
        }
        Map<String, double[]> d = new LinkedHashMap<>();
        for (String metric : PAIRED_METRICS) {
          double[] x = perUser.get(a).get(metric);
          double[] y = perUser.get(b).get(metric);
          double[] diff = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            diff[i] = x[i] - y[i];
          }
          d.put(metric, interval(diff));
        }
        paired.add(new Paired(a, b, d));
      }
    }
    return new Report(relevant.size(), users.size(), catalogue, catalogueSource, rows, paired);
  }

  private static double[] interval(double[] values) {
    return AbStatistics.meanInterval(values);
  }

  /**
   * Distinct movies in the top-k lists over the catalogue, with a jackknife interval over users (leave one user
   * out; the bootstrap's resamples repeat users and so undercount distinct movies).
   */
  private static double[] coverage(List<List<String>> lists, int catalogue) {
    Map<String, Integer> listedBy = new HashMap<>();
    for (List<String> l : lists) {
      for (String m : new HashSet<>(l)) {
        listedBy.merge(m, 1, Integer::sum);
      }
    }
    int n = lists.size();
    double point = listedBy.size() / (double) catalogue;
    // Without user i, coverage loses the movies only i's list holds.
    double[] leaveOut = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      int only = 0;
      for (String m : new HashSet<>(lists.get(i))) {
        if (listedBy.get(m) == 1) {
          only++;
        }
      }
      leaveOut[i] = (listedBy.size() - only) / (double) catalogue;
      mean += leaveOut[i] / n;
    }
    double var = 0;
    for (double v : leaveOut) {
      var += (v - mean) * (v - mean);
    }
    double se = Math.sqrt(var * (n - 1) / n);
    return new double[] {point, point - 1.96 * se, point + 1.96 * se};
  }

  public static String markdown(Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%,d test users have a relevant rating; %,d of them have recommendations "
        + "in every file and are evaluated (%,d are not: users the model never saw). Coverage is over %,d movies "
        + "(%s). Intervals are 95%% over users.%n%n", r.testUsers(), r.evaluated(), r.testUsers() - r.evaluated(),
        r.catalogue(), r.catalogueSource()));
    List<String> header = new ArrayList<>(List.of("list"));
    header.addAll(r.rows().get(0).metrics().keySet());
    MarkdownTable lists = new MarkdownTable(header);
    for (Row row : r.rows()) {
      List<String> cells = new ArrayList<>(List.of(row.name()));
      row.metrics().values().forEach(v -> cells.add(String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", v[0], v[1],
          v[2])));
      lists.row(cells);
    }
    sb.append(lists);
    if (r.rows().size() > 1) {
      sb.append("\nPaired differences on the same users, row minus column: mean and 95% interval of the per-user "
          + "difference (an interval above zero: the row is better).\n");
      for (String metric : List.of("NDCG@10", "recall@100")) {
        List<String> columns = new ArrayList<>(List.of("row − column"));
        r.rows().forEach(row -> columns.add(row.name()));
        MarkdownTable paired = new MarkdownTable(columns);
        for (Row a : r.rows()) {
          List<String> cells = new ArrayList<>(List.of(a.name()));
          for (Row b : r.rows()) {
            String cell = "";
            for (Paired p : r.paired()) {
              if (!a.name().equals(b.name()) && p.a().equals(a.name()) && p.b().equals(b.name())) {
                double[] v = p.differences().get(metric);
                cell = String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", v[0], v[1], v[2]);
              }
            }
            cells.add(cell);
          }
          paired.row(cells);
        }
        sb.append("\n").append(metric).append("\n\n").append(paired);
      }
    }
    return sb.toString();
  }
}

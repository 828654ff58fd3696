package dev.videorec.app.cli;

import dev.videorec.app.evaluation.OfflineEvaluation;
import dev.videorec.app.evaluation.RerankingComparison;
import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.Funnel;
import dev.videorec.core.Attribution;
import dev.videorec.core.Candidate;
import dev.videorec.core.Catalog;
import dev.videorec.core.Decision;
import dev.videorec.core.Interaction;
import dev.videorec.core.Recommendation;
import dev.videorec.core.RequestContext;
import dev.videorec.core.ScoredCandidate;
import dev.videorec.core.User;
import dev.videorec.core.UserHistory;
import dev.videorec.core.UserId;
import dev.videorec.core.Video;
import dev.videorec.core.VideoId;
import dev.videorec.core.io.MarkdownTable;
import dev.videorec.core.trace.StageRecord;
import dev.videorec.data.Dataset;
import dev.videorec.data.TemporalSplit;
import dev.videorec.reranking.config.RerankConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import java.nio.file.Path;
import java.time.Instant;
import dev.videorec.candidates.source.CandidateMixerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code videorec demo}: loads a dataset, splits it by time, trains every stage, shows the funnel at work for a
 * few users, then evaluates it on the held-out later window.
 */
@Command(name = "demo", sortOptions = false, description = {"train the whole funnel on a dataset, show it at "
    + "work for a few users, evaluate it offline", "",
    "The log is split by time: the first 80%% of the time span trains, the next 10%% is the validation window (the "
        + "re-ranking variants are compared there first: the window the default chain is chosen on), the last 10%% "
        + "is the test window every other figure is computed on.", ""})
public final class DemoCommand extends BaseCommand {
  @Mixin
  Datasets datasets;

  @Option(names = "--mixer-config", paramLabel = "FILE", description = "candidate sources, quotas and budgets as "
      + "JSON (default: mixer-default.json, see candidate-gen/README.md)")
  Path mixerConfig;

  @Option(names = "--rerank-config", paramLabel = "FILE",
      description = "the re-ranking chain as JSON (default: rerank-default.json, see reranking/README.md)")
  Path rerankConfig;

  @Option(names = "--k", paramLabel = "N", description = "length of the final list (default ${DEFAULT-VALUE})")
  int k = 10;

  @Option(names = "--show", paramLabel = "N",
      description = "users to walk through in detail (default ${DEFAULT-VALUE})")
  int show = 3;

  @Option(names = "--seed", paramLabel = "S",
      description = "seed of every trained component (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Override
  int execute() {
    inRange("--k", k, 1, 100);
    inRange("--show", show, 0, 50);
    long start = System.nanoTime();
    // The re-ranking chain first: a typo in it should not wait for the data to load.
    FunnelBuilder builder = FunnelBuilder.defaults(seed);
    if (mixerConfig != null) {
      builder = builder.withMixer(CandidateMixerConfig.load(mixerConfig));
    }
    if (rerankConfig != null) {
      builder = builder.withRerank(RerankConfig.load(rerankConfig));
    }

    // 1. Data: load and split by time.
    Dataset dataset = datasets.load(err);
    section("1. Data (" + datasets.path() + ")");
    Catalog catalog = dataset.catalog();
    TemporalSplit split = TemporalSplit.atFractions(dataset.interactions(), Datasets.TRAIN_FRACTION,
        Datasets.VALIDATION_FRACTION);
    out.printf(Locale.ROOT, "%,d users, %,d videos, %,d impressions (%,d clicks)%n", dataset.users().size(),
        catalog.size(), dataset.interactions().size(), clicks(dataset.interactions()));
    out.printf(Locale.ROOT, "temporal split: train < %s (%,d) | validation < %s (%,d) | test (%,d)%n",
        Instant.ofEpochSecond(split.trainEnd()), split.train().size(), Instant.ofEpochSecond(split.validationEnd()),
        split.validation().size(), split.test().size());

    // 2. Training.
    section("2. Training");
    FunnelBuilder.Trained trained = builder.train(split.train(), split.trainEnd(), catalog, dataset.users(),
        dataset.subscriptions(), line -> out.println("  " + line));
    FunnelBuilder.Models models = trained.models();
    out.printf(Locale.ROOT, "trained: two-tower + index in %.1f s (%d dims), MF baseline in %.1f s (%,d videos x %d "
        + "dims), ranker in %.1f s%n", models.twoTowerSeconds(), trained.twoTower().dimension(),
        models.mfSeconds(), models.mf().videoCount(), models.mf().dimension(), models.rankerSeconds());

    // 3. The funnel at work.
    long requestTime = split.test().isEmpty() ? split.validationEnd() : split.test().get(0).timestamp();
    Map<UserId, Set<VideoId>> later = clickedLater(split.test(), trained);
    Map<UserId, User> users = new HashMap<>();
    dataset.users().forEach(u -> users.put(u.id(), u));
    for (UserId user : showcaseUsers(later, trained, show)) {
      RequestContext ctx = trained.context(user, requestTime, k);
      Funnel.Result result = trained.funnel().recommend(ctx);
      section("3. The funnel for user " + user + " (region " + users.get(user).region() + ")");
      printHistory(ctx.history(), catalog);
      printCandidates(result);
      printRanked(result, catalog);
      printFinal(result, catalog, later.getOrDefault(user, Set.of()));
      printLatency(result);
    }

    // 4. Offline evaluation on the test window.
    section("4. Offline evaluation on the test window");
    OfflineEvaluation.Report report = OfflineEvaluation.evaluate(trained, split.test(), k,
        err::println);
    printReport(report);

    // 5. Re-ranking variants on the same candidates and scores: first on the validation window, where the default
    //    chain is chosen, then on the test window.
    RerankingComparison.Truth truth = RerankingComparison.truthOf(dataset);
    Map<String, RerankConfig> variantConfigs = RerankingComparison.standardVariants(builder.rerank());
    if (!split.validation().isEmpty()) {
      section("5. Re-ranking variants on the validation window, where the default chain is chosen (same candidates, "
          + "same scores; the first row ranks by the click head alone, every other row by the value model)");
      Map<String, RerankingComparison.Row> onValidation = RerankingComparison.run(trained, split.train(),
          split.validation(), k, variantConfigs, truth);
      printVariants(onValidation, "validation");
      List<String> dominating = RerankingComparison.dominating(onValidation, truth != null);
      out.println(dominating.isEmpty()
          ? "  no variant beats the funnel's chain on NDCG, wNDCG" + (truth != null ? " and true minutes" : "")
              + " at once"
          : "  the funnel's chain is beaten on NDCG, wNDCG" + (truth != null ? " and true minutes" : "")
              + " at once by: " + String.join(", ", dominating));
    }
    section("6. Re-ranking variants on the test window (same candidates, same scores; the first row ranks by the "
        + "click head alone, every other row by the value model)");
    Map<String, RerankingComparison.Row> variants = RerankingComparison.run(trained, split.train(), split.test(), k,
        variantConfigs, truth);
    printVariants(variants, "test");
    out.printf(Locale.ROOT, "%ndemo finished in %.1f s%n", (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private static Map<UserId, Set<VideoId>> clickedLater(List<Interaction> test, FunnelBuilder.Trained trained) {
    Map<UserId, Set<VideoId>> out = new TreeMap<>();
    for (Interaction i : test) {
      if (i.clicked() && !trained.histories().of(i.user()).hasWatched(i.video())) {
        out.computeIfAbsent(i.user(), u -> new HashSet<>()).add(i.video());
      }
    }
    return out;
  }

  /** A heavy, a typical and a light user (by training history) among those with test clicks. */
  private static List<UserId> showcaseUsers(Map<UserId, Set<VideoId>> later, FunnelBuilder.Trained trained, int n) {
    List<UserId> candidates = new ArrayList<>(later.keySet());
    candidates.removeIf(u -> trained.histories().of(u).isEmpty());
    candidates.sort(Comparator.comparingInt((UserId u) -> trained.histories().of(u).watched().size())
        .reversed().thenComparing(u -> u));
    List<UserId> picked = new ArrayList<>();
    for (int i = 0; i < n && !candidates.isEmpty(); i++) {
      double q = n == 1 ? 0.5 : 0.1 + 0.8 * i / (n - 1);
      UserId u = candidates.get((int) Math.round(q * (candidates.size() - 1)));
      if (!picked.contains(u)) {
        picked.add(u);
      }
    }
    return picked;
  }

  private void printHistory(UserHistory history, Catalog catalog) {
    Map<Integer, Integer> topics = new TreeMap<>();
    for (VideoId v : history.watched()) {
      topics.merge(catalog.get(v).topic(), 1, Integer::sum);
    }
    List<Map.Entry<Integer, Integer>> top = new ArrayList<>(topics.entrySet());
    top.sort(Map.Entry.<Integer, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(3, top.size()); i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "topic %d %.0f%%", top.get(i).getKey(),
          100.0 * top.get(i).getValue() / history.watched().size()));
    }
    out.printf(Locale.ROOT, "history: %d videos watched in training; top topics: %s%n", history.watched().size(), sb);
    StringBuilder recent = new StringBuilder();
    for (int i = 0; i < Math.min(5, history.watched().size()); i++) {
      Video v = catalog.get(history.watched().get(i));
      recent.append(i == 0 ? "" : ", ").append(v.id()).append(" (topic ").append(v.topic()).append(")");
    }
    out.println("  most recent: " + recent);
  }

  private void printCandidates(Funnel.Result result) {
    Map<String, Integer> bySource = new LinkedHashMap<>();
    int multi = 0;
    for (Candidate c : result.candidates()) {
      for (Attribution a : c.sources()) {
        bySource.merge(a.source(), 1, Integer::sum);
      }
      if (c.sources().size() > 1) {
        multi++;
      }
    }
    out.printf(Locale.ROOT, "candidates: %d merged %s, %d proposed by more than one source%n",
        result.candidates().size(), bySource, multi);
    for (String degradation : result.trace().degradations()) {
      out.println("  degraded: " + degradation);
    }
  }

  private void printRanked(Funnel.Result result, Catalog catalog) {
    List<ScoredCandidate> sorted = new ArrayList<>(result.scored());
    sorted.sort(Comparator.comparingDouble(ScoredCandidate::score).reversed().thenComparing(ScoredCandidate::video));
    out.println("ranked by the ranker's score (value model: P(click) x E[watched fraction]), top 5 of "
        + sorted.size() + ":");
    for (int i = 0; i < Math.min(5, sorted.size()); i++) {
      ScoredCandidate s = sorted.get(i);
      Video v = catalog.get(s.video());
      out.printf(Locale.ROOT, "  %d. %-7s score=%.3f (P(click) %.3f, watched %s)  topic %-2d creator %-5s from %s%n",
          i + 1, s.video(), s.score(), s.clickProbability(), Double.isNaN(s.expectedWatchFraction()) ? "n/a"
              : String.format(Locale.ROOT, "%.2f", s.expectedWatchFraction()), v.topic(), v.creator(),
          sources(s.candidate().sources()));
    }
  }

  private void printFinal(Funnel.Result result, Catalog catalog, Set<VideoId> clickedLater) {
    out.println("final list (k=" + result.recommendations().size() + "), * = clicked in the test window:");
    for (Recommendation r : result.recommendations()) {
      Video v = catalog.get(r.video());
      out.printf(Locale.ROOT, "  %2d. %-7s score %.3f  topic %-2d creator %-5s from %-28s %s%n", r.rank(), r.video(),
          r.score(), v.topic(), v.creator(), sources(r.sources()), clickedLater.contains(r.video()) ? "*" : "");
      for (Decision d : r.decisions()) {
        out.println("        " + d.rule() + ": " + d.reason());
      }
    }
    Map<String, Integer> removals = new TreeMap<>();
    Map<String, Decision> example = new TreeMap<>();
    for (Decision d : result.trace().decisions()) {
      if (d.action() == Decision.Action.REMOVED) {
        removals.merge(d.rule(), 1, Integer::sum);
        example.putIfAbsent(d.rule(), d);
      }
    }
    Map<String, Integer> others = new TreeMap<>();
    for (Decision d : result.trace().decisions()) {
      if (d.action() != Decision.Action.REMOVED) {
        others.merge(d.rule() + " " + d.action().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
      }
    }
    out.println("re-ranking decisions: removed " + removals + "; also " + others);
    example.values().forEach(d -> out.println("  e.g. " + d));
  }

  private void printLatency(Funnel.Result result) {
    StringBuilder sb = new StringBuilder();
    for (StageRecord s : result.trace().stages()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %d->%d %.2f ms", s.stage(),
          s.inputSize(), s.outputSize(), s.millis()));
    }
    out.println("latency: " + sb);
  }

  private void printReport(OfflineEvaluation.Report r) {
    out.printf(Locale.ROOT, "%,d test users with clicks on videos new to them; requests at the window's start%n%n",
        r.users());
    out.print("retrieval recall@K (each source alone):\n\n" + r.recallTable());
    MarkdownTable ranking = new MarkdownTable("model", "AUC", "log loss");
    r.rankingAuc().forEach((name, auc) -> ranking.row(name, MarkdownTable.number(auc, 4),
        MarkdownTable.number(r.rankingLogLoss().get(name), 4)));
    out.printf(Locale.ROOT, "%nranking, click prediction on %,d test impressions:%n%n%s", r.impressions(), ranking);
    out.print("\nthe final list:\n\n" + r.ndcgTable());
    out.print("\nper-stage latency over the evaluation requests:\n\n" + r.latencyTable());
  }

  private void printVariants(Map<String, RerankingComparison.Row> rows, String window) {
    out.print(RerankingComparison.table(rows, k));
    out.println("On the " + window + " window. " + RerankingComparison.TABLE_NOTE);
  }

  private void section(String title) {
    out.println();
    out.println("== " + title + " ==");
  }

  private static String sources(List<Attribution> sources) {
    StringBuilder sb = new StringBuilder();
    for (Attribution a : sources) {
      sb.append(sb.length() == 0 ? "" : ", ").append(a.source()).append('#').append(a.rank() + 1);
      if (!a.detail().isEmpty()) {
        sb.append(" (").append(a.detail()).append(')');
      }
    }
    return sb.toString();
  }

  private static long clicks(List<Interaction> log) {
    return log.stream().filter(Interaction::clicked).count();
  }
}

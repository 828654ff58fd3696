package dev.videorec.app.cli;

import dev.videorec.core.io.MarkdownTable;
import dev.videorec.core.Interaction;
import dev.videorec.data.Dataset;
import dev.videorec.data.TemporalSplit;
import dev.videorec.ranking.ClickPredictor;
import dev.videorec.ranking.CtrBaselineRanker;
import dev.videorec.ranking.LogisticRegressionRanker;
import dev.videorec.ranking.RankingEvaluation;
import dev.videorec.ranking.features.PointInTimeFeatures;
import dev.videorec.ranking.model.MultiTaskConfig;
import dev.videorec.ranking.model.MultiTaskTrainer;
import dev.videorec.ranking.model.NeuralRanker;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code videorec ranking}: trains the ranking models on one global temporal split and compares them on the
 * impressions of the test window.
 */
@Command(name = "ranking", sortOptions = false, description = {"train every ranking model on one temporal split "
    + "and compare AUC, log loss, NE, GAUC, NDCG and calibration", "",
    "Trains the popularity baseline (each video's smoothed CTR), logistic regression and the deep multi-task ranker "
        + "(without and with a position tower) on the first 80%% of the log's time span, and scores every impression "
        + "of the last 10%%: AUC, log loss, normalised entropy, GAUC, NDCG@10 of each user's impressions, the watch "
        + "head's error, and calibration.", ""})
public final class RankingCommand extends BaseCommand {
  @Mixin
  Datasets datasets;

  @Option(names = "--seed", paramLabel = "N", description = "seed of every model (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Option(names = "--out", paramLabel = "FILE.md", description = "also write the tables as Markdown")
  Path outFile;

  @Override
  int execute() {
    writable("--out", outFile);
    Dataset dataset = datasets.load(err);
    TemporalSplit split = TemporalSplit.atFractions(dataset.interactions(), Datasets.TRAIN_FRACTION,
        Datasets.VALIDATION_FRACTION);
    List<Interaction> test = split.test();
    if (test.isEmpty()) {
      throw new IllegalArgumentException("the test window (last 10% of the time span) is empty");
    }
    out.printf(Locale.ROOT, "train < %s (%,d impressions), test window from %s (%,d impressions)%n",
        Instant.ofEpochSecond(split.trainEnd()), split.train().size(), Instant.ofEpochSecond(split.validationEnd()),
        test.size());

    Map<String, Double> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    PointInTimeFeatures store = new PointInTimeFeatures(dataset.catalog(),
        PointInTimeFeatures.topicCount(dataset.catalog()));
    store.replay(split.train(), null);
    store.freeze();
    CtrBaselineRanker popularity = new CtrBaselineRanker(store);
    seconds.put(popularity.name(), (System.nanoTime() - t) / 1e9);
    MultiTaskConfig config = MultiTaskConfig.defaults(seed);
    err.println("training logistic regression");
    t = System.nanoTime();
    LogisticRegressionRanker lr = LogisticRegressionRanker.train(split.train(), dataset.catalog(), dataset.users(),
        config.warmupDays(), seed, line -> err.println("  " + line));
    seconds.put(lr.name(), (System.nanoTime() - t) / 1e9);
    err.println("training the deep multi-task ranker");
    t = System.nanoTime();
    NeuralRanker deep = new MultiTaskTrainer(config).train(split.train(), dataset.catalog(), dataset.users(),
        line -> err.println("  " + line));
    seconds.put(deep.name(), (System.nanoTime() - t) / 1e9);
    err.println("training the deep multi-task ranker with a position tower");
    t = System.nanoTime();
    NeuralRanker withPositionTower = new MultiTaskTrainer(config.withPositionTower(true)).train(split.train(),
        dataset.catalog(), dataset.users(), line -> err.println("  " + line));
    seconds.put(withPositionTower.name(), (System.nanoTime() - t) / 1e9);

    err.println("evaluating");
    List<ClickPredictor> models = List.of(popularity, lr, deep, withPositionTower);
    List<RankingEvaluation.Row> rows = RankingEvaluation.evaluate(models, test, dataset.catalog(), store);
    StringBuilder md = new StringBuilder();
    md.append(RankingEvaluation.markdown(rows)).append('\n');
    md.append("Calibration of ").append(deep.name()).append(":\n\n");
    md.append(RankingEvaluation.calibrationMarkdown(rows.get(2))).append('\n');
    MarkdownTable training = new MarkdownTable("model", "training seconds");
    seconds.forEach((name, s) -> training.row(name, MarkdownTable.number(s, 1)));
    md.append(training);
    return report(md, outFile, null);
  }
}

package dev.videorec.app.cli;

import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.ValidationSearch;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.candidates.source.CandidateMixerConfig;
import dev.videorec.data.Dataset;
import dev.videorec.data.TemporalSplit;
import dev.videorec.data.movielens.MovieLensOptions;
import dev.videorec.reranking.config.RerankConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code videorec train}: trains every stage on the training part of a temporal split and writes the model
 * directory that {@code recommend}, {@code serve}, {@code evaluate} and {@code simulate} load.
 */
public final class TrainCommand extends Command {
  static final String HELP = String.join("\n",
      "usage: videorec train --model DIR [--data DIR | --movielens DIR [--positive-threshold R]",
      "                      | --log FILE --columns user=C,item=C,time=C[,click=C][,watch=C][,duration=C]",
      "                        [,creator=C][,rating=C] [--positive-threshold R]]",
      "                      [--mixer-config FILE] [--rerank-config FILE] [--train-fraction F] [--seed S]",
      "",
      "  --model DIR              where to write the model directory (replaced atomically when complete)",
      "  --data DIR               videorec dataset directory (default: the committed sample, data/sample)",
      "  --movielens DIR          a MovieLens release instead (ratings.csv [+ movies.csv], or u.data [+ u.item])",
      "  --log FILE               any interaction log, CSV or TSV with a header; ids may be any strings",
      "  --columns SPEC           which column holds what (user, item and time required); see the README",
      "  --positive-threshold R   rating counted as a positive (default 4; MovieLens, or a log with ratings",
      "                           and no click column)",
      "  --mixer-config FILE      candidate sources, quotas and budgets as JSON (default: mixer-default.json)",
      "  --rerank-config FILE     the re-ranking chain as JSON (default: rerank-default.json)",
      "  --train-fraction F       share of the log's time span that trains (default 0.8 for --data, 1 for",
      "                           --movielens); half of the rest is the validation window, the other half the",
      "                           test window. 1 trains on everything (for data already split, as by 'videorec",
      "                           split')",
      "  --validation P           ratings data: how the validation part the funnel is chosen on is carved from",
      "                           the training data, as 'split --protocol' carves the test part: user-last",
      "                           (default; each user's latest share H) or global (the last share H of the time",
      "                           span); choose the protocol your test split uses",
      "  --holdout-frac H         the validation share (default 0.2)",
      "  --seed S                 seed of every trained component (default 7)",
      "",
      "The log is split by time as in the demo: by default the first 80% of the time span trains, the next 10%",
      "is the validation window, the last 10% the test window that 'evaluate' and 'simulate' use. The model",
      "directory records the dataset's path and a fingerprint of its training log; loading checks both.",
      "",
      "On ratings data (--movielens) the funnel is chosen on validation data carved from the training part:",
      "EASE's lambda, item-kNN's k, the candidate sources, a stacked ranker (boosted trees over the sources'",
      "scores) against the best single source, and the re-ranking chain; model.json records every choice and the",
      "figures it was made on. --mixer-config and --rerank-config then replace what the search chose.");

  TrainCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String help() {
    return HELP;
  }

  @Override
  int execute(List<String> args) {
    Options o = new Options("train", args, Set.of("model", "data", "movielens", "positive-threshold",
        "mixer-config", "rerank-config", "seed", "train-fraction", "holdout-frac", "validation", "log", "columns"),
        Set.of("skip-bad-rows"));
    Path model = o.requiredPath("model");
    long seed = o.longValue("seed", 7);
    // Configurations first: a typo in them should not wait for training.
    String mixerJson = o.has("mixer-config") ? read(o.requiredPath("mixer-config"))
        : FunnelBuilder.defaultMixerJson();
    String rerankJson = o.has("rerank-config") ? read(o.requiredPath("rerank-config"))
        : FunnelBuilder.defaultRerankJson();
    FunnelBuilder builder = new FunnelBuilder(CandidateMixerConfig.parse(mixerJson), RerankConfig.parse(rerankJson),
        seed);
    if (Files.exists(model) && !Files.exists(model.resolve(ModelDirectory.METADATA_FILE))) {
      throw new UsageException("train: " + model + " exists and is not a model directory; refusing to replace it");
    }

    long start = System.nanoTime();
    Path dataDir = o.has("movielens") ? o.requiredPath("movielens") : o.has("log") ? o.requiredPath("log")
        : o.path("data", Datasets.defaultSample());
    Dataset dataset = Datasets.load(o, dataDir, err);
    double threshold = o.decimal("positive-threshold", MovieLensOptions.DEFAULT_POSITIVE_THRESHOLD, 0.5, 5);
    ModelDirectory.DataSource source = o.has("movielens")
        ? new ModelDirectory.DataSource(ModelDirectory.DataSource.MOVIELENS, dataDir.toAbsolutePath().toString(),
            threshold, null)
        : o.has("log") ? new ModelDirectory.DataSource(ModelDirectory.DataSource.LOG,
            dataDir.toAbsolutePath().toString(), threshold, Datasets.columns(o).spec())
        : new ModelDirectory.DataSource(ModelDirectory.DataSource.VIDEOREC, dataDir.toAbsolutePath().toString(), 0,
            null);
    boolean ratings = o.has("movielens") || o.has("log");
    double trainFraction = o.decimal("train-fraction", ratings ? 1 : Datasets.TRAIN_FRACTION, 0.05, 1);
    double holdout = o.decimal("holdout-frac", ValidationSearch.DEFAULT_HOLDOUT, 0.01, 0.9);
    if (!ratings && (o.has("holdout-frac") || o.has("validation"))) {
      throw new UsageException("train: --holdout-frac and --validation apply to --movielens and --log only");
    }
    String protocolName = o.string("validation", ValidationSearch.Protocol.USER_LAST.label);
    ValidationSearch.Protocol protocol = ValidationSearch.Protocol.parse(protocolName).orElseThrow(() ->
        new UsageException("train: --validation must be user-last or global, got '" + protocolName + "'"));
    double validationFraction = trainFraction + (1 - trainFraction) / 2;
    TemporalSplit split = TemporalSplit.atFractions(dataset.interactions(), trainFraction, validationFraction);
    err.printf(Locale.ROOT, "training on %,d of %,d interactions (before %s), %,d videos, %,d users%n",
        split.train().size(), dataset.interactions().size(), Instant.ofEpochSecond(split.trainEnd()),
        dataset.catalog().size(), dataset.users().size());
    java.util.Map<String, Object> tuning = null;
    ValidationSearch.Result search = null;
    if (ratings) {
      err.println("choosing the funnel on validation data (" + (protocol == ValidationSearch.Protocol.USER_LAST
          ? "each user's latest " : "the last ") + Math.round(holdout * 100) + "% of "
          + (protocol == ValidationSearch.Protocol.USER_LAST ? "training interactions)" : "the training time span)"));
      ValidationSearch.Result r = ValidationSearch.search(split.train(), split.trainEnd(), dataset.catalog(),
          dataset.users(), dataset.subscriptions(), seed, protocol, holdout, line -> err.println("  " + line));
      tuning = r.report();
      search = r;
      if (!o.has("mixer-config")) {
        mixerJson = r.mixer();
      }
      if (!o.has("rerank-config")) {
        rerankJson = r.rerank();
      }
      builder = new FunnelBuilder(CandidateMixerConfig.parse(mixerJson), RerankConfig.parse(rerankJson), seed,
          r.cf());
    }
    FunnelBuilder.Trained trained = builder.train(split.train(), split.trainEnd(), dataset.catalog(),
        dataset.users(), dataset.subscriptions(), line -> err.println("  " + line));
    if (search != null && !o.has("rerank-config")) {
      // Checked on the same models with the sources' serving budgets lifted, as every offline job runs them: the
      // choice must not depend on how busy the machine is while it trains.
      FunnelBuilder.Trained unbudgeted = builder.withMixer(builder.mixer().withoutBudgets()).assemble(
          trained.models(), trained.videoVectors(), split.train(), split.trainEnd(), dataset.catalog(),
          dataset.users(), dataset.subscriptions(), dev.videorec.candidates.source.CandidateMixer.defaultExecutor(),
          line -> { });
      String served = ValidationSearch.servedCoverageChain(unbudgeted, split.train(), split.trainEnd(),
          search.chainOrder(), tuning, line -> err.println("  " + line));
      if (!ValidationSearch.chains().get(served).equals(rerankJson)) {
        rerankJson = ValidationSearch.chains().get(served);
        builder = builder.withRerank(RerankConfig.parse(rerankJson));
        trained = builder.assemble(trained.models(), trained.videoVectors(), split.train(), split.trainEnd(),
            dataset.catalog(), dataset.users(), dataset.subscriptions(),
            dev.videorec.candidates.source.CandidateMixer.defaultExecutor(), line -> err.println("  " + line));
      }
    }
    err.println("writing " + model);
    ModelDirectory.save(model, trained, source, split, trainFraction, validationFraction, seed, mixerJson,
        rerankJson, builder.cf(), tuning);
    FunnelBuilder.Models m = trained.models();
    out.printf(Locale.ROOT, "wrote %s in %.1f s: two-tower %.1f s (index: %s), ranker %.1f s, MF baseline %.1f s%n",
        model, (System.nanoTime() - start) / 1e9, m.twoTowerSeconds(),
        trained.videoIndex().getClass().getSimpleName(), m.rankerSeconds(), m.mfSeconds());
    return 0;
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
  }
}

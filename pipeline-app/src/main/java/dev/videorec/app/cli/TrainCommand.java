package dev.videorec.app.cli;

import dev.videorec.app.funnel.FunnelBuilder;
import dev.videorec.app.funnel.ValidationSearch;
import dev.videorec.app.model.ModelDirectory;
import dev.videorec.candidates.source.CandidateMixerConfig;
import dev.videorec.data.Dataset;
import dev.videorec.data.ReadOptions;
import dev.videorec.data.TemporalSplit;
import dev.videorec.reranking.config.RerankConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code videorec train}: trains every stage on the training part of a temporal split and writes the model
 * directory that {@code recommend}, {@code serve}, {@code evaluate} and {@code simulate} load.
 */
@Command(name = "train", sortOptions = false, description = {"train every stage and write a model directory; on "
    + "ratings data and logs, the funnel is chosen on validation data carved from the training data", "",
    "The log is split by time as in the demo: by default the first 80%% of the time span trains, the next 10%% is "
        + "the validation window, the last 10%% the test window that 'evaluate' and 'simulate' use. The model "
        + "directory records the dataset's path and a fingerprint of its training log; loading checks both.", "",
    "On ratings data (--movielens, --log) the funnel is chosen on validation data carved from the training part: "
        + "EASE's lambda, item-kNN's k, the candidate sources, a stacked ranker (boosted trees over the sources' "
        + "scores) against the best single source, and the re-ranking chain; model.json records every choice and "
        + "the figures it was made on. --mixer-config and --rerank-config then replace what the search chose.", ""})
public final class TrainCommand extends BaseCommand {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "where to write the model directory (replaced atomically when complete)")
  Path model;

  @Mixin
  Datasets datasets;

  @Option(names = "--log", paramLabel = "FILE",
      description = "any interaction log, CSV or TSV with a header, instead; ids may be any strings")
  Path log;

  @Option(names = "--columns", paramLabel = "SPEC", description = "which column of the log holds what: "
      + "user=C,item=C,time=C[,click=C][,watch=C][,duration=C][,creator=C][,rating=C] (see the README)")
  String columns;

  @Option(names = "--mixer-config", paramLabel = "FILE",
      description = "candidate sources, quotas and budgets as JSON (default: mixer-default.json)")
  Path mixerConfig;

  @Option(names = "--rerank-config", paramLabel = "FILE",
      description = "the re-ranking chain as JSON (default: rerank-default.json)")
  Path rerankConfig;

  @Option(names = "--train-fraction", paramLabel = "F", description = "share of the log's time span that trains "
      + "(default 0.8 for --data, 1 for ratings data); half of the rest is the validation window, the other half "
      + "the test window. 1 trains on everything (for data already split, as by 'videorec split')")
  Double trainFraction;

  @Option(names = "--validation", paramLabel = "P", description = "ratings data: how the validation part the "
      + "funnel is chosen on is carved from the training data, as 'split --protocol' carves the test part: "
      + "user-last (default; each user's latest share H) or global (the last share H of the time span); choose "
      + "the protocol your test split uses")
  String validation;

  @Option(names = "--holdout-frac", paramLabel = "H", description = "the validation share (default 0.2)")
  Double holdoutFrac;

  @Option(names = "--since", paramLabel = "TIME", description = "--data only: train on the log from TIME on (an "
      + "ISO-8601 instant such as 2024-01-27T00:00:00Z, or a date, read as its midnight UTC): earlier interactions "
      + "are read and dropped, so a log larger than memory trains on its latest days; the split's fractions then "
      + "apply to that window, and model.json records TIME for every later load")
  String since;

  @Option(names = "--seed", paramLabel = "S", description = "seed of every trained component (default 7)")
  long seed = 7;

  @Override
  int execute() {
    // Configurations first: a typo in them should not wait for training.
    FunnelBuilder builder = new FunnelBuilder(mixerConfig != null ? CandidateMixerConfig.load(mixerConfig)
        : FunnelBuilder.defaultMixerConfig(), rerankConfig != null ? RerankConfig.load(rerankConfig)
        : FunnelBuilder.defaultRerankConfig(), seed);
    String mixerJson = mixerConfig != null ? read(mixerConfig) : FunnelBuilder.defaultMixerJson();
    String rerankJson = rerankConfig != null ? read(rerankConfig) : FunnelBuilder.defaultRerankJson();
    ModelDirectory.checkWritable(model);
    datasets.withLog(log, columns);
    boolean ratings = datasets.ratings();
    double threshold = datasets.threshold();
    double trainShare = inRange("--train-fraction", trainFraction != null ? trainFraction
        : ratings ? 1 : Datasets.TRAIN_FRACTION, 0.05, 1);
    double holdout = inRange("--holdout-frac", holdoutFrac != null ? holdoutFrac
        : ValidationSearch.DEFAULT_HOLDOUT, 0.01, 0.9);
    if (!ratings && (holdoutFrac != null || validation != null)) {
      throw usage("--holdout-frac and --validation apply to --movielens and --log only");
    }
    String protocolName = validation != null ? validation : ValidationSearch.Protocol.USER_LAST.label;
    ValidationSearch.Protocol protocol = ValidationSearch.Protocol.parse(protocolName).orElseThrow(() ->
        usage("--validation must be user-last or global, got '" + protocolName + "'"));

    long start = System.nanoTime();
    Path dataDir = datasets.path();
    // The files' sizes and times before they are read: a file changed while it is read makes the model's binary
    // copy of the dataset stale (and unused), never wrong.
    List<dev.videorec.data.DatasetSnapshot.FileStamp> stamps = log == null && Files.isDirectory(dataDir)
        ? dev.videorec.data.DatasetSnapshot.stamp(dataDir) : null;
    Long sinceSecond = null;
    if (since != null) {
      if (ratings) {
        throw usage("--since applies to --data only");
      }
      sinceSecond = parseSince(since);
    }
    Dataset dataset = datasets.load(err, sinceSecond == null ? ReadOptions.WHOLE_LOG : sinceSecond);
    if (sinceSecond != null && dataset.interactions().isEmpty()) {
      throw usage("--since " + since + ": the log at " + dataDir + " has no interaction at or after "
          + Instant.ofEpochSecond(sinceSecond));
    }
    ModelDirectory.DataSource source = datasets.movielens != null
        ? new ModelDirectory.DataSource(ModelDirectory.DataSource.MOVIELENS, dataDir.toAbsolutePath().toString(),
            threshold, null)
        : log != null ? new ModelDirectory.DataSource(ModelDirectory.DataSource.LOG,
            dataDir.toAbsolutePath().toString(), threshold, datasets.logColumns().spec())
        : new ModelDirectory.DataSource(ModelDirectory.DataSource.VIDEOREC, dataDir.toAbsolutePath().toString(), 0,
            null, sinceSecond);
    double validationFraction = trainShare + (1 - trainShare) / 2;
    TemporalSplit split = TemporalSplit.atFractions(dataset.interactions(), trainShare, validationFraction);
    err.printf(Locale.ROOT, "training on %,d of %,d interactions (%sbefore %s), %,d videos, %,d users%n",
        split.train().size(), dataset.interactions().size(), sinceSecond == null ? ""
            : "from " + Instant.ofEpochSecond(sinceSecond) + ", ", Instant.ofEpochSecond(split.trainEnd()),
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
      if (mixerConfig == null) {
        mixerJson = r.mixer();
      }
      if (rerankConfig == null) {
        rerankJson = r.rerank();
      }
      builder = new FunnelBuilder(CandidateMixerConfig.parse(mixerJson), RerankConfig.parse(rerankJson), seed,
          r.cf());
    }
    FunnelBuilder.Trained trained = builder.train(split.train(), split.trainEnd(), dataset.catalog(),
        dataset.users(), dataset.subscriptions(), line -> err.println("  " + line));
    if (search != null && rerankConfig == null) {
      // On the trained funnel, offline: its sources run without their serving budgets, so the choice does not
      // depend on how busy the machine is while it trains.
      String served = ValidationSearch.servedCoverageChain(trained, split.train(), split.trainEnd(),
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
    List<Path> leftovers = ModelDirectory.save(model, trained, source, split, trainShare, validationFraction, seed, mixerJson,
        rerankJson, builder.cf(), tuning, stamps == null ? null : new ModelDirectory.DatasetCopy(dataset, stamps));
    leftovers.forEach(p -> err.println("  removed " + p + ", left by a write that was interrupted"));
    FunnelBuilder.Models m = trained.models();
    out.printf(Locale.ROOT, "wrote %s in %.1f s: two-tower %.1f s (index: %s), ranker %.1f s, MF baseline %.1f s%n",
        model, (System.nanoTime() - start) / 1e9, m.twoTowerSeconds(),
        trained.videoIndex().getClass().getSimpleName(), m.rankerSeconds(), m.mfSeconds());
    return 0;
  }

  /** {@code --since}'s value as epoch seconds: an ISO-8601 instant, or a date read as its midnight UTC. */
  static long parseSince(String text) {
    try {
      return Instant.parse(text).getEpochSecond();
    } catch (java.time.format.DateTimeParseException notInstant) {
      try {
        return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
      } catch (java.time.format.DateTimeParseException notDate) {
        throw new UsageException("train: --since must be an ISO-8601 instant (2024-01-27T00:00:00Z) or a date "
            + "(2024-01-27), got '" + text + "'");
      }
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
  }
}

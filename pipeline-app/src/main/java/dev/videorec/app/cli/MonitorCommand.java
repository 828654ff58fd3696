package dev.videorec.app.cli;

import dev.videorec.app.evaluation.Charts;

import dev.videorec.core.json.Json;
import dev.videorec.app.evaluation.Reports;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.videorec.app.monitoring.DriftMonitor;
import dev.videorec.app.monitoring.MonitorThresholds;
import dev.videorec.core.Interaction;
import dev.videorec.data.Dataset;
import dev.videorec.ranking.model.MultiTaskConfig;
import dev.videorec.ranking.model.MultiTaskTrainer;
import dev.videorec.ranking.model.NeuralRanker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code videorec monitor}: trains the ranker on the start of a log, then compares a current window with a
 * reference window for feature, prediction and concept drift and exposure concentration.
 */
@Command(name = "monitor", sortOptions = false, description = {"compare a current window of the log with a "
    + "reference window: feature, prediction and concept drift, exposure concentration", "",
    "Splits the log's time span at fractions R < C: the ranker trains on [0, R), the reference window is [R, C) and "
        + "the current window [C, 1]. Reports, for every ranking feature, PSI and the Kolmogorov-Smirnov distance "
        + "(chi-square and Cramer's V for the video topic and the device), PSI of the predictions, the ranker's AUC "
        + "and calibration in both windows and day by day, and the exposure Gini; lists what crossed its threshold. "
        + "'./videorec generate --drift-day X' writes a dataset whose users' interests shift on day X.", ""})
public final class MonitorCommand extends BaseCommand {
  private static final ObjectMapper MAPPER = Json.mapper();

  @Mixin
  Datasets datasets;

  @Option(names = "--windows", paramLabel = "R,C", description = "the fractions of the time span where the "
      + "reference and current windows start (default ${DEFAULT-VALUE})")
  String windows = "0.5,0.75";

  @Option(names = "--thresholds", paramLabel = "FILE", description = "thresholds as JSON, every key required: psi, "
      + "ksStatistic, chiSquareP, cramersV, aucDrop, calibrationShift, giniChange (defaults: 0.2, 0.1, 0.001, 0.1, "
      + "0.03, 0.15, 0.05)")
  Path thresholdsFile;

  @Option(names = "--out", paramLabel = "FILE.md", description = "also write the report as Markdown")
  Path md;

  @Option(names = "--json", paramLabel = "FILE.json", description = "also write the report as JSON")
  Path json;

  @Option(names = "--seed", paramLabel = "N", description = "seed of the ranker (default ${DEFAULT-VALUE})")
  long seed = 7;

  @Override
  int execute() {
    double[] windows = windows(this.windows);
    writable("--out", md);
    writable("--json", json);
    MonitorThresholds thresholds = thresholdsFile != null ? thresholds(thresholdsFile) : MonitorThresholds.DEFAULT;
    Dataset dataset = datasets.load(err);
    List<Interaction> log = dataset.interactions();
    if (log.isEmpty()) {
      throw new IllegalArgumentException("the log is empty");
    }
    long first = log.get(0).timestamp();
    long span = log.get(log.size() - 1).timestamp() + 1 - first;
    long referenceStart = first + (long) (span * windows[0]);
    long currentStart = first + (long) (span * windows[1]);
    long end = first + span;
    out.printf(Locale.ROOT, "ranker trained before %s; reference window from %s; current window from %s%n",
        Instant.ofEpochSecond(referenceStart), Instant.ofEpochSecond(referenceStart),
        Instant.ofEpochSecond(currentStart));
    List<Interaction> train = log.stream().filter(i -> i.timestamp() < referenceStart).toList();
    err.println("training the ranker on " + train.size() + " impressions");
    NeuralRanker model = new MultiTaskTrainer(MultiTaskConfig.defaults(seed)).train(train, dataset.catalog(),
        dataset.users(), line -> err.println("  " + line));
    err.println("comparing the windows");
    DriftMonitor.Report report = DriftMonitor.run(log, dataset.catalog(), dataset.users(), referenceStart,
        currentStart, end, model, thresholds);
    report(report.markdown(), md, null, charts(report, thresholds));
    if (json != null) {
      Reports.json(json, report);
      out.println("wrote " + json);
    }
    return 0;
  }

  private static double[] windows(String value) {
    String[] parts = value.split(",");
    try {
      if (parts.length == 2) {
        double r = Double.parseDouble(parts[0].trim());
        double c = Double.parseDouble(parts[1].trim());
        if (r > 0 && r < c && c < 1) {
          return new double[] {r, c};
        }
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new UsageException("monitor: --windows must be two fractions 0 < R < C < 1, got '" + value + "'");
  }

  private static MonitorThresholds thresholds(Path file) {
    try {
      return MAPPER.readValue(file.toFile(), MonitorThresholds.class);
    } catch (java.io.FileNotFoundException e) {
      throw new UncheckedIOException("no such thresholds file " + file, e);
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      throw new UsageException("monitor: " + file + ": " + (e.getCause() != null ? e.getCause().getMessage()
          : e.getOriginalMessage()));
    } catch (IOException e) {
      throw new UsageException("monitor: " + file + ": " + (e instanceof com.fasterxml.jackson.core
          .JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
  }

  /**
   * PSI and the KS statistic of every numeric feature against their thresholds, and the ranker's AUC and
   * calibration per day.
   */
  static List<Charts.Named> charts(DriftMonitor.Report r, MonitorThresholds t) {
    java.util.Map<String, List<Double>> psi = new java.util.LinkedHashMap<>();
    List<String> features = r.numeric().stream().map(DriftMonitor.NumericDrift::feature).toList();
    psi.put("PSI", r.numeric().stream().map(DriftMonitor.NumericDrift::psi).toList());
    psi.put("threshold " + t.psi(), r.numeric().stream().map(d -> t.psi()).toList());
    java.util.Map<String, List<Double>> ks = new java.util.LinkedHashMap<>();
    ks.put("KS D", r.numeric().stream().map(DriftMonitor.NumericDrift::ksStatistic).toList());
    ks.put("threshold " + t.ksStatistic(), r.numeric().stream().map(d -> t.ksStatistic()).toList());
    java.util.Map<String, Charts.Curve> perDay = new java.util.LinkedHashMap<>();
    perDay.put("AUC", curve(r.dailyAuc()));
    perDay.put("calibration (predicted / observed)", curve(r.dailyCalibration()));
    return List.of(
        new Charts.Named("psi", "Population stability index of each feature, "
            + "reference against current window", Charts.bars("Feature drift: PSI",
                "PSI", features, psi)),
        new Charts.Named("ks", "Kolmogorov-Smirnov statistic of each feature",
            Charts.bars("Feature drift: KS D", "KS D", features, ks)),
        new Charts.Named("daily", "The ranker's AUC and calibration per day since the "
            + "reference window began", Charts.lines("The ranker per day", "day",
                "AUC, calibration", perDay, false)));
  }

  private static Charts.Curve curve(List<Double> values) {
    List<double[]> points = new ArrayList<>();
    for (int d = 0; d < values.size(); d++) {
      if (!Double.isNaN(values.get(d))) {
        points.add(new double[] {d, values.get(d)});
      }
    }
    return new Charts.Curve(points.stream().mapToDouble(p -> p[0]).toArray(),
        points.stream().mapToDouble(p -> p[1]).toArray());
  }
}

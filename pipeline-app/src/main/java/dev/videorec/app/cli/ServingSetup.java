package dev.videorec.app.cli;

import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.ServingConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options {@code serve} and {@code recommend} share: the model, the serving mode, the "now", the data. */
final class ServingSetup {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "the model directory written by 'videorec train'")
  Path model;

  @Option(names = "--mode", paramLabel = "M", description = "dynamic: the funnel runs per request (default); "
      + "static: top-K lists precomputed in batch at start-up, as of the end of training")
  String mode;

  @Option(names = "--as-of", paramLabel = "A", description = "the platform's 'now': test-start (default; "
      + "histories include the validation window, which the models never saw) or train-end")
  String asOf;

  @Option(names = "--data", paramLabel = "DIR",
      description = "where the training dataset is now, if it moved since training")
  Path data;

  ServingConfig.Mode mode() {
    String m = mode == null ? "dynamic" : mode;
    return switch (m) {
      case "dynamic" -> ServingConfig.Mode.DYNAMIC;
      case "static" -> ServingConfig.Mode.STATIC;
      default -> throw usage("--mode must be dynamic or static, got '" + m + "'");
    };
  }

  /** The serving configuration: the mode's defaults, with the budgets (milliseconds) and largest k given. */
  ServingConfig config(Integer candidatesMs, Integer rankingMs, Integer rerankingMs, Integer maxK) {
    ServingConfig d = ServingConfig.defaults(mode());
    return new ServingConfig(d.mode(),
        candidatesMs == null ? d.candidateBudget() : Duration.ofMillis(candidatesMs),
        rankingMs == null ? d.rankingBudget() : Duration.ofMillis(rankingMs),
        rerankingMs == null ? d.rerankBudget() : Duration.ofMillis(rerankingMs),
        maxK == null ? d.maxK() : maxK, d.stageThreads());
  }

  Serving.AsOf asOf() {
    String a = asOf == null ? "test-start" : asOf;
    return Serving.AsOf.parse(a).orElseThrow(() -> usage("--as-of must be train-end or test-start, got '" + a
        + "'"));
  }

  private UsageException usage(String message) {
    return new UsageException(command.name() + ": " + message);
  }
}

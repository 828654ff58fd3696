package dev.videorec.app.cli;

import dev.videorec.app.serving.Serving;
import dev.videorec.app.serving.ServingConfig;
import java.time.Duration;

/** The options {@code serve} and {@code recommend} share: the model, the serving mode and budgets, the "now". */
record ServingSetup(java.nio.file.Path model, ServingConfig config, Serving.AsOf asOf) {
  static ServingSetup parse(Options o) {
    java.nio.file.Path model = o.requiredPath("model");
    String mode = o.string("mode", "dynamic");
    ServingConfig.Mode m = switch (mode) {
      case "dynamic" -> ServingConfig.Mode.DYNAMIC;
      case "static" -> ServingConfig.Mode.STATIC;
      default -> throw new UsageException(o.command() + ": --mode must be dynamic or static, got '" + mode + "'");
    };
    ServingConfig d = ServingConfig.defaults(m);
    ServingConfig config = new ServingConfig(m,
        Duration.ofMillis(o.integer("candidates-ms", (int) d.candidateBudget().toMillis(), 1, 60_000)),
        Duration.ofMillis(o.integer("ranking-ms", (int) d.rankingBudget().toMillis(), 1, 60_000)),
        Duration.ofMillis(o.integer("reranking-ms", (int) d.rerankBudget().toMillis(), 1, 60_000)),
        o.integer("max-k", d.maxK(), 1, 1000), d.stageThreads());
    String asOf = o.string("as-of", "test-start");
    return new ServingSetup(model, config, Serving.AsOf.parse(asOf).orElseThrow(() -> new UsageException(o.command()
        + ": --as-of must be train-end or test-start, got '" + asOf + "'")));
  }
}

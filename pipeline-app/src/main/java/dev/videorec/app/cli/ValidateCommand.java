package dev.videorec.app.cli;

import dev.videorec.app.model.ModelDirectory;
import dev.videorec.data.Dataset;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code videorec validate}: reads a dataset, or checks a model directory, without training anything. */
@Command(name = "validate", sortOptions = false, description = {"check a dataset, a MovieLens release, a log or a "
    + "model directory without training anything: what it holds, or the first problem", "",
    "A dataset is read with every rule its layout has (field counts, ids, rating scales, repeats, time order); a "
        + "model directory's files are checked against the checksums in its model.json. Writes nothing.", ""})
public final class ValidateCommand extends BaseCommand {
  @Mixin
  Datasets datasets;

  @Option(names = "--log", paramLabel = "FILE", description = "an interaction log instead (needs --columns)")
  Path log;

  @Option(names = "--columns", paramLabel = "SPEC", description = "which column of the log holds what, as for "
      + "'train --log'")
  String columns;

  @Option(names = "--model", paramLabel = "DIR",
      description = "a model directory to check instead of a dataset (its files against their checksums)")
  Path model;

  @Override
  int execute() {
    if (model != null) {
      if (datasets.data != null || datasets.movielens != null || log != null) {
        throw usage("give --model or a dataset, not both");
      }
      ModelDirectory.Metadata meta = ModelDirectory.check(model);
      out.printf(Locale.ROOT, "%s: a videorec model (format version %d) trained on %s %s; %s%n", model,
          meta.formatVersion(), meta.data().kind(), meta.data().path(), meta.checksums() == null
              ? "written before checksums, its files cannot be checked" : "every file matches its checksum");
      return 0;
    }
    Dataset d = datasets.withLog(log, columns).load(err);
    out.printf(Locale.ROOT, "%s: %,d users, %,d videos, %,d interactions (%,d clicks)%s%n", datasets.path(),
        d.users().size(), d.catalog().size(), d.interactions().size(),
        d.interactions().stream().filter(dev.videorec.core.Interaction::clicked).count(),
        d.skipped().count() > 0 ? String.format(Locale.ROOT, "; %,d malformed rows skipped", d.skipped().count())
            : "");
    return 0;
  }
}

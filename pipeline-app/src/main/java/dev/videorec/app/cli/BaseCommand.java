package dev.videorec.app.cli;

import dev.videorec.app.evaluation.Reports;
import dev.videorec.core.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every {@code videorec} command shares: {@code --help}, its output streams, whether an option was given,
 * and range checks whose errors name the option. picocli parses the options declared on each subclass; the
 * subclass does the work in {@link #execute()}.
 */
abstract class BaseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  /** Standard output and standard error, as given to {@link Main#run}. */
  PrintWriter out;
  PrintWriter err;

  /** Does the work; returns the exit status. Throws {@link UsageException} for arguments that do not fit. */
  abstract int execute();

  @Override
  public final Integer call() {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    return execute();
  }

  /**
   * Prints a Markdown report and, when {@code file} is given, writes it there and, when {@code json} is given,
   * writes {@code json} beside it ({@code x.md}, {@code x.json}).
   *
   * @return the exit status, 0
   */
  int report(CharSequence markdown, Path file, Object json) {
    return report(markdown, file, json, java.util.List.of());
  }

  /**
   * As above, and with {@code charts}: each written as SVG beside the report and all of them, with the report,
   * in one self-contained HTML page ({@code x-NAME.svg}, {@code x.html}).
   */
  int report(CharSequence markdown, Path file, Object json, java.util.List<dev.videorec.app.evaluation.Charts.Named>
      charts) {
    out.print(markdown);
    if (file != null) {
      Reports.write(file, markdown.toString());
      if (json != null) {
        Reports.json(Reports.besides(file), json);
      }
      String also = "";
      if (!charts.isEmpty()) {
        java.util.List<Path> pictures = Reports.charts(file, markdown.toString(), charts);
        also = ", " + pictures.get(pictures.size() - 1) + " (with " + charts.size() + " charts as SVG beside it)";
      }
      out.println("wrote " + file + (json == null ? "" : " and " + Reports.besides(file)) + also);
    }
    return 0;
  }

  /**
   * Checks, before any work, that {@code file} (the value of {@code option}; null for none) can be written: a job
   * that cannot save its result fails at once, not after it has run.
   */
  Path writable(String option, Path file) {
    if (file == null) {
      return null;
    }
    if (Files.isDirectory(file)) {
      throw usage(option + " " + file + " is a directory; give a file");
    }
    try {
      AtomicFiles.checkWritableParent(file);
    } catch (IOException e) {
      throw usage("cannot write " + option + " " + file + ": " + e.getMessage());
    }
    return file;
  }

  /** Whether the user gave {@code option} (such as {@code "--data"}), as against it having its default. */
  boolean given(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** A usage error of this command: printed as {@code videorec NAME: message}, exit status 2. */
  UsageException usage(String message) {
    return new UsageException(spec.name() + ": " + message);
  }

  int inRange(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw usage(option + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  double inRange(String option, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw usage(option + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }
}

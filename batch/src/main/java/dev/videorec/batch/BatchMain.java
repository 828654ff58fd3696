package dev.videorec.batch;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code videorec batch}: the offline jobs on Apache Spark. Run through {@code ./videorec batch ...}, which adds
 * the JVM flags Spark needs; on a cluster, submit this class from the module's jar with {@code spark-submit}.
 *
 * <p>Exit status: 0 on success, 1 when the job failed (bad input, I/O), 2 for a usage error.
 */
@Command(name = "batch", synopsisSubcommandLabel = "COMMAND", mixinStandardHelpOptions = true,
    description = "videorec's offline jobs on Apache Spark: local by default, on a cluster with --master.",
    subcommands = {FeaturesCommand.class, RecommendCommand.class, AlsCommand.class, CommandLine.HelpCommand.class})
public final class BatchMain implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("generate")) {
      // 'videorec generate --format parquet': the app's command, with this module's Parquet writer on the class
      // path.
      dev.videorec.app.cli.Main.main(args);
      return;
    }
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Runs one batch command; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine cl = new CommandLine(new BatchMain()).setOut(o).setErr(e);
    cl.setUsageHelpWidth(110);
    cl.setParameterExceptionHandler((ex, given) -> {
      e.println("videorec batch: " + ex.getMessage());
      return 2;
    });
    cl.setExecutionExceptionHandler((ex, command, parsed) -> failure(ex, command.getCommandName(), e));
    try {
      return cl.execute(args.toArray(String[]::new));
    } finally {
      o.flush();
      e.flush();
    }
  }

  private static int failure(Exception ex, String command, PrintWriter err) {
    if (ex instanceof BatchInputException || ex instanceof IllegalArgumentException
        || ex instanceof dev.videorec.app.model.ModelDirectoryException
        || ex instanceof dev.videorec.data.DataFileException) {
      err.println("videorec batch " + command + ": " + ex.getMessage());
    } else if (ex instanceof UncheckedIOException) {
      err.println("videorec batch " + command + ": " + ex.getMessage() + " (" + ex.getCause().getMessage() + ")");
    } else {
      err.println("videorec batch " + command + " failed: " + ex + " (set VIDEOREC_DEBUG=1 for the stack trace)");
      if (System.getenv("VIDEOREC_DEBUG") != null) {
        ex.printStackTrace(err);
      }
    }
    return 1;
  }
}

package dev.videorec.app.cli;

import dev.videorec.app.model.ModelDirectoryException;
import dev.videorec.candidates.source.MixerConfigException;
import dev.videorec.data.DataFileException;
import dev.videorec.reranking.config.RerankConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code videorec} command line. Bad input (unknown command or option, malformed value, malformed data file)
 * is reported in one line on standard error, never as a stack trace.
 *
 * <p>Exit status: 0 on success, 1 when the work failed (bad data, I/O, data that cannot train a model), 2 for a
 * usage error. With the environment variable {@code VIDEOREC_DEBUG} set, unexpected failures also print their
 * stack trace.
 */
@Command(name = "videorec", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    synopsisSubcommandLabel = "COMMAND",
    description = "A multi-stage video recommender: candidate generation, ranking and re-ranking, trained, "
        + "evaluated, served and monitored from one command line.",
    footer = {"", "Run 'videorec help COMMAND' (or 'videorec COMMAND --help') for a command's options. Options "
        + "take their value as '--name value' or '--name=value'. 'videorec generate-completion' prints a bash "
        + "completion script: source it, or save it under /etc/bash_completion.d/."})
public final class Main implements Callable<Integer> {
  /** Help is wrapped at this many columns, whatever the terminal. */
  static final int USAGE_WIDTH = 110;

  @Spec
  CommandSpec spec;

  private Main() {}

  /** SLF4J levels {@code VIDEOREC_LOG} may name. */
  static final List<String> LOG_LEVELS = List.of("trace", "debug", "info", "warn", "error", "off");

  @Option(names = {"-v", "--verbose"}, scope = picocli.CommandLine.ScopeType.INHERIT, description = "log what "
      + "videorec does to standard error (info; VIDEOREC_LOG=debug for more)")
  boolean verbose;

  public static void main(String[] args) {
    String problem = logLevel(Arrays.asList(args), System.getenv("VIDEOREC_LOG"));
    if (problem != null) {
      System.err.println("videorec: " + problem);
      System.exit(2);
    }
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /**
   * Sets the log level of the one SLF4J binding before any logger exists: {@code VIDEOREC_LOG} if set, else info
   * with {@code --verbose} (or {@code -v}), else the quiet default (warnings). Returns a problem, or null.
   */
  static String logLevel(List<String> args, String env) {
    String level = null;
    if (env != null && !env.isBlank()) {
      level = env.strip().toLowerCase(java.util.Locale.ROOT);
      if (!LOG_LEVELS.contains(level)) {
        return "VIDEOREC_LOG must be one of " + String.join(", ", LOG_LEVELS) + ", got '" + env + "'";
      }
    } else if (args.contains("--verbose") || args.contains("-v")) {
      level = "info";
    }
    if (level != null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level);
    }
    return null;
  }

  /** No command: the usage, as an error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 2;
  }

  /** Runs one command; returns the exit status. */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine cl = commandLine(args.isEmpty() ? null : args.get(0)).setOut(o).setErr(e);
    cl.setParameterExceptionHandler((ex, given) -> {
      e.println("videorec: " + usageMessage(ex, cl));
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

  /** The commands, in the order the help lists them. */
  static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, GenerateCommand.class, SplitCommand.class,
      TrainCommand.class, EvaluateCommand.class, RecommendCommand.class, ServeCommand.class, LoadTestCommand.class,
      SimulateCommand.class, OpeCommand.class, RetrievalCommand.class, RankingCommand.class, MonitorCommand.class,
      ValidateCommand.class, Main.AnnBench.class, Main.Batch.class, CommandLine.HelpCommand.class,
      AutoComplete.GenerateCompletion.class);
  /** Commands that read the whole tree: every command is then added. */
  private static final Set<String> WHOLE_TREE = Set.of("help", "generate-completion");

  /** The whole command tree, for the help and the bash completion script. */
  static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command tree for a command line starting with {@code first}: when it names a command (other than help and
   * the completion script, which read the whole tree), that command alone, for picocli's reflection over every
   * command's options takes most of a second, paid before any command starts; else every command.
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    boolean one = first != null && !WHOLE_TREE.contains(first)
        && COMMANDS.stream().anyMatch(c -> name(c).equals(first));
    for (Class<?> command : COMMANDS) {
      if (!one || name(command).equals(first)) {
        cl.addSubcommand(command);
      }
    }
    cl.setUsageHelpWidth(USAGE_WIDTH);
    if (!one) {
      cl.getSubcommands().get("generate-completion").getCommandSpec().usageMessage()
          .description("print a bash completion script of these commands and their options");
    }
    return cl;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  private static String usageMessage(ParameterException ex, CommandLine root) {
    CommandLine where = ex.getCommandLine();
    if (where == root && ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      return "unknown command '" + u.getUnmatched().get(0) + "'" + suggestions(u) + "; commands: "
          + String.join(", ", root.getSubcommands().keySet());
    }
    String message = ex.getMessage();
    message = Character.toLowerCase(message.charAt(0)) + message.substring(1);
    if (ex instanceof UnmatchedArgumentException u) {
      message += suggestions(u);
    }
    return where.getCommandName() + ": " + message + " (see 'videorec help " + where.getCommandName() + "')";
  }

  private static String suggestions(UnmatchedArgumentException u) {
    return u.getSuggestions().isEmpty() ? "" : " (did you mean " + u.getSuggestions().get(0) + "?)";
  }

  private static int failure(Exception ex, String command, PrintWriter err) {
    if (ex instanceof UsageException || ex instanceof ModelDirectoryException) {
      err.println("videorec: " + ex.getMessage());
      return 2;
    }
    if (ex instanceof MixerConfigException) {
      err.println("videorec: bad candidate mixer config: " + ex.getMessage());
    } else if (ex instanceof RerankConfigException) {
      err.println("videorec: bad re-ranking config: " + ex.getMessage());
    } else if (ex instanceof DataFileException) {
      err.println("videorec: bad data: " + ex.getMessage());
    } else if (ex instanceof UncheckedIOException) {
      err.println("videorec: " + ex.getMessage() + " (" + ex.getCause().getMessage() + ")");
    } else {
      // Anything else, such as data that cannot train a model, is one line too; the trace is there on request.
      err.println("videorec: " + command + " failed: " + ex.getMessage()
          + " (set VIDEOREC_DEBUG=1 for the stack trace)");
      if (System.getenv("VIDEOREC_DEBUG") != null) {
        ex.printStackTrace(err);
      }
    }
    return 1;
  }

  /** The implementation version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"videorec " + (v == null ? "(development build)" : v)};
    }
  }

  /** Listed with the commands; runs from the benchmarks module through the launcher. */
  @Command(name = "ann-bench", description = "recall, latency, QPS, build time and memory of every vector "
      + "index, against Lucene and hnswlib (run through ./videorec, which starts it from the benchmarks module)")
  static final class AnnBench implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
      throw new UsageException("ann-bench runs from the benchmarks module, which holds the peer libraries it "
          + "measures: use './videorec ann-bench'");
    }
  }

  /** Listed with the commands; runs from the batch module (Spark) through the launcher. */
  @Command(name = "batch", description = "the offline jobs on Apache Spark: training examples, top-k lists for "
      + "static serving, implicit ALS (run through ./videorec, which starts them from the batch module; "
      + "'videorec help batch' lists them)")
  static final class Batch implements Callable<Integer> {
    @CommandLine.Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
      throw new UsageException("batch runs from the batch module, which holds Spark: use './videorec batch'");
    }
  }
}

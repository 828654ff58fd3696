package dev.videorec.app.cli;

import dev.videorec.data.DataFileException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code videorec} command line. Bad input (unknown command or option, malformed value, malformed data file)
 * is reported in one line on standard error, never as a stack trace.
 *
 * <p>Exit status: 0 on success, 1 when the work failed (bad data, I/O, data that cannot train a model), 2 for a
 * usage error. With the environment variable {@code VIDEOREC_DEBUG} set, unexpected failures also print their
 * stack trace.
 */
public final class Main {
  static final String USAGE = String.join("\n",
      "usage: videorec <command> [options]",
      "",
      "commands:",
      "  demo       train the whole funnel on a dataset, show it at work for a few users, evaluate it offline",
      "  generate   write a seeded synthetic dataset",
      "  split      split a MovieLens release into a training and a test release (global, user-last or",
      "             leave-one-out)",
      "  train      train every stage and write a model directory; on ratings data and logs, the funnel is",
      "             chosen on validation data carved from the training data",
      "  evaluate   the offline evaluation report of a model directory (Markdown and JSON): retrieval,",
      "             ranking, re-ranking variants and serving modes on the test window",
      "  recommend  one user's recommendations from a model directory, with explanations",
      "  serve      the HTTP JSON API over a model directory: /recommend, /health, /metrics",
      "  load-test  concurrent HTTP clients against 'serve': end-to-end latency percentiles and errors",
      "  simulate   a simulated online A/B test (or interleaving) of two recommenders, users following the",
      "             synthetic world's ground truth",
      "  retrieval  train every retrieval model on one temporal split and compare recall, overall and on the tail",
      "  ranking    train every ranking model on one temporal split and compare AUC, log loss, NE, GAUC, NDCG",
      "             and calibration",
      "  monitor    compare a current window of the log with a reference window: feature, prediction and concept",
      "             drift, exposure concentration",
      "  ann-bench  recall, latency, QPS, build time and memory of every vector index, against Lucene and hnswlib",
      "             (run through ./videorec, which starts it from the benchmarks module)",
      "  help       show this text",
      "",
      "Run 'videorec <command> --help' for a command's options.");

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(Arrays.asList(args), System.out, System.err));
  }

  /** Runs one command; returns the exit status. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.println(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    String command = args.get(0);
    List<String> rest = args.subList(1, args.size());
    try {
      switch (command) {
        case "demo":
          return new DemoCommand(out, err).run(rest);
        case "generate":
          return new GenerateCommand(out, err).run(rest);
        case "retrieval":
          return new RetrievalCommand(out, err).run(rest);
        case "ranking":
          return new RankingCommand(out, err).run(rest);
        case "split":
          return new SplitCommand(out, err).run(rest);
        case "train":
          return new TrainCommand(out, err).run(rest);
        case "evaluate":
          return new EvaluateCommand(out, err).run(rest);
        case "recommend":
          return new RecommendCommand(out, err).run(rest);
        case "serve":
          return new ServeCommand(out, err).run(rest);
        case "load-test":
          return new LoadTestCommand(out, err).run(rest);
        case "simulate":
          return new SimulateCommand(out, err).run(rest);
        case "monitor":
          return new MonitorCommand(out, err).run(rest);
        case "ann-bench":
          throw new UsageException("ann-bench runs from the benchmarks module, which holds the peer libraries it "
              + "measures: use './videorec ann-bench'");
        default:
          throw new UsageException("unknown command '" + command
              + "'; commands: demo, generate, split, train, evaluate, recommend, serve, load-test, simulate, "
              + "retrieval, ranking, monitor, ann-bench, help");
      }
    } catch (UsageException | dev.videorec.app.model.ModelDirectoryException e) {
      err.println("videorec: " + e.getMessage());
      return 2;
    } catch (dev.videorec.candidates.source.MixerConfigException e) {
      err.println("videorec: bad candidate mixer config: " + e.getMessage());
      return 1;
    } catch (dev.videorec.reranking.config.RerankConfigException e) {
      err.println("videorec: bad re-ranking config: " + e.getMessage());
      return 1;
    } catch (DataFileException e) {
      err.println("videorec: bad data: " + e.getMessage());
      return 1;
    } catch (UncheckedIOException e) {
      err.println("videorec: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
      return 1;
    } catch (RuntimeException e) {
      // Anything else, such as data that cannot train a model, is one line too; the trace is there on request.
      err.println("videorec: " + command + " failed: " + e.getMessage()
          + " (set VIDEOREC_DEBUG=1 for the stack trace)");
      if (System.getenv("VIDEOREC_DEBUG") != null) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }
}

package dev.videorec.app.cli;

import dev.videorec.core.json.Json;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.List;

/**
 * One {@code videorec} sub-command: its help text and its work. {@code --help} anywhere in the arguments prints
 * the help and does nothing else.
 */
public abstract class Command {
  /** Writes the JSON reports of commands, indented for people to read. */
  static final ObjectMapper JSON = Json.mapper();

  protected final PrintStream out;
  protected final PrintStream err;

  Command(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** The usage text, starting with {@code usage: videorec <name> ...}. */
  abstract String help();

  /** Does the work; returns the exit status. Throws {@link UsageException} for bad arguments. */
  abstract int execute(List<String> args);

  final int run(List<String> args) {
    if (args.contains("--help")) {
      out.println(help());
      return 0;
    }
    return execute(args);
  }
}

package dev.videorec.app.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of one command. Every option must be known to the command and given once;
 * values are parsed on request with errors that name the option. Public so that commands living in other modules
 * (the benchmarks' {@code ann-bench}) parse options the same way. Not thread-safe.
 */
public final class Options {
  private final String command;
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new LinkedHashSet<>();

  /**
   * @param known     the options that take a value, without the leading dashes
   * @param knownFlags the options that take no value
   * @throws UsageException for an unknown or repeated option, or a missing value
   */
  public Options(String command, List<String> args, Set<String> known, Set<String> knownFlags) {
    this.command = command;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new UsageException(command + ": unexpected argument '" + a + "' (options look like --name value)");
      }
      String name = a.substring(2);
      if (knownFlags.contains(name)) {
        if (!flags.add(name)) {
          throw new UsageException(command + ": option --" + name + " is given twice");
        }
        continue;
      }
      if (!known.contains(name)) {
        throw new UsageException(command + ": unknown option --" + name + "; known: " + describe(known, knownFlags));
      }
      if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
        throw new UsageException(command + ": option --" + name + " needs a value");
      }
      if (values.put(name, args.get(++i)) != null) {
        throw new UsageException(command + ": option --" + name + " is given twice");
      }
    }
  }

  private static String describe(Set<String> known, Set<String> flags) {
    Set<String> all = new java.util.TreeSet<>(known);
    all.addAll(flags);
    StringBuilder sb = new StringBuilder();
    for (String s : all) {
      sb.append(sb.length() == 0 ? "" : ", ").append("--").append(s);
    }
    return sb.length() == 0 ? "(none)" : sb.toString();
  }

  public String command() {
    return command;
  }

  /** Whether the value option {@code name} was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  public double decimal(String name, double fallback, double min, double max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    double parsed;
    try {
      parsed = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " must be a number, got '" + v + "'");
    }
    if (!(parsed >= min && parsed <= max)) {
      throw new UsageException(command + ": --" + name + " must be in [" + min + ", " + max + "], got " + v);
    }
    return parsed;
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public Path path(String name, Path fallback) {
    String v = values.get(name);
    return v == null ? fallback : Path.of(v);
  }

  public Path requiredPath(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new UsageException(command + ": option --" + name + " is required");
    }
    return Path.of(v);
  }

  public int integer(String name, int fallback, int min, int max) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    long parsed;
    try {
      parsed = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " must be a whole number, got '" + v + "'");
    }
    if (parsed < min || parsed > max) {
      throw new UsageException(command + ": --" + name + " must be in [" + min + ", " + max + "], got " + v);
    }
    return (int) parsed;
  }

  public long longValue(String name, long fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new UsageException(command + ": --" + name + " must be a whole number, got '" + v + "'");
    }
  }
}

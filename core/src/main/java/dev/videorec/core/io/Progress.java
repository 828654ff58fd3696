package dev.videorec.core.io;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of a long job (training epochs, an index build, a batch over users) with its rate and time left. On a
 * terminal it is one bar redrawn in place on standard error; in logs and CI, a plain line at each tenth of the way
 * and at the end. Which one is {@link Style#current()}: the launcher asks for {@code bar} when standard error is a
 * terminal ({@code -Dvideorec.progress=bar|lines|quiet}); without it, lines.
 *
 * <pre>
 *   HNSW build [##########..........]  50%  500,000/1,000,000  4,120/s  ETA 2:01
 * </pre>
 * Thread-safe: several workers may report the same job.
 */
public final class Progress {
  /** How progress is shown. */
  public enum Style {
    /** One bar, redrawn in place (a terminal). */
    BAR,
    /** A line at each tenth and at the end (logs, CI). */
    LINES,
    /** Nothing. */
    QUIET;

    /** The style asked for by {@code -Dvideorec.progress}; lines when unset or unknown. */
    public static Style current() {
      return switch (System.getProperty("videorec.progress", "lines").toLowerCase(Locale.ROOT)) {
        case "bar" -> BAR;
        case "quiet" -> QUIET;
        default -> LINES;
      };
    }
  }

  private static final int WIDTH = 20;
  private static final long REDRAW_NANOS = 100_000_000L;
  /** An inner step ({@link #bar(String, long, Consumer)}) writes lines only once it has run this long. */
  static final long INNER_QUIET_NANOS = 30_000_000_000L;

  private final String task;
  private final long total;
  private final Style style;
  private final PrintStream terminal;
  private final Consumer<String> lines;
  private final LongSupplier clock;
  private final long started;
  private long done;
  private long lastDrawn;
  private int lastTenth;
  private boolean finished;
  private boolean clearAtEnd;
  /** In lines, nothing is written before the job has run this long (0 for a top-level job). */
  private long quietNanos;

  Progress(String task, long total, Style style, PrintStream terminal, Consumer<String> lines, LongSupplier clock) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, got " + total);
    }
    this.task = Objects.requireNonNull(task, "task");
    this.total = total;
    this.style = Objects.requireNonNull(style, "style");
    this.terminal = terminal;
    this.lines = Objects.requireNonNull(lines, "lines");
    this.clock = clock;
    this.started = clock.getAsLong();
    this.lastDrawn = started - REDRAW_NANOS;
  }

  /**
   * Starts showing {@code task} of {@code total} steps in the current style: the bar on standard error, or lines
   * to {@code lines} (the command's progress output).
   */
  public static Progress start(String task, long total, Consumer<String> lines) {
    return new Progress(task, total, Style.current(), System.err, lines, System::nanoTime);
  }

  /**
   * A bar on a terminal and nothing otherwise, for steps inside a job that already reports each of its parts in
   * lines (the batches of a training epoch); the bar is cleared at the end, leaving the job's own line.
   */
  public static Progress bar(String task, long total) {
    return bar(task, total, null);
  }

  /**
   * As {@link #bar(String, long)} on a terminal; in logs, the tenths go to {@code lines} as well, but only once the
   * step has run for 30 s, so that a long step (an epoch over millions of examples) shows its progress and its time
   * left while short ones add nothing. No closing line: the job's own line follows.
   */
  public static Progress bar(String task, long total, Consumer<String> lines) {
    Style current = Style.current();
    Style style = current == Style.BAR ? Style.BAR : current == Style.LINES && lines != null ? Style.LINES
        : Style.QUIET;
    Progress p = new Progress(task, total, style, System.err, lines == null ? line -> { } : lines,
        System::nanoTime);
    p.clearAtEnd = true;
    p.quietNanos = INNER_QUIET_NANOS;
    return p;
  }

  /** As {@link #bar(String, long, Consumer)}, with the style and clock given (tests). */
  static Progress inner(String task, long total, Style style, Consumer<String> lines, LongSupplier clock) {
    Progress p = new Progress(task, total, style, null, lines, clock);
    p.clearAtEnd = true;
    p.quietNanos = INNER_QUIET_NANOS;
    return p;
  }

  /** {@code steps} more are done. */
  public synchronized void advance(long steps) {
    set(done + steps);
  }

  /** {@code done} of the total are done. */
  public synchronized void set(long done) {
    this.done = Math.max(0, Math.min(total, done));
    long now = clock.getAsLong();
    switch (style) {
      case BAR -> {
        if (now - lastDrawn >= REDRAW_NANOS || this.done == total) {
          terminal.print("\r" + render(this.done, now) + "\u001b[K");
          terminal.flush();
          lastDrawn = now;
        }
      }
      case LINES -> {
        int tenth = total == 0 ? 10 : (int) (10 * this.done / total);
        if (tenth > lastTenth && tenth < 10) {
          lastTenth = tenth;
          if (now - started >= quietNanos) {
            lines.accept(render(this.done, now));
          }
        }
      }
      case QUIET -> { }
    }
  }

  /** The job is over: the bar ends its line; in lines, one last line with the time taken. */
  public synchronized void finish() {
    if (finished) {
      return;
    }
    finished = true;
    long now = clock.getAsLong();
    String last = String.format(Locale.ROOT, "%s: %,d done in %s", task, done, clockTime((now - started) / 1e9));
    switch (style) {
      case BAR -> {
        terminal.print(clearAtEnd ? "\r\u001b[K" : "\r" + last + "\u001b[K" + System.lineSeparator());
        terminal.flush();
      }
      case LINES -> {
        if (!clearAtEnd) {
          lines.accept(last);
        }
      }
      case QUIET -> { }
    }
  }

  /** The progress line: task, bar, percentage, count, rate and time left. */
  String render(long done, long now) {
    double seconds = Math.max(1e-9, (now - started) / 1e9);
    double rate = done / seconds;
    double fraction = total == 0 ? 1 : done / (double) total;
    int filled = (int) Math.round(fraction * WIDTH);
    String eta = done == 0 ? "?" : clockTime((total - done) / rate);
    // A job of slow steps (a few tree fits, a handful of folds) reads better as time per step than as "0/s".
    String pace = done > 0 && rate < 1 ? String.format(Locale.ROOT, "%,.1f s each", 1 / rate)
        : String.format(Locale.ROOT, "%,.0f/s", rate);
    return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %,d/%,d  %s  ETA %s", task, "#".repeat(filled),
        ".".repeat(WIDTH - filled), (int) Math.floor(100 * fraction), done, total, pace, eta);
  }

  /** {@code 75} as {@code 1:15}, {@code 3725} as {@code 1:02:05}. */
  static String clockTime(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}

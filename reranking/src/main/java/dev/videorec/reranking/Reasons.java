package dev.videorec.reranking;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers in the reasons that rules record, formatted as {@code String.format(Locale.ROOT, "%.nf", x)} formats them,
 * without its cost. Every request records a reason for most candidates (each rescorer's factor, each move), and
 * {@code String.format} parses its pattern and looks up the locale's symbols on every call: it was about 7% of a
 * served request's CPU on a 1M-video catalogue (JFR, 8 clients). {@code ReasonFormatBenchmark} measures both.
 *
 * <p>Rounding is {@code String.format}'s: half up on the shortest decimal that reads back as the double (so 0.15
 * with one decimal is 0.2, although the double is slightly below 0.15). Where the scaled value is not within
 * 10<sup>-6</sup> of a half, rounding the double itself gives the same digits, which is the fast path; near a half,
 * and for magnitudes past 10<sup>9</sup>, the digits come from that shortest decimal. One difference, on purpose: a
 * negative value that rounds to zero is written without its sign ({@code 0.000}, not {@code -0.000}).
 */
public final class Reasons {
  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
  private static final double FAST_LIMIT = 1e9;
  private static final double HALF_MARGIN = 1e-6;

  private Reasons() {}

  /**
   * {@code x} with {@code decimals} digits after the point.
   *
   * @throws IllegalArgumentException if {@code decimals} is not in [0, 6] or {@code x} is not finite
   */
  public static String fixed(double x, int decimals) {
    if (decimals < 0 || decimals >= POWERS.length) {
      throw new IllegalArgumentException("decimals must be in [0, " + (POWERS.length - 1) + "], got " + decimals);
    }
    if (!Double.isFinite(x)) {
      throw new IllegalArgumentException("a reason's number must be finite, got " + x);
    }
    long scale = POWERS[decimals];
    double scaled = Math.abs(x) * scale;
    double fraction = scaled - Math.floor(scaled);
    if (scaled >= FAST_LIMIT || Math.abs(fraction - 0.5) < HALF_MARGIN) {
      String s = new BigDecimal(Double.toString(Math.abs(x))).setScale(decimals, RoundingMode.HALF_UP)
          .toPlainString();
      return x < 0 && s.chars().anyMatch(c -> c >= '1' && c <= '9') ? "-" + s : s;
    }
    long v = Math.round(scaled);
    StringBuilder sb = new StringBuilder(16);
    if (x < 0 && v != 0) {
      sb.append('-');
    }
    sb.append(v / scale);
    if (decimals > 0) {
      String frac = Long.toString(v % scale);
      sb.append('.');
      for (int i = frac.length(); i < decimals; i++) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb.toString();
  }
}

package dev.videorec.data.synthetic;

import java.util.SplittableRandom;

/**
 * The generator's random source: {@link SplittableRandom} for uniform draws (its algorithm is fixed), with the
 * derived distributions computed here in {@link StrictMath}, so that a seed gives the same numbers on every JVM.
 * Not thread-safe.
 */
final class Rng {
  private final SplittableRandom random;

  Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** An independent stream derived from this one's seed and a label, so that parts of the world do not shift
   *  each other when one of them draws more numbers. */
  static Rng derived(long seed, long label) {
    return new Rng(seed * 0x9E3779B97F4A7C15L + label);
  }

  double uniform() {
    return random.nextDouble();
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  /** Standard normal by Box-Muller. */
  double gaussian() {
    double u1 = 1.0 - random.nextDouble(); // in (0, 1]
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * StrictMath.PI * u2);
  }

  /** Exponential with mean 1. */
  double exponential() {
    return -StrictMath.log(1.0 - random.nextDouble());
  }

  /** Poisson by inversion; fine for the small means used here. */
  int poisson(double mean) {
    double l = StrictMath.exp(-mean);
    int k = 0;
    double p = random.nextDouble();
    double cumulative = l;
    double term = l;
    while (p > cumulative && k < 1000) {
      k++;
      term *= mean / k;
      cumulative += term;
    }
    return k;
  }

  /** Index drawn with probability proportional to {@code cumulative[i] - cumulative[i-1]}. */
  int weighted(double[] cumulative) {
    double x = random.nextDouble() * cumulative[cumulative.length - 1];
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static double[] cumulative(double[] weights) {
    double[] c = new double[weights.length];
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      sum += weights[i];
      c[i] = sum;
    }
    return c;
  }
}

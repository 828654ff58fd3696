package dev.videorec.batch;

import dev.videorec.ranking.features.FeatureFormula;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.expressions.Aggregator;
import scala.Tuple4;

/**
 * Several exponentially decayed sums of an event stream, as a Spark aggregate usable over a window ordered by time:
 * the Spark twin of {@code PointInTimeFeatures}' decayed counters, with the same update
 * ({@link FeatureFormula#add}), so a window over a user's or a video's earlier events yields what the in-process
 * replay holds at that instant.
 *
 * <p>Input: {@code (ts, impression, click, watch)}. Sum {@code i} adds input amount {@code amount[i]} (1 =
 * impression, 2 = click, 3 = watched fraction) with half-life {@code halfLifeDays[i]}. Zero amounts are skipped,
 * which leaves a decayed sum unchanged. Output: each sum's value at its last addition and that addition's time
 * ({@code Long.MIN_VALUE} for none), to be read at the impression's time with {@link FeatureFormula#decayed}.
 */
public final class DecayedSums extends Aggregator<Tuple4<Long, Double, Double, Double>, DecayedSums.Sums,
    DecayedSums.Sums> {
  private final int[] amount;
  private final double[] halfLifeDays;

  /** The sums' state: value at the last addition and its time, per sum. A Java bean, for Spark's encoder. */
  public static final class Sums implements Serializable {
    private double[] values;
    private long[] times;

    public Sums() {}

    Sums(int n) {
      values = new double[n];
      times = new long[n];
      Arrays.fill(times, Long.MIN_VALUE);
    }

    public double[] getValues() {
      return values;
    }

    public void setValues(double[] values) {
      this.values = values;
    }

    public long[] getTimes() {
      return times;
    }

    public void setTimes(long[] times) {
      this.times = times;
    }
  }

  /**
   * @param amount       per sum, which input amount it adds: 1 impression, 2 click, 3 watched fraction
   * @param halfLifeDays per sum, its half-life
   */
  public DecayedSums(int[] amount, double[] halfLifeDays) {
    if (amount.length != halfLifeDays.length || amount.length == 0) {
      throw new IllegalArgumentException("one amount and one half-life per sum");
    }
    for (int a : amount) {
      if (a < 1 || a > 3) {
        throw new IllegalArgumentException("amount index must be 1, 2 or 3, got " + a);
      }
    }
    this.amount = amount.clone();
    this.halfLifeDays = halfLifeDays.clone();
  }

  @Override
  public Sums zero() {
    return new Sums(amount.length);
  }

  @Override
  public Sums reduce(Sums b, Tuple4<Long, Double, Double, Double> e) {
    long t = e._1();
    for (int i = 0; i < amount.length; i++) {
      double a = switch (amount[i]) {
        case 1 -> e._2();
        case 2 -> e._3();
        default -> e._4();
      };
      if (a != 0) {
        b.values[i] = FeatureFormula.add(b.values[i], b.times[i], t, a, halfLifeDays[i]);
        b.times[i] = t;
      }
    }
    return b;
  }

  @Override
  public Sums merge(Sums x, Sums y) {
    for (int i = 0; i < amount.length; i++) {
      long t = Math.max(x.times[i], y.times[i]);
      if (t != Long.MIN_VALUE) {
        x.values[i] = FeatureFormula.decayed(x.values[i], x.times[i], t, halfLifeDays[i])
            + FeatureFormula.decayed(y.values[i], y.times[i], t, halfLifeDays[i]);
        x.times[i] = t;
      }
    }
    return x;
  }

  @Override
  public Sums finish(Sums b) {
    return b;
  }

  @Override
  public Encoder<Sums> bufferEncoder() {
    return Encoders.bean(Sums.class);
  }

  @Override
  public Encoder<Sums> outputEncoder() {
    return Encoders.bean(Sums.class);
  }

  /** The encoder of this aggregate's input. */
  public static Encoder<Tuple4<Long, Double, Double, Double>> inputEncoder() {
    return Encoders.tuple(Encoders.LONG(), Encoders.DOUBLE(), Encoders.DOUBLE(), Encoders.DOUBLE());
  }
}

package dev.videorec.benchmarks;

import dev.videorec.core.vector.VectorOps;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The distance kernels of vector search, in pairs: float-by-float and float-by-int8 inner products, each through
 * the Vector API ({@link VectorOps#dot}) and as the scalar fallback. Each call scores one query against a stored
 * vector picked at random from a set far larger than the CPU caches, because that is what a graph walk does: the
 * random read is part of the cost, and it is where int8 (64 bytes per vector instead of 256) pays.
 */
// Time per distance is what a search's cost is made of.
@BenchmarkMode(Mode.AverageTime)
// A distance takes tens of nanoseconds.
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// One set of vectors shared by the four methods, so they read the same memory.
@State(Scope.Benchmark)
// The kernels are small; two one-second iterations compile them fully.
@Warmup(iterations = 2, time = 1)
// Five one-second samples: millions of calls each, enough for a stable mean on a noisy machine.
@Measurement(iterations = 5, time = 1)
// The Vector API module turns on the SIMD kernels; without it the "simd" methods would measure the fallback.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class VectorKernelBenchmark {
  /** 64 is the production embedding width; 100 leaves a tail after the SIMD loop. */
  @Param({"64", "100"})
  int dim;

  /** Stored vectors: 1M x 64 floats is 256 MB, well past the last-level cache. */
  @Param({"1000000"})
  int n;

  private float[] floats;
  private byte[] codes;
  private float[] query;
  private int[] order;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom r = new SplittableRandom(42);
    floats = new float[n * dim];
    codes = new byte[n * dim];
    for (int i = 0; i < floats.length; i++) {
      floats[i] = (float) r.nextGaussian();
      codes[i] = (byte) r.nextInt(-128, 128);
    }
    query = new float[dim];
    for (int i = 0; i < dim; i++) {
      query[i] = (float) r.nextGaussian();
    }
    order = new int[1 << 16];
    for (int i = 0; i < order.length; i++) {
      order[i] = r.nextInt(n) * dim;
    }
    // Self-check: the SIMD and scalar kernels agree to float rounding.
    float a = VectorOps.dot(query, codes, order[0], dim);
    float b = VectorOps.scalarDot(query, codes, order[0], dim);
    if (Math.abs(a - b) > 1e-2 * Math.max(1, Math.abs(b))) {
      throw new IllegalStateException("int8 kernels disagree: " + a + " vs " + b);
    }
  }

  private int nextOffset() {
    return order[next++ & (order.length - 1)];
  }

  @Benchmark
  public float floatSimd() {
    return VectorOps.dot(query, 0, floats, nextOffset(), dim);
  }

  @Benchmark
  public float floatScalar() {
    return VectorOps.scalarDot(query, 0, floats, nextOffset(), dim);
  }

  @Benchmark
  public float int8Simd() {
    return VectorOps.dot(query, codes, nextOffset(), dim);
  }

  @Benchmark
  public float int8Scalar() {
    return VectorOps.scalarDot(query, codes, nextOffset(), dim);
  }
}

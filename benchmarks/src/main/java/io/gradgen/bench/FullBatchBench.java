package io.gradgen.bench;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * One pass over the 1,000,000 × 33 regression data, per invocation:
 *
 * <ul>
 *   <li>{@code floor}: a read-only sum of the very array the kernel reads (f64: 264 MB, f32: 132 MB),
 *       eight accumulators so that it is limited by memory, not by add latency: the bandwidth floor;
 *   <li>{@code gradient}: the generated objective's loss and gradient over every row, through the
 *       public {@link Objective} API, in calls of {@value #CHUNK_ROWS} rows ({@code copyForThread}
 *       for the second thread, halves of the rows each): a full-batch epoch without its 33-value
 *       SGD step.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
public class FullBatchBench {
  /**
   * Rows a kernel call, as the trainer's chunked sum calls it (a single call over a million rows
   * would also leave the kernel to on-stack replacement: it would be entered too rarely to be
   * compiled the normal way).
   */
  static final int CHUNK_ROWS = 2048;

  @Param({"f64", "f32"})
  public String precision;

  @Param({"1", "2"})
  public int threads;

  private Workers workers;
  private double[] doubles;
  private float[] floats;
  private Objective[] objectives;
  private double[][] gradients;
  private final double[] sums = new double[2];
  private int rows;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) {
    Job job = Job.LINEAR_FULL;
    CheckedModel checked = Pipeline.check(job.model());
    Precision p = Precision.valueOf(precision.toUpperCase(Locale.ROOT));
    CompiledModel compiled = Gradgen.compile(checked, p);
    Dataset data = DataLoader.read(job.dataFile(), compiled.layout());
    rows = data.rows();
    workers = new Workers(threads);
    if (benchmark.getBenchmark().endsWith(".floor")) {
      if (p == Precision.F32) {
        floats = EpochBench.floats(data.values());
      } else {
        doubles = data.values();
      }
      return;
    }
    objectives = new Objective[threads];
    objectives[0] = compiled.objective(data);
    objectives[0].setParameters(compiled.initialParams(0));
    for (int t = 1; t < threads; t++) {
      objectives[t] = objectives[0].copyForThread();
    }
    gradients = new double[threads][compiled.layout().parameterCount()];
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    workers.close();
  }

  @Benchmark
  public double floor() {
    int length = doubles != null ? doubles.length : floats.length;
    int parts = threads;
    workers.run(parts, p -> {
      int from = (int) ((long) length * p / parts);
      int to = (int) ((long) length * (p + 1) / parts);
      sums[p] = doubles != null ? sum(doubles, from, to) : sum(floats, from, to);
    });
    return parts == 1 ? sums[0] : sums[0] + sums[1];
  }

  @Benchmark
  public double gradient() {
    int parts = threads;
    workers.run(parts, p -> {
      Arrays.fill(gradients[p], 0);
      int to = rows * (p + 1) / parts;
      double loss = 0;
      for (int from = rows * p / parts; from < to; from += CHUNK_ROWS) {
        loss += objectives[p].lossAndGradient(from, Math.min(to, from + CHUNK_ROWS), gradients[p]);
      }
      sums[p] = loss;
    });
    if (parts == 2) {
      for (int i = 0; i < gradients[0].length; i++) {
        gradients[0][i] += gradients[1][i];
      }
      return sums[0] + sums[1];
    }
    return sums[0];
  }

  static double sum(double[] a, int from, int to) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    for (; i < to; i++) {
      s0 += a[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  static double sum(float[] a, int from, int to) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
      s4 += a[i + 4];
      s5 += a[i + 5];
      s6 += a[i + 6];
      s7 += a[i + 7];
    }
    for (; i < to; i++) {
      s0 += a[i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }
}

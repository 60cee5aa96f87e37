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
import java.util.SplittableRandom;
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

/**
 * A Hessian-vector product against a gradient: one pass over all of a job's rows per invocation,
 * through the public {@link Objective} API of one kernel compiled with its second-order method
 * ({@link Gradgen#compileWithHessian}, SIMD where the fork has the Vector API, as {@code gradgen
 * hessian} and {@code newton} run it), in calls of {@value FullBatchBench#CHUNK_ROWS} rows on one
 * thread:
 *
 * <ul>
 *   <li>{@code what = gradient}: {@code lossAndGradient}, the loss and the summed gradient;
 *   <li>{@code what = hessianVector}: {@code lossGradientAndHessianVector} in a fixed random
 *       direction: the loss, the gradient and {@code H·v} in one pass.
 * </ul>
 *
 * Which pass is a parameter, not a second method, because JMH runs a method's parameter sets in
 * order (job, precision, what: the names sorted), so each job's two passes are measured one right
 * after the other, under the same load on a shared machine, not minutes apart.
 *
 * The goal of issue 22 is {@code hessianVector ≤ 3 × gradient}, the bound the theory of reverse
 * mode gives for a gradient of a gradient; {@code benchmarks/BENCHMARKS.md} has the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
public class HessianVectorBench {
  /** linear-256 has linear-full's kernel (only its train block differs), so it is left out. */
  @Param({"crop-yield", "linear-full", "tanh-net"})
  public String job;

  @Param({"f64", "f32"})
  public String precision;

  @Param({"gradient", "hessianVector"})
  public String what;

  private Objective objective;
  private double[] gradient;
  private double[] product;
  private double[] direction;
  private int rows;

  @Setup(Level.Trial)
  public void setUp() {
    Job j = Job.of(job);
    CheckedModel checked = Pipeline.check(j.model());
    Precision p = Precision.valueOf(precision.toUpperCase(Locale.ROOT));
    CompiledModel compiled = Gradgen.compileWithHessian(checked, p);
    Dataset data = DataLoader.read(j.dataFile(), compiled.layout());
    objective = compiled.objective(data);
    double[] params = compiled.initialParams(0);
    // linear-full starts at zero; a point off zero makes every term of the product count.
    SplittableRandom random = new SplittableRandom(22);
    for (int i = 0; i < params.length; i++) {
      params[i] += 0.1 * (random.nextDouble() - 0.5);
    }
    objective.setParameters(params);
    rows = objective.rows();
    direction = new double[params.length];
    for (int i = 0; i < direction.length; i++) {
      direction[i] = random.nextDouble() - 0.5;
    }
    gradient = new double[params.length];
    product = new double[params.length];
    if (!objective.hasHessianVectorProducts()) {
      throw new IllegalStateException(job + "'s kernel was compiled without its Hessian-vector product");
    }
  }

  @Benchmark
  public double pass() {
    return what.equals("gradient") ? gradient() : hessianVector();
  }

  private double gradient() {
    Arrays.fill(gradient, 0);
    double loss = 0;
    for (int from = 0; from < rows; from += FullBatchBench.CHUNK_ROWS) {
      loss += objective.lossAndGradient(from, Math.min(rows, from + FullBatchBench.CHUNK_ROWS), gradient);
    }
    return loss + gradient[0];
  }

  private double hessianVector() {
    Arrays.fill(gradient, 0);
    Arrays.fill(product, 0);
    double loss = 0;
    for (int from = 0; from < rows; from += FullBatchBench.CHUNK_ROWS) {
      loss += objective.lossGradientAndHessianVector(from, Math.min(rows, from + FullBatchBench.CHUNK_ROWS), direction,
          gradient, product);
    }
    return loss + gradient[0] + product[0];
  }
}

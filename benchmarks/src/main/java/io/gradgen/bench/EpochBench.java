package io.gradgen.bench;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
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
 * Training, timed per invocation of {@link Job#epochs} epochs of a job (the report divides: per
 * epoch, or per optimizer step for crop yields), four ways on the same data, threads and precision:
 *
 * <ul>
 *   <li>{@code generated}: {@link Gradgen#compile} → {@code CompiledModel.objective} → {@link
 *       Trainer#train}, exactly what {@code gradgen train} runs;
 *   <li>{@code interpreted}: the same {@code Trainer} over {@link InterpretedObjective}, as {@code
 *       --backend interpreted} builds it (it computes in f64 whatever the precision);
 *   <li>{@code handwritten}: {@link HandLinearF64} / {@link HandTanhF64} (or their f32 twins).
 * </ul>
 *
 * Every invocation starts from the model's initial parameters. The trainer's run includes its
 * set-up and its final loss pass over the training rows, which is why one invocation trains
 * several epochs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx6g", "--add-modules", "jdk.incubator.vector"})
public class EpochBench {
  @Param({"crop-yield", "linear-full", "linear-256", "tanh-net"})
  public String job;

  @Param({"f64", "f32"})
  public String precision;

  @Param({"1", "2"})
  public int threads;

  private Trainer trainer;
  private Objective objective;
  private double[] start;
  private Workers workers;
  private int epochs;
  private HandLinearF64 linear64;
  private HandLinearF32 linear32;
  private HandTanhF64 tanh64;
  private HandTanhF32 tanh32;

  @Setup(Level.Trial)
  public void setUp(BenchmarkParams benchmark) {
    String method = benchmark.getBenchmark().substring(benchmark.getBenchmark().lastIndexOf('.') + 1);
    Job j = Job.of(job);
    CheckedModel checked = Pipeline.check(j.model());
    Precision p = Precision.valueOf(precision.toUpperCase(Locale.ROOT));
    CompiledModel compiled = Gradgen.compile(checked, p);
    Dataset data = DataLoader.read(j.dataFile(), compiled.layout());
    TrainingConfig c = checked.training();
    epochs = j.epochs;
    start = compiled.initialParams(0);
    TrainingConfig config = c.withEpochs(epochs).withPrecision(p);
    trainer = new Trainer(config, threads);
    switch (method) {
      case "generated" -> objective = compiled.objective(data);
      case "interpreted" -> objective = new InterpretedObjective(checked.forward(), compiled.layout(), data);
      case "handwritten" -> handWritten(j, data, config);
      default -> throw new IllegalStateException("unknown benchmark " + method);
    }
  }

  private void handWritten(Job j, Dataset data, TrainingConfig config) {
    workers = new Workers(threads);
    double lr = config.optimizer().lr();
    int features = j == Job.CROP_YIELD ? 3 : 32;
    int outputs = j == Job.CROP_YIELD ? 2 : 1;
    boolean f32 = precision.equals("f32");
    float[] floats = f32 ? data.floats() : null;
    if (j == Job.TANH_NET) {
      if (f32) {
        tanh32 = new HandTanhF32(floats, data.rows(), features, 64, config.batchSize(), lr, start, workers);
      } else {
        tanh64 = new HandTanhF64(data.values(), data.rows(), features, 64, config.batchSize(), lr, start, workers);
      }
    } else if (f32) {
      linear32 = new HandLinearF32(floats, data.rows(), features, outputs, config.batchSize(), lr, config.shuffle(),
          config.shuffleSeed(), workers);
    } else {
      linear64 = new HandLinearF64(data.values(), data.rows(), features, outputs, config.batchSize(), lr,
          config.shuffle(), config.shuffleSeed(), workers);
    }
  }

  static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (workers != null) {
      workers.close();
    }
  }

  @Benchmark
  public TrainingResult generated() {
    return trainer.train(objective, start, null, null);
  }

  @Benchmark
  public TrainingResult interpreted() {
    return trainer.train(objective, start, null, null);
  }

  @Benchmark
  public double handwritten() {
    double loss = 0;
    if (linear64 != null) {
      linear64.reset(start);
      for (int e = 0; e < epochs; e++) {
        loss = linear64.epoch(e);
      }
    } else if (linear32 != null) {
      linear32.reset(start);
      for (int e = 0; e < epochs; e++) {
        loss = linear32.epoch(e);
      }
    } else if (tanh64 != null) {
      tanh64.reset(start);
      for (int e = 0; e < epochs; e++) {
        loss = tanh64.epoch();
      }
    } else {
      tanh32.reset(start);
      for (int e = 0; e < epochs; e++) {
        loss = tanh32.epoch();
      }
    }
    return loss;
  }
}

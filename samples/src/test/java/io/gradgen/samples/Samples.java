package io.gradgen.samples;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.cli.Main;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.ScheduleSpec;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * What the sample tests share: a sample compiled and bound to its data by the real product
 * ({@link Gradgen#compile}, {@link DataLoader}, {@link Trainer}), its {@code train} block with one
 * setting changed, and the CLI run in-process with its output captured.
 */
final class Samples {
  static final Path DIR = Path.of(System.getProperty("user.dir"));

  private Samples() {}

  /** A sample compiled, with its objective over its own data file (or none). */
  record Sample(CompiledModel model, Objective objective) {
    TrainingResult train() {
      return train(model.training());
    }

    TrainingResult train(TrainingConfig config) {
      return new Trainer(config, 2).train(objective, model.initialParams(0), null, null);
    }

    TrainingConfig config() {
      return model.training();
    }
  }

  static Sample load(String name) {
    return bind(Gradgen.compile(DIR.resolve(name)));
  }

  /** A sample compiled with Hessian-vector products, as {@code gradgen train} compiles it for newton. */
  static Sample loadWithHessian(String name) {
    return bind(Gradgen.compileWithHessian(io.gradgen.Pipeline.check(DIR.resolve(name)),
        io.gradgen.runtime.Precision.F64));
  }

  private static Sample bind(CompiledModel model) {
    Dataset data = model.dataFile() == null ? Dataset.none() : DataLoader.read(model.dataFile(), model.layout());
    return new Sample(model, model.objective(data));
  }

  static TrainingConfig withOptimizer(TrainingConfig c, OptimizerSpec optimizer) {
    return c.withOptimizer(optimizer);
  }

  static TrainingConfig withLr(TrainingConfig c, double lr) {
    return withOptimizer(c, c.optimizer().withLr(lr));
  }

  static TrainingConfig withEpochs(TrainingConfig c, int epochs) {
    return c.withEpochs(epochs);
  }

  static TrainingConfig withBatch(TrainingConfig c, int batch) {
    return c.withBatchSize(batch);
  }

  static TrainingConfig withSchedule(TrainingConfig c, ScheduleSpec schedule) {
    return c.withSchedule(schedule);
  }

  static TrainingConfig withClip(TrainingConfig c, Double clip) {
    return c.withClip(clip);
  }

  /** The 1-based epoch whose training loss first falls within {@code tolerance} of {@code target}, or -1. */
  static int epochsToReach(List<EpochRecord> history, double target, double tolerance) {
    for (EpochRecord record : history) {
      if (Math.abs(record.trainLoss() - target) <= tolerance) {
        return record.epoch();
      }
    }
    return -1;
  }

  /** What {@code gradgen ARGS} printed and returned, run in this JVM. */
  record Run(int status, String out, String err) {}

  static synchronized Run cli(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      System.out.flush();
      System.err.flush();
      return new Run(status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  static String path(String name) {
    return DIR.resolve(name).toString();
  }
}

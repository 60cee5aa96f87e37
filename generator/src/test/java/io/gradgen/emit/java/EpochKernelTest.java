package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.ScheduleSpec;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingListener;
import io.gradgen.runtime.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The epoch kernel ({@code sgdEpoch}) changes speed alone: on every small model among the samples
 * and goldens, in both precisions, with and without shuffling, batch sizes that leave a short last
 * batch, mean and sum, and learning rates large enough to diverge in the middle of an epoch,
 * training through it gives bit for bit what the trainer's step-by-step path gives. (A listener
 * that hears steps sends the trainer down the step-by-step path.)
 */
class EpochKernelTest {
  private static final TrainingListener STEP_BY_STEP = new TrainingListener() {
    @Override
    public void epoch(EpochRecord record) {}

    @Override
    public void step(long step, double[] params) {}
  };

  @Test
  void epochKernelTrainsExactlyAsTheStepByStepTrainer() throws IOException {
    List<Path> models = new ArrayList<>();
    try (Stream<Path> samples = Files.list(Path.of("../samples"));
        Stream<Path> golden = Files.list(Path.of("src/test/resources/golden"))) {
      Stream.concat(samples, golden).filter(path -> path.toString().endsWith(".model")).sorted().forEach(models::add);
    }
    int fused = 0;
    int diverged = 0;
    for (Path model : models) {
      CheckedModel checked = Pipeline.check(model);
      if (checked.layout().hasInputs() && checked.dataFile() == null) {
        continue;
      }
      for (Precision precision : Precision.values()) {
        CompiledModel compiled = Gradgen.compile(checked, precision);
        Dataset data = checked.layout().hasInputs()
            ? DataLoader.read(checked.dataFile(), compiled.layout())
            : Dataset.none();
        Objective objective = compiled.objective(data);
        if (!objective.hasSgdEpoch()) {
          continue;
        }
        fused++;
        TrainingConfig base = checked.training();
        double lr = base.optimizer().lr();
        for (TrainingConfig config : variants(base.withEpochs(Math.min(base.epochs(), 30)).withPrecision(precision))) {
          for (double scale : new double[] {1, 1e3, 1e6}) {
            TrainingConfig run = config.withOptimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, lr * scale));
            double[] start = compiled.initialParams(0);
            TrainingResult expected = new Trainer(run, 1).train(objective, start, null, STEP_BY_STEP);
            TrainingResult actual = new Trainer(run, 2).train(objective, start, null, null);
            String what = model.getFileName() + " " + precision + " " + run;
            assertSame(expected, actual, what);
            diverged += expected.stopped() == TrainingResult.Stopped.DIVERGED ? 1 : 0;
          }
        }
      }
    }
    assertTrue(fused >= 10, "only " + fused + " models had an epoch kernel");
    assertTrue(diverged >= 5, "only " + diverged + " runs diverged");
  }

  /**
   * Every optimizer's epoch kernel, clipped or not, changes speed alone: on every small model among
   * the samples and goldens, compiled for each optimizer (momentum with and without Nesterov, Adam,
   * AdamW, RMSprop, Adagrad, SGD, and each with torch.optim's options) with and without a clipping norm that bites, in both precisions, over the
   * same batches, shuffles and reductions, and from learning rates that train to ones that diverge,
   * training through it gives bit for bit what the trainer's step-by-step path gives: the
   * parameters, the loss history, the steps, and the optimizer's buffers.
   */
  @Test
  void everyOptimizersEpochKernelTrainsExactlyAsTheStepByStepTrainer() throws IOException {
    List<Path> models = new ArrayList<>();
    try (Stream<Path> samples = Files.list(Path.of("../samples"));
        Stream<Path> golden = Files.list(Path.of("src/test/resources/golden"))) {
      Stream.concat(samples, golden).filter(path -> path.toString().endsWith(".model")).sorted().forEach(models::add);
    }
    int fused = 0;
    int diverged = 0;
    int clipped = 0;
    for (Path model : models) {
      CheckedModel checked = Pipeline.check(model);
      if (checked.layout().hasInputs() && checked.dataFile() == null) {
        continue;
      }
      TrainingConfig base = checked.training().withEpochs(Math.min(checked.training().epochs(), 12));
      double lr = base.optimizer().lr();
      for (OptimizerSpec optimizer : optimizers(lr)) {
        for (Double clip : new Double[] {null, 0.05}) {
          for (Precision precision : Precision.values()) {
            TrainingConfig compiledFor = base.withOptimizer(optimizer).withClip(clip).withPrecision(precision);
            CompiledModel compiled = Gradgen.compile(checked.withTraining(compiledFor), precision);
            Dataset data = checked.layout().hasInputs()
                ? DataLoader.read(checked.dataFile(), compiled.layout())
                : Dataset.none();
            Objective objective = compiled.objective(data);
            if (objective.epochShape() == null) {
              continue;
            }
            assertEquals(io.gradgen.runtime.train.EpochShape.of(compiledFor), objective.epochShape(), model.toString());
            fused++;
            for (TrainingConfig config : variants(compiledFor)) {
              for (double scale : new double[] {1, 1e3, 1e7}) {
                TrainingConfig run = config.withOptimizer(optimizer.withLr(optimizer.lr() * scale)).withClip(clip);
                double[] start = compiled.initialParams(0);
                TrainingResult expected = new Trainer(run, 1).train(objective, start, null, STEP_BY_STEP);
                TrainingResult actual = new Trainer(run, 2).train(objective, start, null, null);
                String what = model.getFileName() + " " + precision + " " + run;
                assertSame(expected, actual, what);
                assertEquals(expected.state().optimizer().buffers().keySet(),
                    actual.state().optimizer().buffers().keySet(), what);
                for (String buffer : expected.state().optimizer().buffers().keySet()) {
                  assertArrayEquals(bits(expected.state().optimizer().buffers().get(buffer)),
                      bits(actual.state().optimizer().buffers().get(buffer)), what + " " + buffer);
                }
                diverged += expected.stopped() == TrainingResult.Stopped.DIVERGED ? 1 : 0;
                clipped += clip != null ? 1 : 0;
              }
            }
          }
        }
      }
    }
    assertTrue(fused >= 150, "only " + fused + " epoch kernels");
    assertTrue(diverged >= 20, "only " + diverged + " runs diverged");
    assertTrue(clipped > 0);
  }

  /**
   * Issue #20's parts together through the epoch kernel: a linear classifier (small enough that its
   * adam-with-amsgrad-and-weight-decay epoch method fits the method sizer) with kaiming_uniform weights,
   * softmax_ce with label smoothing and metrics reading argmax, softmax and an index from data,
   * trained by adam with weight decay and amsgrad under a plateau with restore_best; and adagrad
   * with lr_decay and weight decay under warmup-then-cosine on a broadcast outer product. Each model
   * is compiled for its own train block, as the CLI compiles it, and trains as the step-by-step path.
   */
  @Test
  void issue20CombinedModelsTrainExactlyAsTheStepByStepTrainer(@TempDir Path dir) throws IOException {
    StringBuilder csv = new StringBuilder("a,b,c,d,k\n");
    java.util.SplittableRandom random = new java.util.SplittableRandom(20);
    for (int row = 0; row < 60; row++) {
      for (int column = 0; column < 4; column++) {
        csv.append(0.7 * (row % 3) + 0.1 * column + 2.4 * (random.nextDouble() - 0.5)).append(',');
      }
      csv.append(row % 3).append('\n');
    }
    Files.writeString(dir.resolve("cls.csv"), csv);
    String classifier = "model C\ndata \"cls.csv\"\ninput x[4] <- a, b, c, d\ntarget k <- k\n"
        + "param W[3,4] = kaiming_uniform(seed = 1)\nparam b[3] = 0\n"
        + "output z = W @ x + b\nloss softmax_ce(z, k, label_smoothing = 0.1)\n"
        + "metric acc = argmax(z) == k\nmetric pk = softmax(z)[k]\nmetric top = max(z, axis = 0)\n"
        + "train {\n  optimizer adam(lr = 0.05, weight_decay = 1e-3, amsgrad = true)\n  batch 7  epochs 30  shuffle seed 3"
        + "  split 0.8\n  schedule plateau(factor = 0.5, patience = 1)\n  stop patience 4, restore_best\n}\n";
    String outer = "model O\ndata \"cls.csv\"\ninput col[3,1] <- a, b, c\ninput row[1,2] <- d, k\ntarget k <- k\n"
        + "param W[3,2] = kaiming_uniform(seed = 5)\nparam g[2] = 1\nO = col * row\nz = sum(W * O * g, axis = 1)\n"
        + "loss softmax_ce(z, k, label_smoothing = 0.2) + 0.01 * sum(O[k] * W[k])\nmetric big = sum(O > 0.5) / 6\n"
        + "train {\n  optimizer adagrad(lr = 0.1, lr_decay = 0.01, weight_decay = 1e-3)\n  batch 4  epochs 25  shuffle seed 9"
        + "  split 0.7\n  schedule warmup(5) then cosine(20)\n}\n";
    int fused = 0;
    int restored = 0;
    for (String text : new String[] {classifier, outer}) {
      Path model = Files.writeString(dir.resolve("m" + text.charAt(6) + ".model"), text);
      CheckedModel checked = Pipeline.check(model);
      for (Precision precision : Precision.values()) {
        TrainingConfig run = checked.training().withPrecision(precision);
        CompiledModel compiled = Gradgen.compile(checked.withTraining(run), precision);
        Objective objective = compiled.objective(DataLoader.read(checked.dataFile(), compiled.layout()));
        if (objective.epochShape() == null) {
          continue; // as above: not every kernel has an epoch method (f32's often has none)
        }
        assertEquals(io.gradgen.runtime.train.EpochShape.of(run), objective.epochShape(), text);
        fused++;
        double[] start = compiled.initialParams(0);
        TrainingResult expected = new Trainer(run, 1).train(objective, start, null, STEP_BY_STEP);
        TrainingResult actual = new Trainer(run, 2).train(objective, start, null, null);
        assertSame(expected, actual, model.getFileName() + " " + precision);
        restored += expected.bestEpoch() != null && expected.bestEpoch() < expected.epochs() ? 1 : 0;
      }
    }
    assertTrue(fused >= 2, "only " + fused + " epoch kernels");
    assertTrue(restored >= 1, "the classifier restores an epoch before its last");
  }

  /** Each optimizer of the language at its defaults but for the learning rate, Nesterov's momentum too. */
  private static List<OptimizerSpec> optimizers(double lr) {
    List<OptimizerSpec> out = new ArrayList<>();
    for (OptimizerSpec.Kind kind : OptimizerSpec.Kind.values()) {
      if (!kind.closure()) { // lbfgs and newton have no epoch kernel
        out.add(OptimizerSpec.defaults(kind, lr));
      }
    }
    OptimizerSpec momentum = OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, lr);
    OptimizerSpec nesterov = new OptimizerSpec(momentum.kind(), lr, 0.8, true, momentum.beta1(), momentum.beta2(),
        momentum.eps(), momentum.decay(), momentum.alpha());
    out.add(nesterov);
    // torch.optim's options (issue #20): every option that changes the update's code, each kernel's
    // path (maximize alone, weight decay alone, both; each extra buffer) at least once.
    out.add(OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, lr).withOptions(0, 0.1, true, false, false, 0, 0, 0));
    out.add(momentum.withOptions(0.3, 0.1, true, false, false, 0, 0, 0));
    out.add(nesterov.withOptions(0, 0.1, false, false, false, 0, 0, 0));
    out.add(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, lr).withOptions(0, 0.1, true, true, false, 0, 0, 0));
    out.add(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAMW, lr).withOptions(0, 0, true, true, false, 0, 0, 0));
    out.add(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, lr).withOptions(0, 0.1, false, false, true, 0.9, 0, 0));
    out.add(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, lr).withOptions(0, 0, true, false, false, 0.5, 0, 0));
    out.add(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, lr).withOptions(0, 0, false, false, true, 0, 0, 0));
    out.add(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAGRAD, lr).withOptions(0, 0.1, true, false, false, 0, 0.1, 0.1));
    return out;
  }

  private static List<TrainingConfig> variants(TrainingConfig c) {
    List<TrainingConfig> out = new ArrayList<>();
    out.add(c);
    for (int batch : new int[] {1, 4, 7}) {
      for (boolean shuffle : new boolean[] {false, true}) {
        for (TrainingConfig.Reduction reduction : TrainingConfig.Reduction.values()) {
          out.add(new TrainingConfig(c.optimizer(), batch, c.epochs(), shuffle, 11, c.split(), c.schedule(), null,
              c.patience(), reduction, c.precision()));
        }
      }
    }
    // A plateau schedule hears each epoch's loss, and restore_best keeps a best epoch's parameters:
    // the same through the epoch kernel as step by step.
    ScheduleSpec plateau = ScheduleSpec.plateau(new ScheduleSpec.Plateau(0.5, 0, 0.1, 0, 0));
    out.add(c.withBatchSize(4).withSchedule(plateau));
    if (c.split() != null) {
      out.add(c.withBatchSize(4).withSchedule(plateau).withPatience(3).withStopOptions(1e-6, true));
    }
    return out;
  }

  private static void assertSame(TrainingResult expected, TrainingResult actual, String what) {
    assertEquals(expected.stopped(), actual.stopped(), what);
    assertEquals(expected.divergedEpoch(), actual.divergedEpoch(), what);
    assertEquals(expected.epochs(), actual.epochs(), what);
    assertEquals(expected.steps(), actual.steps(), what);
    // Every NaN as one: which NaN an addition of two NaNs keeps depends on its operands' order,
    // which the JIT may swap (x86 keeps the first); a NaN's sign and payload carry no meaning.
    assertEquals(Double.doubleToLongBits(expected.loss()), Double.doubleToLongBits(actual.loss()), what);
    assertArrayEquals(bits(expected.params()), bits(actual.params()), what);
    assertEquals(expected.history().size(), actual.history().size(), what);
    for (int e = 0; e < expected.history().size(); e++) {
      assertEquals(Double.doubleToLongBits(expected.history().get(e).trainLoss()),
          Double.doubleToLongBits(actual.history().get(e).trainLoss()), what + " epoch " + (e + 1));
      // the metrics (golden/Metrics.model has three), over the training and the validation rows
      assertArrayEquals(bits(expected.history().get(e).metrics()), bits(actual.history().get(e).metrics()), what);
      assertArrayEquals(bits(expected.history().get(e).validationMetrics()),
          bits(actual.history().get(e).validationMetrics()), what);
    }
    assertArrayEquals(bits(expected.metrics()), bits(actual.metrics()), what);
    assertArrayEquals(bits(expected.validationMetrics()), bits(actual.validationMetrics()), what);
    assertArrayEquals(bits(expected.state().params()), bits(actual.state().params()), what);
    assertEquals(expected.state().steps(), actual.state().steps(), what);
    assertEquals(expected.state().optimizer().step(), actual.state().optimizer().step(), what);
    assertEquals(expected.bestEpoch(), actual.bestEpoch(), what);
    assertEquals(expected.state().schedule(), actual.state().schedule(), what);
  }

  /** The values' bits, every NaN as one (as the loss above); null for none (no validation metrics without a split). */
  private static long[] bits(double[] values) {
    if (values == null) {
      return null;
    }
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Double.doubleToRawLongBits(values[i]);
    }
    return out;
  }
}

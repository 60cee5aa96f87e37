package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.Precision;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private static final double[] ZERO = {0, 0};

  /** Two points, (1, 1) and (2, 3): with w = b = 0 the residuals are −1 and −3. */
  private static Objective twoPoints() {
    return KernelObjective.of(new LinearKernel(), new Dataset("two", 2, 2, new double[] {1, 1, 2, 3}));
  }

  private static Recording recorded(int rows) {
    return new Recording(KernelObjective.of(new LinearKernel(), Lines.data(rows)));
  }

  private static List<String> ranges(Recording objective) {
    List<String> ranges = new ArrayList<>();
    for (int[] call : objective.gradientCalls) {
      ranges.add(call[0] + "-" + call[1]);
    }
    return ranges;
  }

  @Test
  void batchesOfThreeLeaveAShortLastBatch() {
    Recording objective = recorded(10);
    TrainingResult result = new Trainer(Lines.sgd(0.01, 3, 2), 1).train(objective, ZERO, null, null);
    assertEquals(8, result.steps());
    // Then the final loss over all rows, through lossAndGradient: no validation ran loss().
    assertEquals(
        List.of("0-3", "3-6", "6-9", "9-10", "0-3", "3-6", "6-9", "9-10", "0-10"), ranges(objective));
  }

  @Test
  void fullBatchIsOneStepAnEpoch() {
    Recording objective = recorded(10);
    TrainingResult result = new Trainer(Lines.sgd(0.01, 0, 3), 1).train(objective, ZERO, null, null);
    assertEquals(3, result.steps());
    assertEquals(List.of("0-10", "0-10", "0-10", "0-10"), ranges(objective), "three steps, then the final loss");
  }

  @Test
  void batchOfOneIsOneStepARow() {
    Recording objective = recorded(10);
    TrainingResult result = new Trainer(Lines.sgd(0.01, 1, 1), 1).train(objective, ZERO, null, null);
    assertEquals(10, result.steps());
    assertEquals("9-10", ranges(objective).get(9));
  }

  @Test
  void meanReductionDividesByTheBatchRows() {
    // gradient sums: dw = 2(−1)(1) + 2(−3)(2) = −14, db = 2(−1) + 2(−3) = −8; mean: −7, −4
    // w = 0 − 0.1·(−7) = 0.7, b = 0 − 0.1·(−4) = 0.4
    TrainingResult result = new Trainer(Lines.sgd(0.1, 0, 1), 1).train(twoPoints(), ZERO, null, null);
    assertArrayEquals(new double[] {0.7, 0.4}, result.params(), 1e-15);
    // epoch loss with the params before the step: (1 + 9)/2 = 5
    assertEquals(5, result.history().get(0).trainLoss(), 1e-15);
    // final: residuals 0.7 + 0.4 − 1 = 0.1 and 1.4 + 0.4 − 3 = −1.2 → (0.01 + 1.44)/2
    assertEquals(0.725, result.loss(), 1e-15);
  }

  @Test
  void sumReductionKeepsTheSum() {
    TrainingConfig sum =
        new TrainingConfig(
            OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, 0.1), 0, 1, false, 0, null,
            ScheduleSpec.constant(), null, null, TrainingConfig.Reduction.SUM,
            io.gradgen.runtime.Precision.F64);
    TrainingResult result = new Trainer(sum, 1).train(twoPoints(), ZERO, null, null);
    // w = 0.1·14, b = 0.1·8; the reported loss is still the mean per sample
    assertArrayEquals(new double[] {1.4, 0.8}, result.params(), 1e-15);
    assertEquals(5, result.history().get(0).trainLoss(), 1e-15);
  }

  @Test
  void clippingBoundsTheStep() {
    // mean gradient (−7, −4), norm √65; clipped to norm 1 the step is 0.1·(7, 4)/√65
    TrainingConfig clipped = Lines.with(Lines.sgd(0.1, 0, 1), false, null, 1.0, null);
    TrainingResult result = new Trainer(clipped, 1).train(twoPoints(), ZERO, null, null);
    double norm = Math.sqrt(65) + 1e-6;
    assertArrayEquals(new double[] {0.7 / norm, 0.4 / norm}, result.params(), 1e-15);
  }

  @Test
  void modelWithoutInputsTakesOneStepAnEpoch() {
    Objective parabola = KernelObjective.of(new ParabolaKernel(), Dataset.none());
    List<EpochRecord> heard = new ArrayList<>();
    TrainingResult result =
        new Trainer(Lines.sgd(0.1, 32, 100), 1).train(parabola, new double[] {0}, null, heard::add);
    // epoch 1 sees x = 0: (0 − 2)² + 1 = 5; x₁ = 0 − 0.1·2·(0 − 2) = 0.4
    // epoch 2 sees x = 0.4: (0.4 − 2)² + 1 = 3.56; from there x − 2 shrinks by 0.8 a step
    assertEquals(5, heard.get(0).trainLoss(), 0);
    assertEquals(3.56, heard.get(1).trainLoss(), 1e-15);
    assertEquals(100, result.steps());
    assertEquals(100, heard.size());
    assertEquals(2 - 2 * Math.pow(0.8, 100), result.params()[0], 1e-12);
    assertEquals(1, result.loss(), 1e-12);
    assertNull(result.validationLoss());
    assertNull(heard.get(99).validationLoss());
  }

  @Test
  void aRunOfManyEpochsKeepsABoundedHistoryEndingWithItsLastEpoch() {
    Objective parabola = KernelObjective.of(new ParabolaKernel(), Dataset.none());
    int epochs = 3 * Trainer.MAX_HISTORY + 7;
    long[] heard = new long[1];
    TrainingResult result = new Trainer(Lines.sgd(0.1, 32, epochs), 1)
        .train(parabola, new double[] {0}, null, record -> heard[0]++);
    assertEquals(epochs, heard[0], "the listener hears every epoch");
    List<EpochRecord> history = result.history();
    assertTrue(history.size() <= Trainer.MAX_HISTORY + 1, "history of " + history.size());
    assertEquals(1, history.get(0).epoch());
    assertEquals(epochs, history.get(history.size() - 1).epoch());
  }

  @Test
  void lossThatOverflowsStopsWithTheEpochNamed() {
    // lr 1e300: x₁ = 0 + 1e300·4 = 4e300 (finite); epoch 2's loss (4e300)² overflows
    Objective parabola = KernelObjective.of(new ParabolaKernel(), Dataset.none());
    TrainingResult result = new Trainer(Lines.sgd(1e300, 0, 10), 1).train(parabola, new double[] {0}, null, null);
    assertEquals(TrainingResult.Stopped.DIVERGED, result.stopped());
    assertEquals(2, result.divergedEpoch());
    assertArrayEquals(new double[] {4e300}, result.params());
    assertEquals(1, result.history().size());
    assertEquals(1, result.steps());
    // Epoch 2's start, 4e300, already overflows: the state to resume from is epoch 1's start.
    assertEquals(0, result.state().epoch());
    assertEquals(0, result.state().steps());
    assertArrayEquals(new double[] {0}, result.state().params());
  }

  @Test
  void stepThatOverflowsKeepsTheParamsBeforeIt() {
    // lr 1e308: x₁ = 4e308 overflows to infinity, so the step is undone
    Objective parabola = KernelObjective.of(new ParabolaKernel(), Dataset.none());
    TrainingResult result = new Trainer(Lines.sgd(1e308, 0, 10), 1).train(parabola, new double[] {0}, null, null);
    assertEquals(TrainingResult.Stopped.DIVERGED, result.stopped());
    assertEquals(1, result.divergedEpoch());
    assertArrayEquals(new double[] {0}, result.params());
    assertEquals(0, result.epochs());
    assertTrue(result.history().isEmpty());
  }

  @Test
  void nanLossInTheMiddleOfAShuffledEpochKeepsTheDocumentedState() {
    // 40 training rows in batches of 4: ten steps an epoch; step attempt 37 is the 7th of epoch 4
    TrainingConfig adam = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.05), 4, 10);
    divergesInTheMiddleOfAnEpoch(Lines.with(adam, true, 0.8, null, null), Poisoned.Fault.NAN_LOSS);
  }

  @Test
  void stepThatOverflowsInTheMiddleOfAShuffledEpochKeepsTheDocumentedState() {
    // Nesterov, summed: d = g + 0.9·b = MAX_VALUE + 0.9·MAX_VALUE overflows. The momentum buffer has
    // taken the huge gradient before the step is seen to overflow; the state must still be the
    // epoch's start
    OptimizerSpec nesterov =
        new OptimizerSpec(OptimizerSpec.Kind.MOMENTUM, 0.02, 0.9, true, 0.9, 0.999, 1e-8, 0.01, 0.99);
    TrainingConfig config =
        new TrainingConfig(nesterov, 4, 10, true, 7L, 0.8, ScheduleSpec.constant(), null, null,
            TrainingConfig.Reduction.SUM, Precision.F64);
    divergesInTheMiddleOfAnEpoch(config, Poisoned.Fault.HUGE_GRADIENT);
  }

  private static void divergesInTheMiddleOfAnEpoch(TrainingConfig ten, Poisoned.Fault fault) {
    Dataset data = Lines.data(50);
    List<double[]> heard = new ArrayList<>();
    TrainingListener steps =
        new TrainingListener() {
          @Override
          public void epoch(EpochRecord record) {}

          @Override
          public void step(long step, double[] params) {
            heard.add(params.clone());
          }
        };
    Objective poisoned = new Poisoned(KernelObjective.of(new LinearKernel(), data), 37, fault);
    TrainingResult diverged = new Trainer(ten, 1).train(poisoned, ZERO, null, steps);

    assertEquals(TrainingResult.Stopped.DIVERGED, diverged.stopped());
    assertEquals(4, diverged.divergedEpoch());
    assertEquals(36, diverged.steps());
    assertEquals(3, diverged.epochs());
    assertEquals(3, diverged.history().size());
    assertEquals(36, heard.size());
    assertArrayEquals(bits(heard.get(35)), bits(diverged.params()), "the parameters from before the failing step");
    TrainingResult threeEpochs =
        new Trainer(Lines.epochs(ten, 3), 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    assertSameState(threeEpochs.state(), diverged.state());
    Objective kept = KernelObjective.of(new LinearKernel(), data);
    kept.setParameters(heard.get(35));
    assertEquals(kept.loss(0, 40) / 40, diverged.loss(), 0, "the final loss is the kept parameters'");

    TrainingResult whole = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    TrainingResult resumed =
        new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, diverged.state(), null);
    assertSameBits(whole, resumed);
  }

  @Test
  void earlyStoppingAfterPatienceEpochsWithoutImprovement() {
    // training rows on y = 2x, validation rows on y = 0: as w grows, validation only gets worse.
    double[] values = {1, 2, 2, 4, 1, 0, 2, 0};
    Objective objective = KernelObjective.of(new LinearKernel(), new Dataset("d", 4, 2, values));
    TrainingConfig config = Lines.with(Lines.sgd(0.01, 0, 50), false, 0.5, null, 2);
    TrainingResult result = new Trainer(config, 1).train(objective, ZERO, null, null);
    assertEquals(TrainingResult.Stopped.EARLY_STOPPING, result.stopped());
    assertEquals(3, result.epochs()); // epoch 1 is the best; 2 and 3 are not better
    List<EpochRecord> history = result.history();
    assertTrue(history.get(1).validationLoss() > history.get(0).validationLoss());
    assertEquals(2, result.state().epochsWithoutImprovement());
    assertEquals(history.get(0).validationLoss(), result.state().bestValidationLoss());
    // the final parameters are kept, not the best ones
    assertArrayEquals(result.state().params(), result.params());
    assertEquals(history.get(2).validationLoss(), result.validationLoss(), 0);
  }

  @Test
  void earlyStoppingNeedsASplit() {
    TrainingConfig config = Lines.with(Lines.sgd(0.01, 0, 5), false, null, null, 2);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Trainer(config, 1).train(twoPoints(), ZERO, null, null));
    assertEquals("early stopping (patience) needs split for a validation set", error.getMessage());
  }

  @Test
  void splitKeepsTheFirstRowsForTraining() {
    // round(0.75·10) = 8 training rows: one full batch is rows 0-8
    Recording objective = recorded(10);
    TrainingConfig config = Lines.with(Lines.sgd(0.01, 0, 1), false, 0.75, null, null);
    TrainingResult result = new Trainer(config, 1).train(objective, ZERO, null, null);
    assertEquals(List.of("0-8"), ranges(objective));
    assertTrue(result.validationLoss() != null && result.history().get(0).validationLoss() != null);
  }

  @Test
  void scheduleSetsEachEpochsRate() {
    TrainingConfig base = Lines.sgd(0.1, 0, 5);
    TrainingConfig config =
        new TrainingConfig(
            base.optimizer(), 0, 5, false, 0, null, ScheduleSpec.step(2, 0.5), null, null,
            TrainingConfig.Reduction.MEAN, io.gradgen.runtime.Precision.F64);
    TrainingResult result = new Trainer(config, 1).train(twoPoints(), ZERO, null, null);
    double[] rates = result.history().stream().mapToDouble(EpochRecord::learningRate).toArray();
    assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.025}, rates);
  }

  @Test
  void threadsDoNotChangeABit() {
    // 10,000 rows, 9,000 training: batches of 5,000 span three chunks, the validation two
    Dataset data = Lines.data(10_000);
    TrainingConfig config =
        Lines.with(
            Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.01), 5_000, 6),
            true, 0.9, 1.0, null);
    TrainingResult one = new Trainer(config, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    for (int threads : new int[] {2, 4}) {
      TrainingResult many =
          new Trainer(config, threads).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
      assertSameBits(one, many);
    }
  }

  @Test
  void resumingEqualsOneUninterruptedRun() {
    TrainingConfig ten =
        Lines.with(
            Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.05), 4, 10), true, 0.8, null, 5);
    Dataset data = Lines.data(50);
    TrainingResult whole = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    TrainingResult first =
        new Trainer(Lines.epochs(ten, 4), 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    TrainingResult rest =
        new Trainer(ten, 2).train(KernelObjective.of(new LinearKernel(), data), ZERO, first.state(), null);
    assertSameBits(whole, rest);
    assertEquals(10, rest.epochs());
    assertEquals(6, rest.history().size());
    assertEquals(whole.history().get(9).trainLoss(), rest.history().get(5).trainLoss(), 0);
  }

  @Test
  void resumingFromASavedCheckpointFileEqualsOneUninterruptedRun(@TempDir Path folder) throws Exception {
    TrainingConfig ten =
        Lines.with(
            Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.05), 3, 10), true, 0.8, null, null);
    Dataset data = Lines.data(40);
    TrainingResult whole = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    TrainingResult first =
        new Trainer(Lines.epochs(ten, 3), 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    Path file = folder.resolve("line.json");
    Checkpoint.write(file, LinearKernel.layout(Precision.F64), first.state());
    TrainingState saved = Checkpoint.read(file, LinearKernel.layout(Precision.F64));
    TrainingResult rest = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, saved, null);
    assertSameBits(whole, rest);
  }

  @Test
  void everyOptimizersStateResumesFromACheckpointFileBitForBit(@TempDir Path folder) throws Exception {
    // every kind, plain and with its torch.optim options: amsgrad's max, rmsprop's momentum buffer and
    // gradient average, adagrad's sum and the step count its lr_decay reads all go through the file
    Dataset data = Lines.data(40);
    for (OptimizerSpec spec : OptimizerTest.specs()) {
      TrainingConfig ten = Lines.with(Lines.config(spec.withLr(0.02), 3, 10), true, 0.8, null, null);
      TrainingResult whole = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
      TrainingResult first =
          new Trainer(Lines.epochs(ten, 3), 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
      Path file = folder.resolve("line.json");
      Checkpoint.write(file, LinearKernel.layout(Precision.F64), first.state());
      TrainingState saved = Checkpoint.read(file, LinearKernel.layout(Precision.F64));
      assertEquals(first.state().optimizer().buffers().keySet(), saved.optimizer().buffers().keySet(), spec.toString());
      TrainingResult rest = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, saved, null);
      assertSameBits(whole, rest);
    }
  }

  @Test
  void aCheckpointWithoutAnOptionsBufferIsRefusedByName() {
    // a state saved by plain rmsprop (or by gradgen before the option existed) cannot continue a centered run
    TrainingConfig plain = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, 0.1), 0, 1);
    TrainingResult saved = new Trainer(plain, 1).train(twoPoints(), ZERO, null, null);
    TrainingConfig centered = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.RMSPROP, 0.1)
        .withOptions(0, 0, false, false, true, 0, 0, 0), 0, 2);
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(centered, 1).train(twoPoints(), ZERO, saved.state(), null));
    assertEquals("the saved rmsprop state needs grad_avg with 2 values", error.getMessage());
    TrainingResult resumed = new Trainer(plain.withEpochs(2), 1).train(twoPoints(), ZERO, saved.state(), null);
    assertEquals(2, resumed.epochs(), "and it still continues the plain run it came from");
  }

  @Test
  void floatKernelTrainsOnFloatValues() {
    Dataset data = Lines.data(200);
    TrainingConfig config = Lines.sgd(0.1, 20, 30);
    TrainingResult f32 = new Trainer(config, 1).train(KernelObjective.of(new LinearFloatKernel(), data), ZERO, null, null);
    TrainingResult f64 = new Trainer(config, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    for (double p : f32.params()) {
      assertEquals(p, (float) p, 0, "every f32 parameter is a float");
    }
    assertArrayEquals(f64.params(), f32.params(), 1e-4);
    assertEquals(2, f32.params()[0], 0.2);
    assertEquals(1, f32.params()[1], 0.2);
    TrainingResult half =
        new Trainer(Lines.epochs(config, 12), 1).train(KernelObjective.of(new LinearFloatKernel(), data), ZERO, null, null);
    TrainingResult resumed =
        new Trainer(config, 1).train(KernelObjective.of(new LinearFloatKernel(), data), ZERO, half.state(), null);
    assertSameBits(f32, resumed);
  }

  @Test
  void resumeWithAnotherOptimizerIsRefused() {
    TrainingResult sgd = new Trainer(Lines.sgd(0.1, 0, 1), 1).train(twoPoints(), ZERO, null, null);
    TrainingConfig adam = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.1), 0, 2);
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Trainer(adam, 1).train(twoPoints(), ZERO, sgd.state(), null));
    assertEquals("the saved optimizer state is for sgd, not adam", error.getMessage());
  }

  // Issue #20: min_delta, restore_best and the plateau schedule in the epoch loop.

  /** Training and validation rows on the same line y = 2x + 1: validation improves, ever more slowly. */
  private static TrainingConfig improving(Integer patience, double minDelta, boolean restoreBest, int epochs) {
    return Lines.with(Lines.sgd(0.05, 4, epochs), false, 0.8, null, patience).withStopOptions(minDelta, restoreBest);
  }

  @Test
  void minDeltaCountsOnlyFallsLargerThanIt() {
    Dataset data = Lines.data(40);
    TrainingResult free = new Trainer(improving(3, 0, false, 60), 1)
        .train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    double minDelta = 1e-3;
    // Keras' rule over the free run's validation losses: where does it stop with min_delta?
    Double best = null;
    int without = 0;
    int expected = -1;
    for (EpochRecord record : free.history()) {
      if (best == null || record.validationLoss() + minDelta < best) {
        best = record.validationLoss();
        without = 0;
      } else if (++without >= 3) {
        expected = record.epoch();
        break;
      }
    }
    assertTrue(expected > 3 && expected < free.epochs(), "the case stops early only with min_delta: " + expected);
    TrainingResult delta = new Trainer(improving(3, minDelta, false, 60), 1)
        .train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    assertEquals(TrainingResult.Stopped.EARLY_STOPPING, delta.stopped());
    assertEquals(expected, delta.epochs());
    assertEquals(best, delta.state().bestValidationLoss());
    assertNull(delta.bestEpoch());
  }

  @Test
  void restoreBestGivesTheBestEpochsParameters() {
    // as earlyStoppingAfterPatienceEpochsWithoutImprovement: epoch 1 is the best, epoch 3 stops
    double[] values = {1, 2, 2, 4, 1, 0, 2, 0};
    TrainingConfig config = Lines.with(Lines.sgd(0.01, 0, 50), false, 0.5, null, 2).withStopOptions(0, true);
    TrainingResult result = new Trainer(config, 1)
        .train(KernelObjective.of(new LinearKernel(), new Dataset("d", 4, 2, values)), ZERO, null, null);
    TrainingResult one = new Trainer(Lines.epochs(Lines.with(Lines.sgd(0.01, 0, 50), false, 0.5, null, null), 1), 1)
        .train(KernelObjective.of(new LinearKernel(), new Dataset("d", 4, 2, values)), ZERO, null, null);
    assertEquals(3, result.epochs());
    assertEquals(1, result.bestEpoch());
    assertArrayEquals(bits(one.params()), bits(result.params()));
    assertEquals(one.loss(), result.loss(), 0, "the losses are the best parameters'");
    assertEquals(result.history().get(0).validationLoss(), result.validationLoss());
    // the state continues from the final parameters, and remembers the best
    assertEquals(1, result.state().bestEpoch());
    assertArrayEquals(bits(one.params()), bits(result.state().bestParams()));
    assertTrue(result.state().params()[0] != one.params()[0]);
  }

  @Test
  void restoreBestAlsoWhenTheEpochsRunOut() {
    Dataset data = Lines.data(40);
    TrainingResult run = new Trainer(improving(50, 0, true, 12), 1)
        .train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    assertEquals(TrainingResult.Stopped.EPOCHS, run.stopped());
    int best = 1;
    for (EpochRecord record : run.history()) {
      best = record.validationLoss() < run.history().get(best - 1).validationLoss() ? record.epoch() : best;
    }
    assertEquals(best, run.bestEpoch());
    assertEquals(run.history().get(best - 1).validationLoss(), run.validationLoss());
  }

  @Test
  void restoreBestResumesFromACheckpointFileBitForBit(@TempDir Path folder) throws Exception {
    // lr 0.5 overshoots on shuffled batches: validation rises and falls, so the best epoch is not the last
    Dataset data = Lines.data(40);
    TrainingConfig ten = Lines.with(Lines.sgd(LR_THAT_OVERSHOOTS, 4, 10), true, 0.8, null, 8).withStopOptions(1e-4, true);
    TrainingResult whole = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    TrainingResult first =
        new Trainer(Lines.epochs(ten, 4), 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    Path file = folder.resolve("best.json");
    Checkpoint.write(file, LinearKernel.layout(Precision.F64), first.state());
    TrainingState saved = Checkpoint.read(file, LinearKernel.layout(Precision.F64));
    assertArrayEquals(bits(first.state().params()), bits(saved.params()), "resumeParams, not the best");
    assertArrayEquals(bits(first.params()), bits(Checkpoint.readParams(file, LinearKernel.layout(Precision.F64))));
    TrainingResult rest = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, saved, null);
    assertTrue(whole.bestEpoch() > 4 && whole.bestEpoch() < 10, "the best epoch is after the resume, and not the last");
    assertSameBits(whole, rest);
    assertEquals(whole.bestEpoch(), rest.bestEpoch());
  }

  private static final double LR_THAT_OVERSHOOTS = 0.5;

  /** A plateau schedule that cuts often: patience 0, and a loss must halve to improve. */
  private static final ScheduleSpec EAGER_PLATEAU = ScheduleSpec.plateau(new ScheduleSpec.Plateau(0.5, 0, 0.5, 1, 0));

  @Test
  void plateauHearsTheValidationLossOrElseTheTrainingLoss() {
    Dataset data = Lines.data(40);
    for (Double split : new Double[] {0.8, null}) {
      TrainingConfig config = Lines.with(Lines.sgd(0.05, 4, 12), false, split, null, null).withSchedule(EAGER_PLATEAU);
      TrainingResult run = new Trainer(config, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
      Schedule replay = new Schedule(EAGER_PLATEAU, 0.05);
      for (EpochRecord record : run.history()) {
        assertEquals(replay.rate(record.epoch() - 1), record.learningRate(), 0, "epoch " + record.epoch());
        replay.observe(split != null ? record.validationLoss() : record.trainLoss());
      }
      assertTrue(run.history().get(11).learningRate() < 0.05 / 4, "the rate really drops");
      assertEquals(replay.state(), run.state().schedule());
    }
  }

  @Test
  void aDivergedRunKeepsThePlateauStateOfTheEpochItResumesFrom() {
    // as lossThatOverflowsStopsWithTheEpochNamed: the state is epoch 1's start, before any observe
    Objective parabola = KernelObjective.of(new ParabolaKernel(), Dataset.none());
    TrainingConfig config = Lines.sgd(1e300, 0, 10).withSchedule(EAGER_PLATEAU);
    TrainingResult result = new Trainer(config, 1).train(parabola, new double[] {0}, null, null);
    assertEquals(TrainingResult.Stopped.DIVERGED, result.stopped());
    assertEquals(0, result.state().epoch());
    assertEquals(new ScheduleState(1e300, null, 0, 0, 1e300), result.state().schedule());
  }

  @Test
  void plateauResumesFromACheckpointFileBitForBit(@TempDir Path folder) throws Exception {
    Dataset data = Lines.data(40);
    TrainingConfig ten = Lines.with(Lines.sgd(0.05, 4, 10), true, 0.8, null, null).withSchedule(EAGER_PLATEAU);
    TrainingResult whole = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    TrainingResult first =
        new Trainer(Lines.epochs(ten, 5), 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, null, null);
    Path file = folder.resolve("plateau.json");
    Checkpoint.write(file, LinearKernel.layout(Precision.F64), first.state());
    TrainingState saved = Checkpoint.read(file, LinearKernel.layout(Precision.F64));
    assertEquals(first.state().schedule(), saved.schedule());
    TrainingResult rest = new Trainer(ten, 1).train(KernelObjective.of(new LinearKernel(), data), ZERO, saved, null);
    assertSameBits(whole, rest);
    for (int e = 5; e < 10; e++) {
      assertEquals(whole.history().get(e).learningRate(), rest.history().get(e - 5).learningRate(), 0);
    }
  }

  private static void assertSameBits(TrainingResult expected, TrainingResult actual) {
    assertArrayEquals(bits(expected.params()), bits(actual.params()));
    assertEquals(Double.doubleToLongBits(expected.loss()), Double.doubleToLongBits(actual.loss()));
    assertEquals(expected.validationLoss(), actual.validationLoss());
    assertEquals(expected.steps(), actual.steps());
    assertEquals(expected.epochs(), actual.epochs());
    assertEquals(expected.stopped(), actual.stopped());
    expected.state().optimizer().buffers().forEach(
        (name, values) -> assertArrayEquals(bits(values), bits(actual.state().optimizer().buffers().get(name)), name));
  }

  private static void assertSameState(TrainingState expected, TrainingState actual) {
    assertEquals(expected.epoch(), actual.epoch());
    assertEquals(expected.steps(), actual.steps());
    assertArrayEquals(bits(expected.params()), bits(actual.params()));
    assertEquals(expected.bestValidationLoss(), actual.bestValidationLoss());
    assertEquals(expected.epochsWithoutImprovement(), actual.epochsWithoutImprovement());
    assertEquals(expected.optimizer().kind(), actual.optimizer().kind());
    assertEquals(expected.optimizer().step(), actual.optimizer().step());
    assertEquals(expected.optimizer().buffers().keySet(), actual.optimizer().buffers().keySet());
    expected.optimizer().buffers().forEach(
        (name, values) -> assertArrayEquals(bits(values), bits(actual.optimizer().buffers().get(name)), name));
  }

  private static long[] bits(double[] values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Double.doubleToLongBits(values[i]);
    }
    return bits;
  }

  // Metrics: means over the training and the validation rows after each epoch, in file order.

  /** {@link LinearKernel} with one metric, {@code abs_r = |w·x + b − y|}, by hand. */
  private static final class WithResidual implements io.gradgen.runtime.DoubleKernel {
    private final LinearKernel line = new LinearKernel();

    @Override
    public io.gradgen.runtime.ModelLayout layout() {
      io.gradgen.runtime.ModelLayout base = line.layout();
      return new io.gradgen.runtime.ModelLayout(base.modelName(), base.params(), base.data(), base.outputShape(),
          base.outputName(), base.precision(), List.of("abs_r"));
    }

    @Override
    public double lossAndGradient(double[] params, double[] data, int from, int to, double[] gradient) {
      return line.lossAndGradient(params, data, from, to, gradient);
    }

    @Override
    public double loss(double[] params, double[] data, int from, int to) {
      return line.loss(params, data, from, to);
    }

    @Override
    public void predict(double[] params, double[] data, int row, double[] output) {
      line.predict(params, data, row, output);
    }

    @Override
    public void metrics(double[] params, double[] data, int row, double[] values) {
      values[0] = residual(params, data, row);
    }

    @Override
    public io.gradgen.runtime.DoubleKernel copy() {
      return new WithResidual();
    }

    static double residual(double[] params, double[] data, int row) {
      return Math.abs(params[0] * data[2 * row] + params[1] - data[2 * row + 1]);
    }
  }

  /** The metric's mean over rows [from, to) of {@code data} at {@code params}, added in file order. */
  private static double residualMean(Dataset data, double[] params, int from, int to) {
    double sum = 0;
    for (int row = from; row < to; row++) {
      sum += WithResidual.residual(params, data.values(), row);
    }
    return sum / (to - from);
  }

  @Test
  void metricsAreTheMeansOverTrainingAndValidationRowsWithEachEpochsFinalParameters() {
    Dataset data = Lines.data(13);
    TrainingConfig config = Lines.with(Lines.sgd(0.3, 3, 4), true, 0.7, null, null); // 9 train, 4 validate
    TrainingResult run = new Trainer(config, 1).train(KernelObjective.of(new WithResidual(), data), ZERO, null, null);
    assertEquals(4, run.history().size());
    for (int epoch = 1; epoch <= 4; epoch++) {
      // The same run stopped after this epoch ends with this epoch's final parameters.
      double[] params = new Trainer(Lines.epochs(config, epoch), 1)
          .train(KernelObjective.of(new WithResidual(), data), ZERO, null, null).params();
      EpochRecord record = run.history().get(epoch - 1);
      assertArrayEquals(new double[] {residualMean(data, params, 0, 9)}, record.metrics(), 0.0, "epoch " + epoch);
      assertArrayEquals(new double[] {residualMean(data, params, 9, 13)}, record.validationMetrics(), 0.0);
    }
    assertArrayEquals(new double[] {residualMean(data, run.params(), 0, 9)}, run.metrics(), 0.0);
    assertArrayEquals(new double[] {residualMean(data, run.params(), 9, 13)}, run.validationMetrics(), 0.0);
    assertArrayEquals(run.history().get(3).metrics(), run.metrics(), 0.0, "the last epoch's are the result's");
  }

  @Test
  void metricsAreTheSameBitsWhateverTheThreadsAndTheShuffle() {
    Dataset data = Lines.data(3_000);
    TrainingConfig config = Lines.with(Lines.sgd(0.1, 1_100, 3), true, 0.9, null, null);
    TrainingResult one = new Trainer(config, 1).train(KernelObjective.of(new WithResidual(), data), ZERO, null, null);
    TrainingResult four = new Trainer(config, 4).train(KernelObjective.of(new WithResidual(), data), ZERO, null, null);
    for (int epoch = 0; epoch < 3; epoch++) {
      assertEquals(Double.doubleToRawLongBits(one.history().get(epoch).metrics()[0]),
          Double.doubleToRawLongBits(four.history().get(epoch).metrics()[0]));
      assertEquals(Double.doubleToRawLongBits(one.history().get(epoch).validationMetrics()[0]),
          Double.doubleToRawLongBits(four.history().get(epoch).validationMetrics()[0]));
    }
    // Shuffled, the rows are added in file order all the same: the mean the final params give.
    assertEquals(residualMean(data, one.params(), 0, 2_700),
        one.history().get(2).metrics()[0], 0.0);
  }

  @Test
  void aModelWithoutMetricsHasNone() {
    TrainingResult split = new Trainer(Lines.with(Lines.sgd(0.1, 2, 2), false, 0.5, null, null), 1)
        .train(KernelObjective.of(new LinearKernel(), Lines.data(6)), ZERO, null, null);
    assertEquals(0, split.history().get(0).metrics().length);
    assertEquals(0, split.history().get(0).validationMetrics().length);
    assertEquals(0, split.metrics().length);
    TrainingResult whole = new Trainer(Lines.sgd(0.1, 2, 1), 1)
        .train(KernelObjective.of(new LinearKernel(), Lines.data(6)), ZERO, null, null);
    assertNull(whole.history().get(0).validationMetrics());
    assertNull(whole.validationMetrics());
  }
}

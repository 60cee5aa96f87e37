package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.checkpoint.Checkpoint;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lbfgs and newton ({@link ClosureSteps}) in the {@link Trainer}: one {@code opt.step(closure)} a
 * batch, the closure reducing and clipping as the run does; epochs, checkpoints, divergence.
 */
class ClosureStepsTest {
  @TempDir Path dir;

  /** {@link LbfgsTest.Rosenbrock} as a kernel without inputs: params (x, y) from (−1.5, 2). */
  static final class RosenbrockKernel implements DoubleKernel {
    @Override
    public ModelLayout layout() {
      return new ModelLayout("Rosenbrock",
          List.of(new ParamSlot("x", List.of(), 0, new Init.Zeros()),
              new ParamSlot("y", List.of(), 1, new Init.Zeros())),
          List.of(), null, null, Precision.F64);
    }

    @Override
    public double lossAndGradient(double[] params, double[] data, int from, int to, double[] gradient) {
      double[] g = new double[2];
      double f = new LbfgsTest.Rosenbrock().evaluate(params, g);
      gradient[0] += g[0];
      gradient[1] += g[1];
      return f;
    }

    @Override
    public double loss(double[] params, double[] data, int from, int to) {
      return new LbfgsTest.Rosenbrock().evaluate(params, new double[2]);
    }

    @Override
    public void predict(double[] params, double[] data, int row, double[] output) {}

    @Override
    public DoubleKernel copy() {
      return this;
    }
  }

  /** {@link LinearKernel}'s objective with its Hessian-vector products by hand: H = Σ 2·[x, 1]ᵀ[x, 1]. */
  static final class LineWithCurvature extends ForwardingObjective {
    private final Dataset data;

    LineWithCurvature(Dataset data) {
      super(KernelObjective.of(new LinearKernel(), data));
      this.data = data;
    }

    @Override
    public boolean hasHessianVectorProducts() {
      return true;
    }

    @Override
    public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
        double[] hessianVector) {
      for (int row = from; row < to; row++) {
        double x = data.values()[2 * row];
        double along = x * direction[0] + direction[1];
        hessianVector[0] += 2 * along * x;
        hessianVector[1] += 2 * along;
      }
      return inner.lossAndGradient(from, to, gradient);
    }
  }

  private static TrainingConfig lbfgs(OptimizerSpec.Curvature options, int epochs) {
    return Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.LBFGS, 1).withCurvature(options), 0, epochs);
  }

  private static final OptimizerSpec.Curvature WOLFE =
      new OptimizerSpec.Curvature(20, 25, 1e-7, 1e-9, 100, true, 0);

  @Test
  void anEpochWithoutInputsIsOneLbfgsStepAsTorchsOptStepClosure() {
    Objective rosenbrock = KernelObjective.of(new RosenbrockKernel(), Dataset.none());
    TrainingResult result = new Trainer(lbfgs(WOLFE, 3), 1).train(rosenbrock, new double[] {-1.5, 2.0}, null, null);
    // LbfgsTest's "wolfe" figures from torch, step 3
    assertArrayEquals(new double[] {0.9999979943196431, 0.9999973438921697}, result.params(), 0);
    assertEquals(3, result.steps());
    // each epoch's train loss is the loss its step began at, as opt.step(closure) returns it
    assertEquals(12.5, result.history().get(0).trainLoss(), 0);
    assertEquals(1.3070983150502804, result.history().get(1).trainLoss(), 0);
    assertEquals(1.884048136624105e-07, result.history().get(2).trainLoss(), 0);
    assertEquals("lbfgs", result.state().optimizer().kind());
    assertEquals(41, result.state().optimizer().step());
  }

  @Test
  void savedToAFileAndResumedAnLbfgsRunContinuesAsTheUninterruptedOneToTheBit() throws Exception {
    OptimizerSpec.Curvature shortHistory = new OptimizerSpec.Curvature(4, 5, 1e-7, 1e-9, 2, true, 0);
    Objective line = KernelObjective.of(new LinearKernel(), Lines.data(12));
    TrainingConfig whole = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.LBFGS, 1)
        .withCurvature(shortHistory), 4, 6);
    double[] start = {0.3, -0.2};
    TrainingResult uninterrupted = new Trainer(whole, 1).train(line, start, null, null);
    TrainingResult first = new Trainer(Lines.epochs(whole, 2), 1).train(line, start, null, null);
    Path file = dir.resolve("lbfgs.json");
    Checkpoint.write(file, line.layout(), first.state());
    assertEquals(true, Files.readString(file).contains("\"values\""));
    TrainingResult resumed = new Trainer(whole, 1).train(line, start, Checkpoint.read(file, line.layout()), null);
    assertArrayEquals(bits(uninterrupted.params()), bits(resumed.params()));
    assertEquals(uninterrupted.state().optimizer().values(), resumed.state().optimizer().values());
    assertEquals(uninterrupted.steps(), resumed.steps());
    assertEquals(18, uninterrupted.steps(), "three batches an epoch, one step each");
  }

  @Test
  void newtonSolvesLeastSquaresInOneFullBatchStep() {
    Dataset data = Lines.data(20);
    LineWithCurvature line = new LineWithCurvature(data);
    TrainingConfig newton = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.NEWTON, 1), 0, 1);
    TrainingResult result = new Trainer(newton, 1).train(line, new double[] {0, 0}, null, null);
    // the normal equations, solved directly
    double sx = 0, sy = 0, sxx = 0, sxy = 0;
    int n = data.rows();
    for (int row = 0; row < n; row++) {
      double x = data.values()[2 * row];
      double y = data.values()[2 * row + 1];
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double w = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double b = (sy - w * sx) / n;
    assertArrayEquals(new double[] {w, b}, result.params(), 1e-12);
    assertEquals("newton", result.state().optimizer().kind());
    assertEquals(1, result.state().optimizer().step());
  }

  @Test
  void newtonOnAnObjectiveWithoutHessianVectorProductsIsRefusedBeforeTraining() {
    Objective line = KernelObjective.of(new LinearKernel(), Lines.data(4));
    TrainingConfig newton = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.NEWTON, 1), 0, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(newton, 1).train(line, new double[] {0, 0}, null, null));
    assertEquals("optimizer newton needs Hessian-vector products, and this objective (Line) computes none; use "
        + "lbfgs, or a backend that generates them", e.getMessage());
  }

  @Test
  void aStepWhoseFirstEvaluationIsNotFiniteStopsTheRunWithTheParametersBeforeIt() {
    Objective line = KernelObjective.of(new LinearKernel(), Lines.data(8));
    TrainingConfig config = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.LBFGS, 1), 4, 5);
    TrainingResult clean = new Trainer(Lines.epochs(config, 1), 1).train(line, new double[] {0, 0}, null, null);
    // lbfgs with max_iter 20 evaluates many times a step: poison the first evaluation of epoch 2's first step
    int callsInEpochOne = countCalls(config, 1);
    Poisoned poisoned = new Poisoned(KernelObjective.of(new LinearKernel(), Lines.data(8)), callsInEpochOne + 1,
        Poisoned.Fault.NAN_LOSS);
    TrainingResult result = new Trainer(config, 1).train(poisoned, new double[] {0, 0}, null, null);
    assertEquals(TrainingResult.Stopped.DIVERGED, result.stopped());
    assertEquals(Integer.valueOf(2), result.divergedEpoch());
    assertArrayEquals(bits(clean.params()), bits(result.params()));
    // Not one step of epoch 2 was finite: the state to resume from is the start of epoch 1, the
    // optimizer rewound to its mark there, as for every optimizer (TrainerTest).
    assertEquals(0, result.state().epoch());
    assertArrayEquals(new double[] {0, 0}, result.state().params(), 0);
    assertEquals(0, result.state().optimizer().step());
    assertEquals(java.util.Map.of("func_evals", 0.0), result.state().optimizer().values());
  }

  @Test
  void aStepThatEndsNotFiniteLeavesTheObjectiveAtTheParametersBeforeIt() {
    // lr 1e6 without a line search: the first step's later iterations overflow to NaN
    Objective rosenbrock = KernelObjective.of(new RosenbrockKernel(), Dataset.none());
    TrainingConfig huge = Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.LBFGS, 1e6), 0, 5);
    TrainingResult result = new Trainer(huge, 1).train(rosenbrock, new double[] {-1.5, 2.0}, null, null);
    assertEquals(TrainingResult.Stopped.DIVERGED, result.stopped());
    assertEquals(0, result.steps());
    assertArrayEquals(new double[] {-1.5, 2.0}, result.params(), 0);
    assertEquals(12.5, result.loss(), 0, "the final loss is the kept parameters', not the last trial's");
  }

  /** The objective's lossAndGradient calls in the first {@code epochs} epochs of {@code config}. */
  private static int countCalls(TrainingConfig config, int epochs) {
    int[] calls = {0};
    Objective counting = new ForwardingObjective(KernelObjective.of(new LinearKernel(), Lines.data(8))) {
      @Override
      public double lossAndGradient(int from, int to, double[] gradient) {
        calls[0]++;
        return inner.lossAndGradient(from, to, gradient);
      }
    };
    new Trainer(Lines.epochs(config, epochs), 1).train(counting, new double[] {0, 0}, null, null);
    return calls[0] - 1; // less the final loss pass
  }

  @Test
  void closureOptimizersHaveNoEpochShape() {
    assertNull(EpochShape.of(lbfgs(WOLFE, 1)));
    assertNull(EpochShape.of(Lines.config(OptimizerSpec.defaults(OptimizerSpec.Kind.NEWTON, 1), 0, 1)));
  }

  private static long[] bits(double[] values) {
    long[] bits = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Double.doubleToLongBits(values[i]);
    }
    return bits;
  }
}

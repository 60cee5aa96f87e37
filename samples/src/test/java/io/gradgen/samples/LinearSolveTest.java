package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Seed example 7, {@code linear-solve.model}: x minimising ‖A·x − b‖² for a diagonally dominant
 * 5×5 A. The exact solution A⁻¹b is computed here by Gaussian elimination with partial pivoting;
 * gradient descent (lr 0.002, 1000 steps) and momentum (lr 0.002, β 0.9, 400 steps) must both
 * match it to 1e-8 in every component, and momentum must get there in fewer steps.
 */
class LinearSolveTest {
  private static final double[][] A = {
    {4.10, 0.42, -0.42, 0.02, 0.79},
    {0.79, 3.25, -0.59, -0.90, -0.12},
    {-0.94, -0.09, 4.30, -0.44, 0.35},
    {0.18, -0.95, 0.12, 3.52, -0.17},
    {-0.43, 0.39, -0.12, -0.69, 4.09}
  };
  private static final double[] B = {2.80, -1.94, -2.78, -1.12, 4.36};

  private final Samples.Sample sample = Samples.load("linear-solve.model");

  @Test
  void theModelHoldsTheSameSystem() {
    double[] x = new double[5];
    for (int j = -1; j < 5; j++) {
      java.util.Arrays.fill(x, 0.25);
      if (j >= 0) {
        x[j] = -1.5;
      }
      double[] residual = new double[5];
      double loss = 0;
      for (int i = 0; i < 5; i++) {
        for (int k = 0; k < 5; k++) {
          residual[i] += A[i][k] * x[k];
        }
        residual[i] -= B[i];
        loss += residual[i] * residual[i];
      }
      double[] gradient = new double[5];
      sample.objective().setParameters(x.clone());
      assertEquals(loss, sample.objective().lossAndGradient(0, 1, gradient), 1e-12);
      for (int k = 0; k < 5; k++) {
        double expected = 0;
        for (int i = 0; i < 5; i++) {
          expected += 2 * A[i][k] * residual[i];
        }
        assertEquals(expected, gradient[k], 1e-12);
      }
    }
  }

  @Test
  void gradientDescentFindsTheExactSolution() {
    double[] exact = solve(A, B);
    TrainingResult result = sample.train();
    for (int i = 0; i < 5; i++) {
      assertEquals(exact[i], result.params()[i], 1e-8, "x[" + i + "]");
    }
  }

  @Test
  void momentumFindsItInFewerSteps() {
    double[] exact = solve(A, B);
    TrainingConfig momentum = Samples.withEpochs(
        Samples.withOptimizer(sample.config(), OptimizerSpec.defaults(OptimizerSpec.Kind.MOMENTUM, 0.002)), 400);
    TrainingResult result = sample.train(momentum);
    for (int i = 0; i < 5; i++) {
      assertEquals(exact[i], result.params()[i], 1e-8, "x[" + i + "]");
    }
    int withMomentum = Samples.epochsToReach(result.history(), 0, 1e-12);
    int plain = Samples.epochsToReach(sample.train().history(), 0, 1e-12);
    assertTrue(withMomentum > 0 && withMomentum < plain, "momentum " + withMomentum + ", plain " + plain);
  }

  @Test
  void newtonSolvesItInOneStep() {
    // issue 22: a quadratic loss, so one Newton step (CG on the generated H·v) is the solution
    Samples.Sample withHessian = Samples.loadWithHessian("linear-solve.model");
    TrainingResult result = withHessian.train(Samples.withEpochs(Samples.withOptimizer(withHessian.config(),
        OptimizerSpec.defaults(OptimizerSpec.Kind.NEWTON, 1)), 1));
    double[] exact = solve(A, B);
    // torch.linalg.solve on torch's autograd Hessian (samples/pytorch/curvature_cases.py)
    double[] torch = {0.4990056351006015, -0.9495584478341619, -0.7003682950252179, -0.5229588581269354,
        1.1002480220630737};
    for (int i = 0; i < 5; i++) {
      assertEquals(exact[i], result.params()[i], 1e-12, "x[" + i + "]");
      assertEquals(torch[i], result.params()[i], 1e-14, "x[" + i + "]");
    }
    assertEquals(1, result.steps());
  }

  /** Gaussian elimination with partial pivoting. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] m = new double[n][];
    for (int i = 0; i < n; i++) {
      m[i] = java.util.Arrays.copyOf(a[i], n + 1);
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int row = col + 1; row < n; row++) {
        if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) {
          pivot = row;
        }
      }
      double[] swap = m[col];
      m[col] = m[pivot];
      m[pivot] = swap;
      for (int row = col + 1; row < n; row++) {
        double factor = m[row][col] / m[col][col];
        for (int k = col; k <= n; k++) {
          m[row][k] -= factor * m[col][k];
        }
      }
    }
    double[] x = new double[n];
    for (int row = n - 1; row >= 0; row--) {
      double sum = m[row][n];
      for (int k = row + 1; k < n; k++) {
        sum -= m[row][k] * x[k];
      }
      x[row] = sum / m[row][row];
    }
    return x;
  }
}

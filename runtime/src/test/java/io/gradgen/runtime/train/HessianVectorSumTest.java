package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.ModelLayout;
import org.junit.jupiter.api.Test;

class HessianVectorSumTest {
  /** {@link LinearKernel} with its Hessian by hand: {@code Σ 2·[[x², x], [x, 1]]}. */
  private static final class LinearHessianKernel implements DoubleKernel {
    private final LinearKernel line = new LinearKernel();

    @Override
    public ModelLayout layout() {
      return line.layout();
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
    public DoubleKernel copy() {
      return new LinearHessianKernel();
    }

    @Override
    public boolean hasHessianVectorProducts() {
      return true;
    }

    @Override
    public double lossGradientAndHessianVector(double[] params, double[] data, int from, int to, double[] v,
        double[] gradient, double[] hv) {
      for (int row = from; row < to; row++) {
        double x = data[2 * row];
        hv[0] += 2 * (x * x * v[0] + x * v[1]);
        hv[1] += 2 * (x * v[0] + v[1]);
      }
      return line.lossAndGradient(params, data, from, to, gradient);
    }
  }

  @Test
  void sameBitsForAnyThreadCountAndTheGradientIsChunkedSums() {
    Objective objective = KernelObjective.of(new LinearHessianKernel(), Lines.data(7_000));
    assertTrue(objective.hasHessianVectorProducts());
    objective.setParameters(new double[] {0.5, -0.25});
    double[] v = {1.5, -2};
    double[] wholeGradient = new double[2];
    double[] wholeProduct = new double[2];
    objective.lossGradientAndHessianVector(0, 7_000, v, wholeGradient, wholeProduct);
    double[] chunkedGradient = new double[2];
    double chunkedLoss;
    try (ChunkedSum sum = new ChunkedSum(objective, 1, 2)) {
      chunkedLoss = sum.lossAndGradient(0, 7_000, chunkedGradient);
    }
    double[] expected = null;
    for (int threads : new int[] {1, 2, 3, 4}) {
      try (HessianVectorSum sum = new HessianVectorSum(objective, threads)) {
        for (int call = 0; call < 2; call++) {
          double[] gradient = {99, 99};
          double[] product = {99, 99}; // overwritten, not added to
          double loss = sum.lossGradientAndHessianVector(0, 7_000, v, gradient, product);
          assertEquals(Double.doubleToLongBits(chunkedLoss), Double.doubleToLongBits(loss));
          assertArrayEquals(chunkedGradient, gradient, 0);
          assertArrayEquals(wholeProduct, product, 1e-9 * Math.abs(wholeProduct[0]));
          if (expected == null) {
            expected = product;
          }
          assertArrayEquals(expected, product, 0);
        }
      }
    }
  }

  @Test
  void aRangeOfOneChunkIsTheObjectivesOwnCall() {
    Objective objective = KernelObjective.of(new LinearHessianKernel(), Lines.data(300));
    objective.setParameters(new double[] {0.5, -0.25});
    double[] v = {1, 0};
    double[] gradient = new double[2];
    double[] product = new double[2];
    double loss = objective.lossGradientAndHessianVector(0, 300, v, gradient, product);
    try (HessianVectorSum sum = new HessianVectorSum(objective, 3)) {
      double[] g = new double[2];
      double[] hv = new double[2];
      assertEquals(loss, sum.lossGradientAndHessianVector(0, 300, v, g, hv), 0);
      assertArrayEquals(gradient, g, 0);
      assertArrayEquals(product, hv, 0);
    }
  }

  @Test
  void anObjectiveWithoutProductsIsRefused() {
    Objective objective = KernelObjective.of(new LinearKernel(), Lines.data(10));
    assertThrows(IllegalArgumentException.class, () -> new HessianVectorSum(objective, 2));
    assertThrows(UnsupportedOperationException.class,
        () -> objective.lossGradientAndHessianVector(0, 10, new double[2], new double[2], new double[2]));
  }
}

package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChunkedSumTest {

  @Test
  void sameBitsForAnyThreadCountAndCloseToOneSum() {
    Objective objective = KernelObjective.of(new LinearKernel(), Lines.data(7_000));
    objective.setParameters(new double[] {0.5, -0.25});
    double[] whole = new double[2];
    double wholeLoss = objective.lossAndGradient(0, 7_000, whole);

    double[] expected = null;
    double expectedLoss = 0;
    for (int threads : new int[] {1, 2, 3, 4}) {
      try (ChunkedSum sum = new ChunkedSum(objective, threads, 2)) {
        double[] gradient = {99, 99}; // overwritten, not added to
        double loss = sum.lossAndGradient(0, 7_000, gradient);
        assertEquals(wholeLoss, loss, 1e-9 * wholeLoss);
        assertArrayEquals(whole, gradient, 1e-9 * Math.abs(whole[0]));
        assertEquals(Double.doubleToLongBits(loss), Double.doubleToLongBits(sum.loss(0, 7_000)));
        if (expected == null) {
          expected = gradient;
          expectedLoss = loss;
        }
        assertArrayEquals(expected, gradient, 0);
        assertEquals(expectedLoss, loss, 0);
      }
    }
  }

  @Test
  void oneChunkIsOneCall() {
    Recording objective = new Recording(KernelObjective.of(new LinearKernel(), Lines.data(3_000)));
    try (ChunkedSum sum = new ChunkedSum(objective, 1, 2)) {
      sum.lossAndGradient(0, ChunkedSum.CHUNK_ROWS, new double[2]);
      sum.lossAndGradient(0, 3_000, new double[2]);
    }
    assertEquals(3, objective.gradientCalls.size());
    assertArrayEquals(new int[] {0, 2048}, objective.gradientCalls.get(0));
    assertArrayEquals(new int[] {2048, 3000}, objective.gradientCalls.get(2));
  }
}

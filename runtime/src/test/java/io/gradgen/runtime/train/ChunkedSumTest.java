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
  void wavesOfAnySizeGiveTheSameBits() {
    Objective objective = KernelObjective.of(new LinearKernel(), Lines.data(7_000));
    objective.setParameters(new double[] {0.5, -0.25});
    double[] expected = null;
    double expectedLoss = 0;
    for (int threads : new int[] {1, 2, 3, 4}) {
      for (int chunksPerSlot : new int[] {1, 2, 3, 100}) {
        try (ChunkedSum sum = new ChunkedSum(objective, threads, 2, chunksPerSlot)) {
          double[] gradient = new double[2];
          double loss = sum.lossAndGradient(0, 7_000, gradient);
          if (expected == null) {
            expected = gradient;
            expectedLoss = loss;
          }
          assertArrayEquals(expected, gradient, 0);
          assertEquals(expectedLoss, loss, 0);
          assertEquals(expectedLoss, sum.loss(0, 7_000), 0);
        }
      }
    }
  }

  @Test
  void oneChunkIsOneCall() {
    int chunk = ChunkedSum.CHUNK_ROWS;
    int rows = chunk + chunk / 2;
    Recording objective = new Recording(KernelObjective.of(new LinearKernel(), Lines.data(rows)));
    try (ChunkedSum sum = new ChunkedSum(objective, 1, 2)) {
      sum.lossAndGradient(0, chunk, new double[2]);
      sum.lossAndGradient(0, rows, new double[2]);
    }
    assertEquals(3, objective.gradientCalls.size());
    assertArrayEquals(new int[] {0, chunk}, objective.gradientCalls.get(0));
    assertArrayEquals(new int[] {0, chunk}, objective.gradientCalls.get(1));
    assertArrayEquals(new int[] {chunk, rows}, objective.gradientCalls.get(2));
  }
}

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

  /**
   * The order RangeSums defines, written out: chunks onto zero within blocks of 32, blocks onto
   * zero in block order. 40,000 rows are 79 chunks in 3 blocks; with 7 of them in a wave, blocks
   * end inside waves, and the sum is still that order's bits for every thread count.
   */
  @Test
  void blocksOfChunksAreSummedInBlockOrder() {
    int rows = 40_000;
    Objective objective = KernelObjective.of(new LinearKernel(), Lines.data(rows));
    objective.setParameters(new double[] {0.5, -0.25});
    double[] expected = new double[2];
    double expectedLoss = 0;
    double[] block = new double[2];
    double[] chunk = new double[2];
    for (int from = 0; from < rows; from += RangeSums.BLOCK_ROWS) {
      double loss = RangeSums.block(objective, from, Math.min(rows, from + RangeSums.BLOCK_ROWS), block, chunk);
      expectedLoss += loss;
      for (int i = 0; i < 2; i++) {
        expected[i] += block[i];
      }
      assertEquals(loss, RangeSums.block(objective, from, Math.min(rows, from + RangeSums.BLOCK_ROWS), null, chunk), 0);
    }
    for (int threads : new int[] {1, 2, 3}) {
      for (int chunksPerSlot : new int[] {1, 7, 100}) {
        try (ChunkedSum sum = new ChunkedSum(objective, threads, 2, chunksPerSlot)) {
          double[] gradient = new double[2];
          assertEquals(expectedLoss, sum.lossAndGradient(0, rows, gradient), 0);
          assertArrayEquals(expected, gradient, 0);
          assertEquals(expectedLoss, sum.loss(0, rows), 0);
        }
      }
    }
  }

  /** An objective that sums whole ranges itself is handed them whole; a chunk's range goes to lossAndGradient. */
  @Test
  void aRangeSummingObjectiveGetsWholeRanges() {
    java.util.List<String> calls = new java.util.ArrayList<>();
    Objective inner = KernelObjective.of(new LinearKernel(), Lines.data(2_000));
    class Whole extends ForwardingObjective implements RangeSums {
      Whole(Objective wrapped) {
        super(wrapped);
      }

      @Override
      public double lossAndGradientSum(int from, int to, double[] gradient) {
        calls.add("sum " + from + " " + to);
        return 1;
      }

      @Override
      public double lossSum(int from, int to) {
        calls.add("loss " + from + " " + to);
        return 2;
      }
    }
    try (ChunkedSum sum = new ChunkedSum(new Whole(inner), 2, 2)) {
      assertEquals(1, sum.lossAndGradient(0, 2_000, new double[2]), 0);
      assertEquals(2, sum.loss(100, 2_000), 0);
      sum.lossAndGradient(0, 512, new double[2]);
    }
    assertEquals(java.util.List.of("sum 0 2000", "loss 100 2000"), calls);
  }
}

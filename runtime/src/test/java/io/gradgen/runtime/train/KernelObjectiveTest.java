package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.data.Dataset;
import org.junit.jupiter.api.Test;

class KernelObjectiveTest {
  // rows (x, y): (1, 10), (2, 20), (3, 30), (4, 40); with w = 0, b = 0 a row's loss is y²
  private static final Dataset DATA = new Dataset("d", 4, 2, new double[] {1, 10, 2, 20, 3, 30, 4, 40});

  private static double[] rowLosses(Objective objective) {
    double[] losses = new double[objective.rows()];
    for (int row = 0; row < losses.length; row++) {
      losses[row] = objective.loss(row, row + 1);
    }
    return losses;
  }

  @Test
  void arrangePutsTheGivenRowsFirst() {
    Objective objective = KernelObjective.of(new LinearKernel(), DATA);
    objective.setParameters(new double[] {0, 0});
    objective.arrange(new int[] {2, 0, 1});
    assertArrayEquals(new double[] {900, 100, 400, 1600}, rowLosses(objective));
  }

  @Test
  void eachArrangeStartsFromTheOriginalOrder() {
    Objective objective = KernelObjective.of(new LinearKernel(), DATA);
    objective.setParameters(new double[] {0, 0});
    objective.arrange(new int[] {3, 2, 1, 0});
    objective.arrange(new int[] {1, 0});
    assertArrayEquals(new double[] {400, 100, 900, 1600}, rowLosses(objective));
    objective.arrange(new int[0]);
    assertArrayEquals(new double[] {100, 400, 900, 1600}, rowLosses(objective));
  }

  @Test
  void anArrangeAfterTheOriginalOrderStillRestoresRowsMovedBefore() {
    // the empty arrange reads the original rows without copying them back into the arranged copy;
    // the next, shorter arrange must still put rows 2 and 3 back where they belong
    for (Objective objective :
        new Objective[] {KernelObjective.of(new LinearKernel(), DATA), KernelObjective.of(new LinearFloatKernel(), DATA)}) {
      objective.setParameters(new double[] {0, 0});
      objective.arrange(new int[] {3, 2, 1, 0});
      objective.arrange(new int[0]);
      assertArrayEquals(new double[] {100, 400, 900, 1600}, rowLosses(objective));
      objective.arrange(new int[] {1});
      assertArrayEquals(new double[] {400, 400, 900, 1600}, rowLosses(objective));
    }
  }

  @Test
  void threadCopiesShareParametersAndArrangement() {
    Objective objective = KernelObjective.of(new LinearKernel(), DATA);
    Objective copy = objective.copyForThread();
    objective.setParameters(new double[] {10, 0});
    objective.arrange(new int[] {3});
    // row 4 moved first: 10·4 − 40 = 0
    assertEquals(0, copy.loss(0, 1));
    double[] gradient = new double[2];
    // row 1 (x = 2, y = 20) now at position 1: r = 0; row 2 at position 2: r = 30 − 30 = 0
    assertEquals(0, copy.lossAndGradient(1, 3, gradient));
    double[] output = new double[1];
    copy.predict(0, output);
    assertEquals(40, output[0]);
  }

  @Test
  void floatObjectiveRoundsTheCallersParameters() {
    Objective objective = KernelObjective.of(new LinearFloatKernel(), DATA);
    double[] params = {0.1, 1.0 / 3};
    objective.setParameters(params);
    assertArrayEquals(new double[] {(float) 0.1, (float) (1.0 / 3)}, params, 0);
    // the kernel computes with exactly those values: row 1 loss (0.1f·1 + (1/3)f − 10)²
    double r = (double) (float) 0.1 + (float) (1.0 / 3) - 10;
    assertEquals(r * r, objective.loss(0, 1), 0);
  }

  @Test
  void modelWithoutInputsHasOneRow() {
    assertEquals(1, KernelObjective.of(new ParabolaKernel(), Dataset.none()).rows());
  }

  @Test
  void rejectsDataOfTheWrongWidth() {
    Dataset wide = new Dataset("wide.csv", 1, 3, new double[] {1, 2, 3});
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> KernelObjective.of(new LinearKernel(), wide));
    assertEquals("wide.csv has rows of 3 values, model Line needs 2", error.getMessage());
  }
}

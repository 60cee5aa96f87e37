package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {
  @Test
  void factoriesCopyTheirValuesAndSetTheLayout() {
    double[] values = {1, 2, 3, 4, 5, 6};
    Tensor m = Tensor.constant(new int[] {2, 3}, values);
    values[0] = 99;
    assertEquals(1, m.data()[0]);
    assertArrayEquals(new int[] {2, 3}, m.shape());
    assertEquals(2, m.rank());
    assertEquals(6, m.size());
    assertFalse(m.isBatched());
    assertEquals(1, m.batchSize());
    assertFalse(m.requiresGrad());

    Tensor p = Tensor.parameter(new int[] {2}, 1, 2);
    assertTrue(p.requiresGrad());
    assertNull(p.grad());

    Tensor b = Tensor.batch(new int[] {2}, 3, 1, 2, 3, 4, 5, 6);
    assertTrue(b.isBatched());
    assertEquals(3, b.batchSize());
    assertEquals(2, b.size());
    assertEquals("Tensor(batch 3 of [2])", b.toString());

    assertEquals(7, Tensor.scalar(7).item());
    assertEquals(0, Tensor.scalar(7).rank());
  }

  @Test
  void fromRowsCopiesAColumnRangeOfARowRange() {
    // Three rows of width 4: x[2] at offset 1, rows [1, 3).
    double[] data = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};
    Tensor x = Tensor.fromRows(data, 4, 1, new int[] {2}, 1, 3);
    assertTrue(x.isBatched());
    assertEquals(2, x.batchSize());
    assertArrayEquals(new double[] {11, 12, 21, 22}, x.data());
    Tensor y = Tensor.fromRows(data, 4, 3, new int[] {}, 0, 3);
    assertArrayEquals(new double[] {3, 13, 23}, y.data());
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.fromRows(data, 4, 3, new int[] {2}, 0, 3));
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.fromRows(data, 4, 0, new int[] {2}, 2, 4));
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.fromRows(data, 4, 0, new int[] {2}, 2, 2));
  }

  @Test
  void rejectsBadShapesAndValueCounts() {
    assertEquals("shape [2, 2] needs 4 values, got 3",
        assertThrows(IllegalArgumentException.class,
            () -> Tensor.constant(new int[] {2, 2}, 1, 2, 3)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.constant(new int[] {1, 1, 1}, 1));
    assertThrows(IllegalArgumentException.class, () -> Tensor.constant(new int[] {0}));
    assertThrows(IllegalArgumentException.class, () -> Tensor.batch(new int[] {2}, 2, 1, 2, 3));
    assertThrows(IllegalStateException.class, () -> Tensor.batch(new int[] {}, 1, 1).item());
    assertThrows(IllegalStateException.class, () -> Tensor.constant(new int[] {2}, 1, 2).item());
  }

  @Test
  void zeroGradClearsAnAllocatedGradientAndRequiresGradMarksALeaf() {
    Tensor x = Tensor.constant(new int[] {2}, 1, 2);
    x.zeroGrad();
    assertNull(x.grad());
    assertTrue(x.requiresGrad(true).requiresGrad());
    x.gradBuffer()[1] = 5;
    x.zeroGrad();
    assertArrayEquals(new double[] {0, 0}, x.grad());
  }
}

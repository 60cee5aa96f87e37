package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BroadcastTest {
  @Test
  void anUnbatchedVectorTimesABatchOfScalars() {
    Tensor w = Tensor.constant(new int[] {3}, 1, 2, 3);
    Tensor x = Tensor.batch(new int[] {}, 4, 1, 2, 3, 4);
    Broadcast p = Broadcast.elementwise("multiply", w, x);
    assertTrue(p.batched);
    assertEquals(4, p.samples);
    assertEquals(3, p.size);
    assertArrayEquals(new int[] {3}, p.shape);
    assertEquals(0, p.aStride);
    assertEquals(1, p.aStep);
    assertEquals(1, p.bStride);
    assertEquals(0, p.bStep);
  }

  @Test
  void accumulationSumsWhatWasBroadcast() {
    Tensor s = Tensor.scalar(1);
    Tensor x = Tensor.batch(new int[] {2}, 2, 1, 2, 3, 4);
    Broadcast p = Broadcast.elementwise("add", s, x);
    p.accumulateA(s, new double[] {1, 2, 3, 4}, 0.5);
    p.accumulateB(x, new double[] {1, 2, 3, 4}, -1);
    assertArrayEquals(new double[] {5}, s.grad);
    assertArrayEquals(new double[] {-1, -2, -3, -4}, x.grad);
  }

  @Test
  void samplesPairsAnyShapesButNotDifferentBatchSizes() {
    Tensor m = Tensor.constant(new int[] {2, 3}, new double[6]);
    Tensor v = Tensor.batch(new int[] {3}, 5, new double[15]);
    Broadcast p = Broadcast.samples("matrix-multiply", m, v);
    assertEquals(5, p.samples);
    assertEquals(0, p.aStride);
    assertEquals(3, p.bStride);
    assertEquals("batch 5 of [4]", p.output(new int[] {4}).describe());
    Tensor other = Tensor.batch(new int[] {3}, 2, new double[6]);
    assertEquals("cannot compare a batch of 5 and a batch of 2",
        assertThrows(IllegalArgumentException.class, () -> Broadcast.samples("compare", v, other))
            .getMessage());
    assertEquals("cannot add [2, 3] and [3]",
        assertThrows(IllegalArgumentException.class, () -> Broadcast.elementwise("add", m, v))
            .getMessage());
  }
}

package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinearAlgebraTest {
  /** The four shapes of {@code @}, each with every combination of batched operands. */
  static Stream<Arguments> matmulCases() {
    int[][][] shapes = {
      {{2, 3}, {3, 4}},  // matrix·matrix
      {{2, 3}, {3}},     // matrix·vector
      {{3}, {3, 4}},     // vector·matrix
      {{3}, {3}},        // vector·vector
    };
    boolean[][] batching = {{false, false}, {true, true}, {false, true}, {true, false}};
    return Stream.of(shapes).flatMap(s -> Stream.of(batching).map(b -> Arguments.of(
        Tensor.format(s[0]) + (b[0] ? " batched" : "") + " @ " + Tensor.format(s[1])
            + (b[1] ? " batched" : ""),
        s[0], b[0], s[1], b[1])));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("matmulCases")
  void matmulMatchesFiniteDifferencesAndTheDefinition(
      String name, int[] aShape, boolean aBatched, int[] bShape, boolean bBatched) {
    Random rng = new Random(name.hashCode());
    Tensor a = aBatched ? GradCheck.batch(rng, 3, aShape, -2, 2) : GradCheck.param(rng, aShape, -2, 2);
    Tensor b = bBatched ? GradCheck.batch(rng, 3, bShape, -2, 2) : GradCheck.param(rng, bShape, -2, 2);
    GradCheck.check(tape -> tape.matmul(a, b), a, b);

    Tensor c = Tape.noGrad().matmul(a, b);
    int m = aShape.length == 2 ? aShape[0] : 1;
    int k = bShape[0];
    int n = bShape.length == 2 ? bShape[1] : 1;
    assertEquals(aBatched || bBatched, c.isBatched());
    assertEquals((aShape.length - 1) + (bShape.length - 1), c.rank());
    for (int s = 0; s < c.batchSize(); s++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double expected = 0;
          for (int q = 0; q < k; q++) {
            expected += a.data[(aBatched ? s * m * k : 0) + i * k + q]
                * b.data[(bBatched ? s * k * n : 0) + q * n + j];
          }
          assertEquals(expected, c.data[s * m * n + i * n + j], 1e-12);
        }
      }
    }
  }

  @Test
  void anUnbatchedWeightGetsTheSumOfEverySamplesGradient() {
    Random rng = new Random(21);
    Tensor w = GradCheck.param(rng, new int[] {2, 3}, -1, 1);
    Tensor x = Tensor.batch(new int[] {3}, 4, GradCheck.uniform(rng, 12, -1, 1));
    Tape tape = new Tape();
    tape.backward(tape.sumBatch(tape.sum(tape.matmul(w, x))));
    // d/dw[i, q] of Σ_s Σ_i (w x_s)_i is Σ_s x_s[q], for every row i.
    double[] expected = new double[6];
    for (int s = 0; s < 4; s++) {
      for (int q = 0; q < 3; q++) {
        expected[q] += x.data[s * 3 + q];
        expected[3 + q] += x.data[s * 3 + q];
      }
    }
    assertArrayEquals(expected, w.grad, 1e-12);
  }

  @Test
  void matmulOfATensorWithItselfAddsBothGradients() {
    Tensor a = GradCheck.batch(new Random(22), 2, new int[] {3, 3}, -1, 1);
    GradCheck.check(tape -> tape.matmul(a, a), a);
    Tensor v = GradCheck.param(new Random(23), new int[] {3}, -1, 1);
    GradCheck.check(tape -> tape.matmul(v, v), v);
  }

  @Test
  void matmulRejectsMismatchedInnerSizesAndScalars() {
    Tape tape = new Tape();
    Tensor a = Tensor.constant(new int[] {2, 3}, new double[6]);
    Tensor b = Tensor.constant(new int[] {2}, new double[2]);
    assertEquals("cannot matrix-multiply [2, 3] and [2]",
        assertThrows(IllegalArgumentException.class, () -> tape.matmul(a, b)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> tape.matmul(Tensor.scalar(1), b));
  }

  @Test
  void transposeSwapsEachSamplesRowsAndColumns() {
    Tensor x = Tensor.batch(new int[] {2, 3}, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    Tensor y = Tape.noGrad().transpose(x);
    assertArrayEquals(new int[] {3, 2}, y.shape());
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6, 7, 10, 8, 11, 9, 12}, y.data);
    Tensor p = GradCheck.batch(new Random(24), 2, new int[] {2, 3}, -1, 1);
    GradCheck.check(tape -> tape.transpose(p), p);
    Tensor q = GradCheck.param(new Random(25), new int[] {3, 2}, -1, 1);
    GradCheck.check(tape -> tape.matmul(tape.transpose(q), q), q);
    assertThrows(IllegalArgumentException.class, () -> Tape.noGrad().transpose(Tensor.scalar(1)));
  }

  @Test
  void indexTakesAnElementOrARow() {
    Tensor m = Tensor.batch(new int[] {2, 3}, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    Tape tape = Tape.noGrad();
    assertArrayEquals(new double[] {4, 5, 6, 10, 11, 12}, tape.index(m, 1).data);
    assertArrayEquals(new int[] {3}, tape.index(m, 1).shape());
    assertArrayEquals(new double[] {2, 8}, tape.index(m, 0, 1).data);
    Tensor v = Tensor.constant(new int[] {3}, 7, 8, 9);
    assertEquals(9, tape.index(v, 2).item());
    assertThrows(IllegalArgumentException.class, () -> tape.index(v, 3));
    assertThrows(IllegalArgumentException.class, () -> tape.index(v, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> tape.index(m, 0, 3));
  }

  @Test
  void indexScattersTheGradientBack() {
    Random rng = new Random(26);
    Tensor m = GradCheck.batch(rng, 3, new int[] {2, 3}, -1, 1);
    GradCheck.check(tape -> tape.index(m, 1), m);
    GradCheck.check(tape -> tape.mul(tape.index(m, 0, 2), tape.index(m, 1, 0)), m);
    Tensor v = GradCheck.param(rng, new int[] {4}, -1, 1);
    GradCheck.check(tape -> tape.add(tape.index(v, 1), tape.index(v, 1)), v);
  }
}

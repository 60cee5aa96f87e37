package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ReductionsTest {
  record Op(String name, BiFunction<Tape, Tensor, Tensor> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Op> ops() {
    return Stream.of(
        new Op("sum", Tape::sum),
        new Op("mean", Tape::mean),
        new Op("norm", Tape::norm),
        new Op("norm1", Tape::norm1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void perSampleReductionsMatchFiniteDifferences(Op op) {
    Random rng = new Random(11);
    Tensor matrices = GradCheck.batch(rng, 3, new int[] {2, 3}, -2, 2);
    GradCheck.check(tape -> op.apply().apply(tape, matrices), matrices);
    Tensor vector = GradCheck.param(rng, new int[] {5}, -2, 2);
    GradCheck.check(tape -> op.apply().apply(tape, vector), vector);
    Tensor scalars = GradCheck.batch(rng, 4, new int[] {}, 0.5, 2);
    GradCheck.check(tape -> op.apply().apply(tape, scalars), scalars);
  }

  @Test
  void perSampleReductionsKeepTheBatch() {
    Tensor x = Tensor.batch(new int[] {2}, 2, 3, -4, 1, 1);
    Tape tape = Tape.noGrad();
    assertArrayEquals(new double[] {-1, 2}, tape.sum(x).data);
    assertArrayEquals(new double[] {-0.5, 1}, tape.mean(x).data);
    assertArrayEquals(new double[] {5, Math.sqrt(2)}, tape.norm(x).data);
    assertArrayEquals(new double[] {7, 2}, tape.norm1(x).data);
    assertEquals(2, tape.sum(x).batchSize());
    assertEquals(0, tape.sum(x).rank());
  }

  @Test
  void normHasZeroGradientAtZeroAndNorm1AtZeroElements() {
    Tensor zero = Tensor.parameter(new int[] {3}, 0, 0, 0);
    Tape tape = new Tape();
    Tensor norm = tape.norm(zero);
    assertEquals(0, norm.item());
    tape.backward(norm);
    assertArrayEquals(new double[] {0, 0, 0}, zero.grad);

    Tensor x = Tensor.parameter(new int[] {3}, 0, -2, 3);
    tape.backward(tape.norm1(x));
    assertArrayEquals(new double[] {0, -1, 1}, x.grad);
  }

  @Test
  void dotMatchesFiniteDifferencesForEveryBatching() {
    Random rng = new Random(12);
    Tensor u = GradCheck.batch(rng, 3, new int[] {4}, -2, 2);
    Tensor v = GradCheck.batch(rng, 3, new int[] {4}, -2, 2);
    Tensor w = GradCheck.param(rng, new int[] {4}, -2, 2);
    GradCheck.check(tape -> tape.dot(u, v), u, v);
    GradCheck.check(tape -> tape.dot(w, u), w, u);
    GradCheck.check(tape -> tape.dot(u, w), u, w);
    GradCheck.check(tape -> tape.dot(w, w), w);
  }

  @Test
  void dotRejectsNonVectorsAndMismatchedLengths() {
    Tape tape = new Tape();
    Tensor three = Tensor.constant(new int[] {3}, 1, 2, 3);
    Tensor two = Tensor.constant(new int[] {2}, 1, 2);
    Tensor matrix = Tensor.constant(new int[] {1, 3}, 1, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> tape.dot(three, two));
    assertThrows(IllegalArgumentException.class, () -> tape.dot(matrix, three));
  }

  @Test
  void batchReductionsMatchFiniteDifferences() {
    Random rng = new Random(13);
    Tensor x = GradCheck.batch(rng, 5, new int[] {2}, -2, 2);
    GradCheck.check(tape -> tape.sumBatch(x), x);
    GradCheck.check(tape -> tape.meanBatch(x), x);
    GradCheck.check(tape -> tape.meanBatch(tape.sum(tape.mul(x, x))), x);
  }

  @Test
  void batchReductionsGiveAnUnbatchedTotal() {
    Tensor x = Tensor.batch(new int[] {}, 4, 1, 2, 3, 4).requiresGrad(true);
    Tape tape = new Tape();
    Tensor total = tape.sumBatch(x);
    assertFalse(total.isBatched());
    assertEquals(10, total.item());
    assertEquals(2.5, tape.meanBatch(x).item());
    tape.backward(total);
    assertArrayEquals(new double[] {1, 1, 1, 1}, x.grad);
    assertThrows(IllegalArgumentException.class, () -> tape.sumBatch(Tensor.scalar(1)));
  }
}

package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LossesTest {
  /** A loss with the ranges of its prediction and target, inside its domain. */
  record Loss(String name, BiFunction<Tape, Tensor[], Tensor> apply,
      double pLo, double pHi, double tLo, double tHi) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Loss> losses() {
    return Stream.of(
        new Loss("mse", (t, x) -> t.mse(x[0], x[1]), -2, 2, -2, 2),
        new Loss("mae", (t, x) -> t.mae(x[0], x[1]), -2, 2, -2, 2),
        new Loss("huber", (t, x) -> t.huber(x[0], x[1], 0.7), -2, 2, -2, 2),
        new Loss("bce", (t, x) -> t.bce(x[0], x[1]), 0.05, 0.95, 0, 1),
        new Loss("bceLogits", (t, x) -> t.bceLogits(x[0], x[1]), -4, 4, 0, 1),
        new Loss("bceElements", (t, x) -> t.sum(t.bceElements(x[0], x[1])), 0.05, 0.95, 0, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradientsMatchFiniteDifferencesForBatchedPredictionsAndTargets(Loss loss) {
    Random rng = new Random(31);
    Tensor p = GradCheck.batch(rng, 4, new int[] {3}, loss.pLo(), loss.pHi());
    Tensor t = GradCheck.batch(rng, 4, new int[] {3}, loss.tLo(), loss.tHi());
    GradCheck.check(tape -> loss.apply().apply(tape, new Tensor[] {p, t}), p, t);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void gradientsMatchFiniteDifferencesForAnUnbatchedOperand(Loss loss) {
    Random rng = new Random(32);
    Tensor p = GradCheck.param(rng, new int[] {2, 2}, loss.pLo(), loss.pHi());
    Tensor t = GradCheck.batch(rng, 3, new int[] {2, 2}, loss.tLo(), loss.tHi());
    GradCheck.check(tape -> loss.apply().apply(tape, new Tensor[] {p, t}), p, t);
    Tensor q = GradCheck.param(rng, new int[] {}, loss.pLo(), loss.pHi());
    Tensor u = GradCheck.param(rng, new int[] {}, loss.tLo(), loss.tHi());
    GradCheck.check(tape -> loss.apply().apply(tape, new Tensor[] {q, u}), q, u);
  }

  @Test
  void lossesAreTheMeanOverTheElementsOfEachSample() {
    Tensor a = Tensor.batch(new int[] {2}, 2, 1, 2, 0.5, -3);
    Tensor b = Tensor.constant(new int[] {2}, 0, 0);
    Tape tape = Tape.noGrad();
    assertArrayEquals(new double[] {2.5, 4.625}, tape.mse(a, b).data, 1e-15);
    assertArrayEquals(new double[] {1.5, 1.75}, tape.mae(a, b).data, 1e-15);
    // huber, delta 1: 0.5 (|1| is not < 1), 1.5; then 0.125, 2.5
    assertArrayEquals(new double[] {1.0, 1.3125}, tape.huber(a, b, 1).data, 1e-15);
    Tensor p = Tensor.constant(new int[] {2}, 0.25, 0.5);
    Tensor y = Tensor.constant(new int[] {2}, 1, 0);
    assertEquals((-Math.log(0.25) - Math.log(0.5)) / 2, tape.bce(p, y).item(), 1e-15);
    Tensor z = Tensor.constant(new int[] {2}, 2, -1);
    double expected = (Math.log1p(Math.exp(-2)) + Math.log1p(Math.exp(-1))) / 2;
    assertEquals(expected, tape.bceLogits(z, y).item(), 1e-15);
  }

  @Test
  void maeAndHuberHaveZeroGradientWherePredictionEqualsTarget() {
    Tensor a = Tensor.parameter(new int[] {2}, 1, 2);
    Tensor b = Tensor.constant(new int[] {2}, 1, 0);
    Tape tape = new Tape();
    tape.backward(tape.mae(a, b));
    assertArrayEquals(new double[] {0, 0.5}, a.grad);
    a.zeroGrad();
    tape.backward(tape.huber(a, b, 1));
    assertArrayEquals(new double[] {0, 0.5}, a.grad);
  }

  @Test
  void bceClampsTheLogsAtMinusOneHundred() {
    Tensor p = Tensor.parameter(new int[] {2}, 0, 1);
    Tensor y = Tensor.constant(new int[] {2}, 1, 0);
    Tape tape = new Tape();
    Tensor loss = tape.bce(p, y);
    assertEquals(100, loss.item());
    tape.backward(loss);
    // (p − y) / max(p(1 − p), ε) / n with ATen's float ε = 1e-12f, finite as in PyTorch.
    double eps = (double) 1e-12f;
    assertArrayEquals(new double[] {-0.5 / eps, 0.5 / eps}, p.grad, 1e-3);
  }

  @Test
  void bceElementsKeepsEachElementsLossAndHasBceLossGradientAtZeroAndOne() {
    Tensor p = Tensor.parameter(new int[] {3}, 0, 1, 0.25);
    Tensor y = Tensor.parameter(new int[] {3}, 1, 0.5, 0);
    Tape tape = new Tape();
    Tensor losses = tape.bceElements(p, y);
    assertArrayEquals(new double[] {100, 50, -Math.log(0.75)}, losses.data, 1e-15);
    tape.backward(tape.sum(losses));
    // d/dp = (p − y) / max(p(1 − p), ε), ε = (double) 1e-12f: −1/ε, 0.5/ε, 0.25/0.1875.
    double eps = (double) 1e-12f;
    assertArrayEquals(new double[] {-1 / eps, 0.5 / eps, 0.25 / 0.1875}, p.grad, 1e-3);
    // d/dy = log(1 − p) − log p, unclamped as in PyTorch: +∞, −∞, log 0.75 − log 0.25.
    assertArrayEquals(
        new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Math.log(0.75) - Math.log(0.25)},
        y.grad, 1e-12);
  }

  @Test
  void bceLogitsIsStableForLargeLogits() {
    Tensor z = Tensor.parameter(new int[] {2}, 800, -800);
    Tensor y = Tensor.constant(new int[] {2}, 0, 0);
    Tape tape = new Tape();
    Tensor loss = tape.bceLogits(z, y);
    assertEquals(400, loss.item());
    tape.backward(loss);
    assertArrayEquals(new double[] {0.5, 0}, z.grad);
  }

  @Test
  void softmaxCeMatchesFiniteDifferences() {
    Random rng = new Random(33);
    Tensor z = GradCheck.batch(rng, 4, new int[] {5}, -3, 3);
    Tensor k = Tensor.batch(new int[] {}, 4, 0, 4, 2, 2);
    GradCheck.check(tape -> tape.softmaxCe(z, k), z);
    Tensor w = GradCheck.param(rng, new int[] {3}, -3, 3);
    GradCheck.check(tape -> tape.softmaxCe(w, Tensor.scalar(1)), w);
    GradCheck.check(tape -> tape.softmaxCe(w, Tensor.batch(new int[] {}, 2, 0, 2)), w);
  }

  @Test
  void softmaxCeIsLogSumExpMinusTheChosenLogitComputedStably() {
    Tensor z = Tensor.parameter(new int[] {3}, 1000, 1001, 999);
    Tape tape = new Tape();
    Tensor loss = tape.softmaxCe(z, Tensor.scalar(0.9999));  // rounds to class 1
    double lse = 1001 + Math.log(Math.exp(-1) + 1 + Math.exp(-2));
    assertEquals(lse - 1001, loss.item(), 1e-12);
    tape.backward(loss);
    double total = Math.exp(-1) + 1 + Math.exp(-2);
    assertArrayEquals(
        new double[] {Math.exp(-1) / total, 1 / total - 1, Math.exp(-2) / total}, z.grad, 1e-15);
    assertTrue(Double.isFinite(loss.item()));
  }

  @Test
  void softmaxCeRejectsBadClassesAndShapes() {
    Tape tape = new Tape();
    Tensor z = Tensor.constant(new int[] {3}, 1, 2, 3);
    assertThrows(IllegalArgumentException.class, () -> tape.softmaxCe(z, Tensor.scalar(3)));
    assertThrows(IllegalArgumentException.class, () -> tape.softmaxCe(z, Tensor.scalar(-1)));
    assertThrows(IllegalArgumentException.class, () -> tape.softmaxCe(z, z));
    assertThrows(IllegalArgumentException.class, () -> tape.huber(z, z, 0));
  }

  @Test
  void aBatchedLossAveragedOverTheBatchGivesTheMeanGradient() {
    Tensor w = GradCheck.param(new Random(34), new int[] {2}, -1, 1);
    Tensor y = Tensor.batch(new int[] {2}, 3, 1, 2, 3, 4, 5, 6);
    Tape tape = new Tape();
    tape.backward(tape.meanBatch(tape.mse(w, y)));
    // d/dw of mean_s mean_i (w_i − y_si)² is mean_s (w_i − y_si).
    assertArrayEquals(
        new double[] {w.data[0] - 3, w.data[1] - 4}, w.grad, 1e-12);
  }
}

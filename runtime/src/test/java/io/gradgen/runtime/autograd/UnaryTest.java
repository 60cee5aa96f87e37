package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class UnaryTest {
  /** An op with the range its input is drawn from: inside its domain, away from its kink. */
  record Op(String name, BiFunction<Tape, Tensor, Tensor> apply, double lo, double hi) {
    @Override
    public String toString() {
      return name + " on [" + lo + ", " + hi + ")";
    }
  }

  static Stream<Op> ops() {
    return Stream.of(
        new Op("neg", Tape::neg, -3, 3),
        new Op("exp", Tape::exp, -3, 3),
        new Op("log", Tape::log, 0.1, 5),
        new Op("sqrt", Tape::sqrt, 0.1, 5),
        new Op("abs", Tape::abs, 0.1, 3),
        new Op("abs", Tape::abs, -3, -0.1),
        new Op("sin", Tape::sin, -4, 4),
        new Op("cos", Tape::cos, -4, 4),
        new Op("tan", Tape::tan, -1.2, 1.2),
        new Op("tanh", Tape::tanh, -3, 3),
        new Op("sigmoid", Tape::sigmoid, -6, 6),
        new Op("relu", Tape::relu, 0.1, 3),
        new Op("relu", Tape::relu, -3, -0.1),
        new Op("softplus", Tape::softplus, -6, 6),
        new Op("softplus", Tape::softplus, 20.5, 30));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void gradientsMatchFiniteDifferencesOnABatch(Op op) {
    Tensor x = GradCheck.batch(new Random(3), 3, new int[] {2, 3}, op.lo(), op.hi());
    GradCheck.check(tape -> op.apply().apply(tape, x), x);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void gradientsMatchFiniteDifferencesUnbatched(Op op) {
    Tensor x = GradCheck.param(new Random(4), new int[] {4}, op.lo(), op.hi());
    GradCheck.check(tape -> op.apply().apply(tape, x), x);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void gradientsMatchFiniteDifferencesOnAScalar(Op op) {
    Tensor x = GradCheck.batch(new Random(5), 2, new int[] {}, op.lo(), op.hi());
    GradCheck.check(tape -> op.apply().apply(tape, x), x);
  }

  @Test
  void forwardValues() {
    Tape tape = Tape.noGrad();
    Tensor x = Tensor.constant(new int[] {3}, -1, 0, 2);
    assertArrayEquals(new double[] {1, -0.0, -2}, tape.neg(x).data);  // -(0) is -0.0 in IEEE 754
    assertArrayEquals(new double[] {1, 0, 2}, tape.abs(x).data);
    assertArrayEquals(new double[] {0, 0, 2}, tape.relu(x).data);
    assertArrayEquals(new double[] {1 / (1 + Math.E), 0.5, 1 / (1 + Math.exp(-2))},
        tape.sigmoid(x).data, 1e-15);
    assertArrayEquals(new double[] {Math.log1p(Math.exp(-1)), Math.log(2), Math.log1p(Math.exp(2))},
        tape.softplus(x).data, 1e-15);
  }

  @Test
  void absAndReluHaveZeroGradientAtZero() {
    Tensor x = Tensor.parameter(new int[] {2}, 0, 0);
    Tape tape = new Tape();
    tape.backward(tape.sum(tape.add(tape.abs(x), tape.relu(x))));
    assertArrayEquals(new double[] {0, 0}, x.grad);
  }

  @Test
  void softplusIsTheIdentityAboveTheThreshold() {
    Tensor x = Tensor.parameter(new int[] {3}, 20, 20.5, 50);
    Tape tape = new Tape();
    Tensor y = tape.softplus(x);
    assertEquals(Math.log1p(Math.exp(20)), y.data[0]);
    assertEquals(20.5, y.data[1]);
    assertEquals(50, y.data[2]);
    tape.backward(tape.sum(y));
    assertEquals(1 / (1 + Math.exp(-20)), x.grad[0]);
    assertEquals(1, x.grad[1]);
    assertEquals(1, x.grad[2]);
  }

  @Test
  void sigmoidSaturatesWithoutNaN() {
    Tensor x = Tensor.parameter(new int[] {2}, -1000, 1000);
    Tape tape = new Tape();
    Tensor y = tape.sigmoid(x);
    assertArrayEquals(new double[] {0, 1}, y.data);
    tape.backward(tape.sum(y));
    assertArrayEquals(new double[] {0, 0}, x.grad);
  }

  @Test
  void chainsThroughSeveralOps() {
    Tensor x = GradCheck.batch(new Random(6), 4, new int[] {3}, 0.2, 2);
    GradCheck.check(tape -> tape.tanh(tape.log(tape.exp(tape.sqrt(tape.sin(x))))), x);
  }
}

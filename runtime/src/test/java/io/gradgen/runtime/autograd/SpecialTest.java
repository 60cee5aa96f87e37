package io.gradgen.runtime.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecialTest {
  record Op(String name, BiFunction<Tape, Tensor, Tensor> apply, double lo, double hi) {
    @Override
    public String toString() {
      return name + " on [" + lo + ", " + hi + ")";
    }
  }

  static Stream<Op> ops() {
    return Stream.of(
        new Op("erf", Tape::erf, -3, 3),
        new Op("log1p", Tape::log1p, -0.9, 4),
        new Op("expm1", Tape::expm1, -3, 3),
        new Op("asin", Tape::asin, -0.9, 0.9),
        new Op("acos", Tape::acos, -0.9, 0.9),
        new Op("atan", Tape::atan, -4, 4),
        new Op("sinh", Tape::sinh, -3, 3),
        new Op("cosh", Tape::cosh, -3, 3),
        new Op("safeLog", Tape::safeLog, 0.1, 4));
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

  @Test
  void valuesAreTheKernelsFunctions() {
    Tape tape = new Tape();
    Tensor x = Tensor.parameter(new int[] {3}, new double[] {-0.5, 0.0, 0.75});
    assertArrayEquals(new double[] {io.gradgen.runtime.Functions.erf(-0.5), 0.0, io.gradgen.runtime.Functions.erf(0.75)},
        tape.erf(x).data(), 0);
    assertArrayEquals(new double[] {Math.expm1(-0.5), 0.0, Math.expm1(0.75)}, tape.expm1(x).data(), 0);
    assertArrayEquals(new double[] {Math.acos(-0.5), Math.acos(0.0), Math.acos(0.75)}, tape.acos(x).data(), 0);
  }

  /** At the ends of their domains the derivatives are PyTorch's infinities, not a finite guess. */
  @Test
  void derivativesAtTheEdgesOfTheDomainAreInfinite() {
    Tape tape = new Tape();
    Tensor x = Tensor.parameter(new int[] {2}, new double[] {1.0, -1.0});
    tape.backward(tape.sum(tape.asin(x)));
    assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY}, x.grad(), 0);
    Tensor zero = Tensor.parameter(new int[] {}, new double[] {0.0});
    tape.backward(tape.safeLog(zero));
    assertTrue(Double.isInfinite(zero.grad()[0]));
    assertEquals(0.0, Special.safeLog(new Tape(), Tensor.scalar(0)).data()[0], 0);
  }

  @Test
  void stepIsZeroOrOneWithoutAGradient() {
    Tape tape = new Tape();
    Tensor x = Tensor.parameter(new int[] {4}, new double[] {-1, 0, 2, Double.NaN});
    Tensor y = tape.step(x);
    assertArrayEquals(new double[] {0, 0, 1, 0}, y.data(), 0);
    assertEquals(0, tape.size());
  }
}

package io.gradgen.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.Functions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each elementwise op's {@link Op#apply} against its scalar meaning, to the bit, at ordinary points
 * and at the edges where the IR chose a convention (PyTorch's): {@code softplus} is {@code x} above
 * 20, {@code safe_div} and {@code safe_log} are 0 at 0, {@code step} and {@code relu} are 0 at 0.
 */
class OpTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  static Stream<Arguments> unary() {
    return Stream.of(
        Arguments.of(Op.NEG, 2.0, -2.0),
        Arguments.of(Op.NEG, 0.0, -0.0),
        Arguments.of(Op.EXP, 0.0, 1.0),
        Arguments.of(Op.EXP, -INF, 0.0),
        Arguments.of(Op.LOG, 1.0, 0.0),
        Arguments.of(Op.LOG, 0.0, -INF),
        Arguments.of(Op.LOG, -1.0, NAN),
        Arguments.of(Op.SAFE_LOG, 4.0, Math.log(4)),
        Arguments.of(Op.SAFE_LOG, 0.0, 0.0),
        Arguments.of(Op.SAFE_LOG, -0.0, 0.0),
        Arguments.of(Op.SQRT, 9.0, 3.0),
        Arguments.of(Op.SQRT, -1.0, NAN),
        Arguments.of(Op.ABS, -3.0, 3.0),
        Arguments.of(Op.SIGN, -3.0, -1.0),
        Arguments.of(Op.SIGN, 0.0, 0.0),
        Arguments.of(Op.SIGN, 2.5, 1.0),
        Arguments.of(Op.STEP, 0.0, 0.0),
        Arguments.of(Op.STEP, 1e-300, 1.0),
        Arguments.of(Op.STEP, -1.0, 0.0),
        Arguments.of(Op.SIN, Math.PI / 2, 1.0),
        Arguments.of(Op.COS, 0.0, 1.0),
        Arguments.of(Op.TAN, Math.PI / 4, Math.tan(Math.PI / 4)),
        Arguments.of(Op.TANH, 0.5, Functions.tanh(0.5)),
        Arguments.of(Op.TANH, -0.0, -0.0),
        Arguments.of(Op.TANH, 30.0, 1.0),
        Arguments.of(Op.SIGMOID, 0.0, 0.5),
        Arguments.of(Op.SIGMOID, 2.0, 1.0 / (1.0 + Math.exp(-2.0))),
        Arguments.of(Op.SIGMOID, -800.0, 0.0),
        Arguments.of(Op.SIGMOID, 800.0, 1.0),
        Arguments.of(Op.RELU, -2.0, 0.0),
        Arguments.of(Op.RELU, 3.0, 3.0),
        Arguments.of(Op.RELU, -0.0, 0.0),
        Arguments.of(Op.SOFTPLUS, 0.0, Math.log(2)),
        Arguments.of(Op.SOFTPLUS, 20.0, Math.log1p(Math.exp(20.0))),
        Arguments.of(Op.SOFTPLUS, 20.5, 20.5),
        Arguments.of(Op.SOFTPLUS, -800.0, 0.0),
        // PyTorch's wider vocabulary: torch 1.13's values on f64.
        Arguments.of(Op.STEP, NAN, 0.0),
        Arguments.of(Op.ERF, 0.5, 0.5204998778130465),
        Arguments.of(Op.ERF, -0.0, -0.0),
        Arguments.of(Op.ERF, INF, 1.0),
        Arguments.of(Op.LOG1P, -1.0, -INF),
        Arguments.of(Op.LOG1P, 1e-20, 1e-20),
        Arguments.of(Op.EXPM1, 1e-20, 1e-20),
        Arguments.of(Op.EXPM1, -INF, -1.0),
        Arguments.of(Op.ASIN, 1.0, Math.PI / 2),
        Arguments.of(Op.ASIN, 2.0, NAN),
        Arguments.of(Op.ACOS, 1.0, 0.0),
        Arguments.of(Op.ATAN, INF, Math.PI / 2),
        Arguments.of(Op.SINH, -0.0, -0.0),
        Arguments.of(Op.COSH, 0.0, 1.0),
        Arguments.of(Op.SAFE_LOG, 0.0, 0.0),
        Arguments.of(Op.SAFE_LOG, Math.E, 1.0));
  }

  static Stream<Arguments> binary() {
    return Stream.of(
        Arguments.of(Op.ADD, 1.0, 2.0, 3.0),
        Arguments.of(Op.ADD, -0.0, 0.0, 0.0),
        Arguments.of(Op.MUL, 2.0, 3.0, 6.0),
        Arguments.of(Op.MUL, INF, 0.0, NAN),
        Arguments.of(Op.MUL, -2.0, 0.0, -0.0),
        Arguments.of(Op.DIV, 1.0, 4.0, 0.25),
        Arguments.of(Op.DIV, 1.0, 0.0, INF),
        Arguments.of(Op.DIV, 0.0, 0.0, NAN),
        Arguments.of(Op.POW, 2.0, 10.0, 1024.0),
        Arguments.of(Op.POW, 0.0, 0.0, 1.0),
        Arguments.of(Op.POW, -8.0, 1.0 / 3, NAN),
        Arguments.of(Op.MAX, 1.0, 2.0, 2.0),
        Arguments.of(Op.MAX, -0.0, 0.0, 0.0),
        Arguments.of(Op.MAX, NAN, 1.0, NAN),
        Arguments.of(Op.MIN, 1.0, 2.0, 1.0),
        Arguments.of(Op.MIN, 0.0, -0.0, -0.0),
        Arguments.of(Op.SAFE_DIV, 6.0, 3.0, 2.0),
        Arguments.of(Op.SAFE_DIV, 1.0, 0.0, 0.0),
        Arguments.of(Op.SAFE_DIV, 1.0, -0.0, 0.0),
        Arguments.of(Op.SAFE_DIV, 0.0, 0.0, 0.0),
        Arguments.of(Op.CLAMP_MIN, -1.0, 0.0, 0.0),
        Arguments.of(Op.CLAMP_MIN, NAN, 0.0, NAN),
        Arguments.of(Op.CLAMP_MAX, 2.0, 1.0, 1.0),
        Arguments.of(Op.CLAMP_MAX, 0.5, 1.0, 0.5),
        Arguments.of(Op.LESS, 1.0, 2.0, 1.0),
        Arguments.of(Op.LESS, 2.0, 2.0, 0.0),
        Arguments.of(Op.LESS, NAN, 2.0, 0.0),
        Arguments.of(Op.LESS_EQUAL, 2.0, 2.0, 1.0),
        Arguments.of(Op.LESS_EQUAL, 3.0, 2.0, 0.0),
        Arguments.of(Op.EQUAL, -0.0, 0.0, 1.0),
        Arguments.of(Op.EQUAL, NAN, NAN, 0.0),
        Arguments.of(Op.NOT_EQUAL, NAN, NAN, 1.0),
        Arguments.of(Op.NOT_EQUAL, 1.0, 1.0, 0.0),
        Arguments.of(Op.BCE, 0.3, 1.0, -Math.log(0.3)),
        Arguments.of(Op.BCE, 0.25, 0.5, Functions.bce(0.25, 0.5)),
        Arguments.of(Op.BCE, 0.0, 1.0, 100.0),
        Arguments.of(Op.BCE, 1.0, 0.0, 100.0));
  }

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @MethodSource("unary")
  void unaryApplyIsTheScalarMeaning(Op op, double x, double expected) {
    assertBits(expected, op.apply(x), op + "(" + x + ")");
  }

  @ParameterizedTest(name = "{0}({1}, {2}) = {3}")
  @MethodSource("binary")
  void binaryApplyIsTheScalarMeaning(Op op, double a, double b, double expected) {
    assertBits(expected, op.apply(a, b), op + "(" + a + ", " + b + ")");
  }

  @Test
  void everyElementwiseOpHasACaseAndNoOtherOpApplies() {
    Set<Op> covered = Stream.concat(unary(), binary()).map(a -> (Op) a.get()[0])
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Op.class)));
    for (Op op : Op.values()) {
      boolean unary = op.kind() == Op.Kind.UNARY;
      boolean binary = op.kind() == Op.Kind.BINARY;
      assertEquals(unary || binary, covered.contains(op), op + " has a case exactly when it is elementwise");
      if (!unary) {
        assertThrows(IllegalStateException.class, () -> op.apply(1.0), op + " as unary");
      }
      if (!binary) {
        assertThrows(IllegalStateException.class, () -> op.apply(1.0, 2.0), op + " as binary");
      }
    }
  }

  @Test
  void theLabelIsTheLowerCaseName() {
    assertEquals("safe_div", Op.SAFE_DIV.label());
    assertEquals("index_adjoint", Op.INDEX_ADJOINT.label());
    assertEquals("matmul", Op.MATMUL.label());
  }

  @Test
  void eachOpHasTheKindTheEmittersDispatchOn() {
    assertEquals(Op.Kind.LEAF, Op.CONSTANT.kind());
    assertEquals(Op.Kind.STRUCTURE, Op.ONE_HOT.kind());
    assertEquals(Op.Kind.LINEAR, Op.OUTER.kind());
    assertEquals(Op.Kind.REDUCTION, Op.LOGSUMEXP.kind());
    assertTrue(EnumSet.of(Op.SUM, Op.BROADCAST, Op.TRANSPOSE, Op.INDEX, Op.INDEX_ADJOINT).stream()
        .allMatch(op -> op.kind() == Op.Kind.STRUCTURE));
  }

  /** Bit for bit; NaN is any NaN. */
  private static void assertBits(double expected, double actual, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + " = " + actual + ", not NaN");
    } else {
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
          what + " = " + actual + ", not " + expected);
    }
  }
}

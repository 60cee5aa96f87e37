package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.ir.Op;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which stencils straddle a kink: every non-smooth function of the language at its kink is found,
 * with the op and its place, and the same function a little away from it is not.
 */
class StencilKinksTest {

  /** A model of one param x (or a vector v) at a kink of its loss, and the op that has it. */
  static Stream<Arguments> kinks() {
    return Stream.of(
        Arguments.of("param x = 0\nloss relu(x)", Op.RELU),
        Arguments.of("param x = 0\nloss abs(x)", Op.ABS),
        Arguments.of("param x = 0\nloss leaky_relu(x, slope = 0.2)", null),
        Arguments.of("param x = 1\nloss clamp(x, -1, 1)", null),
        Arguments.of("param x = -1\nloss clamp(x, lo = -1)", null),
        Arguments.of("param x = 2\nloss max(x, 2) + min(x, 2) * 3", Op.MAX),
        Arguments.of("param x = 0\nloss sum(x > 0) + x", null),
        Arguments.of("param x = 0\nloss step(x) + x", Op.STEP),
        Arguments.of("param x = 20\nloss softplus(x)", Op.SOFTPLUS),
        Arguments.of("param x = 0\nloss elu(x, alpha = 2)", null),
        Arguments.of("const zero[2] = [0, 0]\nparam x = 1\nloss smooth_l1(zero + x, zero)", null),
        Arguments.of("const zero[2] = [0, 0]\nparam x = 1\nloss huber(zero + x, zero)", null),
        Arguments.of("const c[2] = [1, 1]\nconst d[2] = [0, 1]\nparam x = 0\nloss max(c + d * x)", Op.AMAX),
        Arguments.of("param v[2] = [0, 0]\nloss norm(v)", Op.NORM));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinks")
  void aStencilAcrossTheKinkStraddlesItAndOneAwayDoesNot(String body, Op op) {
    StencilKinks kinks = kinks(body);
    double[] at = initial(body);
    StencilKinks.Kink kink = kinks.straddled(at, 0, GradientCheck.step(at[0]));
    assertNotNull(kink, body);
    if (op != null) {
      assertEquals(op, kink.op(), body);
    }
    assertNotNull(kink.origin(), body);
    assertTrue(kink.describe().matches(kink.op().label() + " at \\d+:1 \\(loss .*\\)|" + kink.op().label()
        + " at \\d+:\\d+ \\(.*\\)"), kink.describe());
    double[] away = at.clone();
    away[0] += 0.37;
    assertNull(kinks.straddled(away, 0, GradientCheck.step(away[0])), body);
  }

  @Test
  void aSmoothLossHasNone() {
    StencilKinks kinks = kinks("param x = 0\nloss sin(x) + x^2");
    assertFalse(kinks.any());
    assertNull(kinks.straddled(new double[] {0}, 0, 1e-6));
  }

  /** A kink in the output alone does not spoil the loss's differences. */
  @Test
  void onlyWhatTheLossReadsCounts() {
    assertFalse(kinks("param x = 0\noutput y = relu(x)\nloss x^2").any());
  }

  /** Only the element whose stencil crosses the kink: its neighbour, outside relu, is smooth. */
  @Test
  void elementByElement() {
    String body = "param v[2] = [0, 0]\nloss relu(v[0]) + v[1]^2";
    StencilKinks kinks = kinks(body);
    assertNotNull(kinks.straddled(new double[] {0, 0}, 0, 1e-6));
    assertNull(kinks.straddled(new double[] {0, 0}, 1, 1e-6));
  }

  /** Over data, a row that takes another branch is enough; rows that do not are no excuse. */
  @Test
  void overRows() {
    CheckedModel checked = check("input x\nparam w = 0.5\nloss relu(w * x - 1)");
    Dataset far = new Dataset("rows", 2, 1, new double[] {1, 3});
    Dataset near = new Dataset("rows", 2, 1, new double[] {1, 2});
    assertNull(StencilKinks.of(checked, far).straddled(new double[] {0.5}, 0, 1e-6));
    assertNotNull(StencilKinks.of(checked, near).straddled(new double[] {0.5}, 0, 1e-6));
  }

  /** The norm's cone: a segment through the origin, or passing it closer than its length, straddles it. */
  @Test
  void theNormsConeIsAtTheOrigin() {
    assertTrue(StencilKinks.passesTheOrigin(new double[] {-1e-6, 0}, new double[] {1e-6, 0}));
    assertTrue(StencilKinks.passesTheOrigin(new double[] {-1e-6, 1e-6}, new double[] {1e-6, 1e-6}));
    assertFalse(StencilKinks.passesTheOrigin(new double[] {-1e-6, 1e-3}, new double[] {1e-6, 1e-3}));
    assertFalse(StencilKinks.passesTheOrigin(new double[] {1, 2}, new double[] {1, 2}));
  }

  /** Through GradientAgreement: the straddling element is listed, the others compared as before. */
  @Test
  void theAgreementExcusesOnlyTheStraddlingElement() {
    CheckedModel checked = check("param x = 0\nparam y = 0\nloss relu(x) + abs(x) + y^2");
    CompiledModel compiled = Gradgen.compile(checked, Precision.F64);
    Dataset none = Dataset.none();
    GradientAgreement plain = GradientAgreement.measure(compiled.objective(none),
        new InterpretedObjective(checked.forward(), compiled.layout(), none), compiled.initialParams(0), 0, 0);
    assertEquals(java.util.List.of("x"), plain.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE));
    GradientAgreement excused = GradientAgreement.measure(compiled.objective(none),
        new InterpretedObjective(checked.forward(), compiled.layout(), none), compiled.initialParams(0), 0, 0,
        StencilKinks.of(checked, none));
    assertEquals(java.util.List.of(), excused.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE));
    assertEquals(1, excused.notComparable().size());
    GradientAgreement.NotComparable one = excused.notComparable().get(0);
    assertEquals("x", one.param());
    assertEquals(0, one.point());
    assertEquals(Op.RELU, one.kink().op());
    assertEquals(0, excused.comparedWithDifferences(0));
    assertEquals(1, excused.comparedWithDifferences(1));
  }

  private static CheckedModel check(String body) {
    String text = "model K\n" + body + "\n";
    return Checker.check(ModelReader.parse(text, "k.model"), Path.of("k.model"));
  }

  private static StencilKinks kinks(String body) {
    return StencilKinks.of(check(body), Dataset.none());
  }

  private static double[] initial(String body) {
    return Gradgen.compile(check(body), Precision.F64).initialParams(0);
  }
}

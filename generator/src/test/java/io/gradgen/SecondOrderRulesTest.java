package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.ir.Op;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.simd.Simd;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof that the second-order check catches a wrong second derivative: each rule of the table in
 * turn is broken in the second pass alone (the Hessian-vector product's; the gradient stays right),
 * and a model whose Hessian goes through that op must then fail the three-way check of {@link
 * SecondOrderCorpusTest}, naming its param. A rule that adds something is broken as the
 * first-order test breaks it (its operands get 1.5 times their adjoint); a rule that adds nothing
 * (a mask: {@code sign}, {@code step}, a comparison) is broken into the identity, a derivative of 1.
 *
 * <p>{@code amax} and {@code amin} are not here: the optimizer writes them as chains of {@code
 * max}, {@code min} and masks before the second pass, which so meets those rules instead (broken
 * below); nor {@code bce}, whose value the gradient never reads (its rule builds the gradient of
 * other ops, whose rules the second pass meets). Leaves, {@code one_hot} and {@code argmax} have no
 * derivative to break.
 */
class SecondOrderRulesTest {
  private static final String AB = "param a = 0.3\nparam b = 0.7\n";
  private static final String MV = "param m[2,3] = uniform(-1, 1, seed = 3)\nparam v[3] = uniform(-1, 1, seed = 4)\n";

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(Op.BROADCAST, AB + MV + "loss sum(m * a) * a", "a"),
        Arguments.of(Op.SUM, MV + "loss sum(v * v * v)", "v"),
        Arguments.of(Op.TRANSPOSE, MV + "loss sum(m' @ (m @ v))", "m"),
        Arguments.of(Op.INDEX, MV + "loss v[1] * v[2] * v[0]", "v"),
        Arguments.of(Op.INDEX_ADJOINT, MV + "loss sum(logsumexp(m, axis = 1) * [1, 2])", "m"),
        Arguments.of(Op.ADD, AB + "loss (a + b) * b * a", "a"),
        Arguments.of(Op.MUL, AB + "loss a * b * a", "a"),
        Arguments.of(Op.DIV, AB + "loss a / (b + 2)", "b"),
        Arguments.of(Op.POW, AB + "loss (b + 2) ^ a", "a"),
        Arguments.of(Op.MAX, AB + "loss max(a, b) * max(a, b) * 2", "b"),
        Arguments.of(Op.MIN, AB + "loss min(a, b) ^ 3", "b"),
        Arguments.of(Op.NEG, AB + "loss -(a * b) * b", "a"),
        Arguments.of(Op.EXP, AB + "loss exp(a * b)", "a"),
        Arguments.of(Op.LOG, AB + "loss log(a + 2) * b", "a"),
        Arguments.of(Op.SQRT, AB + "loss sqrt(a + 2) * b", "a"),
        Arguments.of(Op.ABS, AB + "loss abs(a - 2) * a", "a"),
        Arguments.of(Op.SIN, AB + "loss sin(a) * b", "a"),
        Arguments.of(Op.COS, AB + "loss cos(a) * b", "a"),
        Arguments.of(Op.TAN, AB + "loss tan(a) * b", "a"),
        Arguments.of(Op.TANH, AB + "loss tanh(a) * b", "a"),
        Arguments.of(Op.SIGMOID, AB + "loss sigmoid(a) * b", "a"),
        Arguments.of(Op.RELU, AB + "loss relu(a + 1) * relu(a + 1)", "a"),
        Arguments.of(Op.SOFTPLUS, AB + "loss softplus(a) * b", "a"),
        Arguments.of(Op.ERF, AB + "loss erf(a) * b", "a"),
        Arguments.of(Op.LOG1P, AB + "loss log1p(a) * b", "a"),
        Arguments.of(Op.EXPM1, AB + "loss expm1(a) * b", "a"),
        Arguments.of(Op.ASIN, AB + "loss asin(a) * b", "a"),
        Arguments.of(Op.ACOS, AB + "loss acos(a) * b", "a"),
        Arguments.of(Op.ATAN, AB + "loss atan(a) * b", "a"),
        Arguments.of(Op.SINH, AB + "loss sinh(a) * b", "a"),
        Arguments.of(Op.COSH, AB + "loss cosh(a) * b", "a"),
        Arguments.of(Op.SAFE_LOG, AB + "loss kl_div(a - 2, b + 0.5)", "b"),
        Arguments.of(Op.CLAMP_MIN, AB + "loss clamp(a, lo = b) ^ 2", "b"),
        Arguments.of(Op.CLAMP_MAX, AB + "loss clamp(a, hi = b) ^ 2", "a"),
        Arguments.of(Op.MATMUL, MV + "loss sum((m @ v) * (m @ v))", "m"),
        Arguments.of(Op.OUTER, MV + "loss sum((m + v) * (m + v) * m)", "v"),
        Arguments.of(Op.NORM, MV + "loss norm(v)", "v"),
        Arguments.of(Op.LOGSUMEXP, MV + "loss softmax_ce(v, 1)", "v"),
        // The ops only adjoint rules build, met by the second pass alone.
        Arguments.of(Op.SAFE_DIV, MV + "loss norm(v) * 2", "v"),
        Arguments.of(Op.SIGN, AB + "loss abs(a - 2) * a", "a"),
        // Masks: each one's derivative is 0, and a 1 instead must show.
        Arguments.of(Op.STEP, AB + "loss relu(a + 1) * b", "a"),
        Arguments.of(Op.LESS_EQUAL, AB + "loss clamp(a, lo = b) * a", "b"),
        Arguments.of(Op.LESS, AB + "loss clamp(a, lo = b) * b", "a"),
        Arguments.of(Op.EQUAL, AB + "loss (a == b) * a * a + a * b", "a"),
        Arguments.of(Op.NOT_EQUAL, AB + "loss (a != b) * a * a", "a"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void aWrongSecondDerivativeForEachOpIsCaught(Op op, String body, String param) {
    String name = "rule " + op.label();
    CheckedModel checked = SecondOrderCorpusTest.checked(name, "model M\n" + body + "\n");
    AdjointRules.Rule right = AdjointRules.standard().of(op);
    AdjointRules wrong = AdjointRules.standard().with(op, (d, n, y, dy) -> {
      if (isMask(op)) {
        d.accumulate(n.input(0), dy);
      } else {
        right.apply(d, n, y, d.graph().mul(dy, d.graph().scalar(1.5)));
      }
    });
    assertEquals(List.of(), disagreeing(name, checked, AdjointRules.standard()), op.toString());
    List<String> caught = disagreeing(name, checked, wrong);
    assertTrue(caught.contains(param), op + ": " + caught);
  }

  private static boolean isMask(Op op) {
    return switch (op) {
      case SIGN, STEP, LESS, LESS_EQUAL, EQUAL, NOT_EQUAL -> true;
      default -> false;
    };
  }

  private static List<String> disagreeing(String name, CheckedModel checked, AdjointRules hessianRules) {
    CompiledModel model = Gradgen.compile(checked, Precision.F64, AdjointRules.standard(), Simd.enabled(), hessianRules);
    return SecondOrderCorpusTest.disagreeing(name, checked, model, false);
  }
}

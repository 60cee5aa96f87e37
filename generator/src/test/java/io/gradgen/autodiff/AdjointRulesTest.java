package io.gradgen.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.GradientAgreement;
import io.gradgen.Gradgen;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rule table as a value, and proof that the three-way check catches a wrong rule for every op
 * that can appear in a forward graph: each rule in turn is replaced by one that hands its operands
 * 1.5 times their adjoint, and a model using that op must then disagree, naming its param.
 */
class AdjointRulesTest {
  private static final String AB = "param a = 0.3\nparam b = 0.7\n";
  private static final String MV = "param m[2,3] = uniform(-1, 1, seed = 3)\nparam v[3] = uniform(-1, 1, seed = 4)\n";

  static Stream<Arguments> ops() {
    return Stream.of(
        Arguments.of(Op.BROADCAST, MV + "loss sum(m * a)", "a", AB),
        Arguments.of(Op.SUM, MV + "loss sum(v * v)", "v", ""),
        Arguments.of(Op.TRANSPOSE, MV + "loss sum(m' @ (m @ v))", "m", ""),
        Arguments.of(Op.INDEX, MV + "loss v[1] * v[2] + m[1, 2]", "v", ""),
        Arguments.of(Op.ADD, "loss (a + b) * b", "a", AB),
        Arguments.of(Op.MUL, "loss a * b", "a", AB),
        Arguments.of(Op.DIV, "loss a / (b + 2)", "a", AB),
        Arguments.of(Op.POW, "loss (b + 2) ^ a", "a", AB),
        Arguments.of(Op.MAX, "loss max(a, b) * 2", "b", AB),
        Arguments.of(Op.MIN, "loss min(a, b) * 2", "a", AB),
        Arguments.of(Op.BCE, "loss bce(sigmoid(a), b)", "a", AB),
        Arguments.of(Op.BCE, "loss bce(sigmoid(a), b)", "b", AB),
        Arguments.of(Op.NEG, "loss -(a * b) * b", "a", AB),
        Arguments.of(Op.EXP, "loss exp(a)", "a", AB),
        Arguments.of(Op.LOG, "loss log(a + 2)", "a", AB),
        Arguments.of(Op.SQRT, "loss sqrt(a + 2)", "a", AB),
        Arguments.of(Op.ABS, "loss abs(a - 2)", "a", AB),
        Arguments.of(Op.SIN, "loss sin(a)", "a", AB),
        Arguments.of(Op.COS, "loss cos(a)", "a", AB),
        Arguments.of(Op.TAN, "loss tan(a)", "a", AB),
        Arguments.of(Op.TANH, "loss tanh(a)", "a", AB),
        Arguments.of(Op.SIGMOID, "loss sigmoid(a)", "a", AB),
        Arguments.of(Op.RELU, "loss relu(a + 1)", "a", AB),
        Arguments.of(Op.SOFTPLUS, "loss softplus(a)", "a", AB),
        Arguments.of(Op.MATMUL, MV + "loss sum(m @ v)", "m", ""),
        Arguments.of(Op.NORM, MV + "loss norm(v)", "v", ""),
        Arguments.of(Op.LOGSUMEXP, MV + "loss softmax_ce(v, 1)", "v", ""),
        // PyTorch's wider vocabulary.
        Arguments.of(Op.CLAMP_MIN, "loss clamp(a, lo = b) * 3", "b", AB),
        Arguments.of(Op.CLAMP_MIN, "loss clamp(b, lo = a) * 3", "b", AB),
        Arguments.of(Op.CLAMP_MAX, "loss clamp(a, hi = b) * 3", "a", AB),
        Arguments.of(Op.CLAMP_MAX, "loss clamp(b, hi = a) * 3", "a", AB),
        Arguments.of(Op.ERF, "loss erf(a)", "a", AB),
        Arguments.of(Op.LOG1P, "loss log1p(a)", "a", AB),
        Arguments.of(Op.EXPM1, "loss expm1(a)", "a", AB),
        Arguments.of(Op.ASIN, "loss asin(a)", "a", AB),
        Arguments.of(Op.ACOS, "loss acos(a)", "a", AB),
        Arguments.of(Op.ATAN, "loss atan(a)", "a", AB),
        Arguments.of(Op.SINH, "loss sinh(a)", "a", AB),
        Arguments.of(Op.COSH, "loss cosh(a)", "a", AB),
        Arguments.of(Op.SAFE_LOG, "loss kl_div(a - 2, b + 0.5)", "b", AB),
        Arguments.of(Op.OUTER, MV + "loss sum((m + v) * m)", "v", ""),
        Arguments.of(Op.INDEX_ADJOINT, MV + "loss sum(logsumexp(m, axis = 1) * [1, 2])", "m", ""),
        Arguments.of(Op.AMAX, MV + "loss max(v * v) + sum(max(m, axis = 0))", "v", ""),
        Arguments.of(Op.AMIN, MV + "loss min(v * v) * 3", "v", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void aWrongRuleForEachOpIsCaught(Op op, String loss, String param, String params) {
    CheckedModel checked = Checker.check(ModelReader.parse("model M\n" + params + loss + "\n", "m.model"),
        Path.of("m.model"));
    assertTrue(checked.forward().nodes().stream().map(Node::op).anyMatch(op::equals), op + " not in " + loss);
    AdjointRules.Rule right = AdjointRules.standard().of(op);
    AdjointRules wrong = AdjointRules.standard().with(op, (d, n, y, dy) ->
        right.apply(d, n, y, d.graph().mul(dy, d.graph().scalar(1.5))));
    assertEquals(List.of(), disagreeing(checked, AdjointRules.standard()));
    assertTrue(disagreeing(checked, wrong).contains(param), op + ": " + disagreeing(checked, wrong));
  }

  /** A comparison or step is 0 or 1 and has no gradient: its operands get nothing through it. */
  @Test
  void comparisonsAndStepPassNoGradient() {
    CheckedModel checked = Checker.check(ModelReader.parse("model M\n" + AB
        + "loss (a < b) + (a <= b) + (a == b) + (a != b) + (a > b) + (a >= b) + step(a) + sign(b)\n", "m.model"),
        Path.of("m.model"));
    CompiledModel compiled = Gradgen.compile(checked, Precision.F64);
    io.gradgen.runtime.train.Objective objective = compiled.objective(Dataset.none());
    objective.setParameters(new double[] {0.3, 0.7});
    double[] gradient = new double[2];
    assertEquals(1 + 1 + 0 + 1 + 0 + 0 + 1 + 1, objective.lossAndGradient(0, 1, gradient), 0);
    assertEquals(0, gradient[0], 0);
    assertEquals(0, gradient[1], 0);
    for (Op op : new Op[] {Op.STEP, Op.LESS, Op.LESS_EQUAL, Op.EQUAL, Op.NOT_EQUAL}) {
      assertFalse(op.isBackwardOnly(), op.toString());
    }
  }

  @Test
  void withReplacesOneEntryAndLeavesTheStandardTableAlone() {
    AdjointRules.Rule none = (d, n, y, dy) -> {};
    AdjointRules changed = AdjointRules.standard().with(Op.SIN, none);
    assertTrue(changed.of(Op.SIN) == none);
    assertFalse(AdjointRules.standard().of(Op.SIN) == none);
    assertTrue(changed.of(Op.COS) == AdjointRules.standard().of(Op.COS));
  }

  /** Every op has a rule, the backward-only ones too: the Hessian-vector product differentiates them. */
  @Test
  void everyOpHasARule() {
    for (Op op : Op.values()) {
      assertTrue(AdjointRules.standard().of(op) != null, op.toString());
    }
  }

  private static List<String> disagreeing(CheckedModel checked, AdjointRules rules) {
    CompiledModel compiled = Gradgen.compile(checked, Precision.F64, rules);
    GradientAgreement result = GradientAgreement.measure(compiled.objective(Dataset.none()),
        new InterpretedObjective(checked.forward(), compiled.layout(), Dataset.none()), compiled.initialParams(0), 2, 1);
    assertEquals(3, result.checked());
    return result.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE);
  }
}

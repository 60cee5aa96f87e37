package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.ir.Op;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** How the three-way check tells rounding in finite differences from a wrong derivative. */
class GradientAgreementTest {
  /**
   * Found by the property test: a loss of 75 whose gradient elements are near 3e-5. Central
   * differences of it are off by 1.6e-8 from rounding alone (ε·75 / 1e-6), which is 1.6e-5 of the
   * old floor of 1e-3, so a correct gradient was reported as disagreeing.
   */
  private static final String LARGE_LOSS_TINY_GRADIENT = """
      model Random
      param a_s = uniform(-1, 1, seed = 277)
      param a_v4[4] = uniform(-1, 1, seed = 732)
      param b_s = uniform(-1, 1, seed = 238)
      param b_v4[4] = uniform(-1, 1, seed = 523)
      input x_m4x3[4, 3]
      loss max((((((mse(log((abs(b_s) + 0.2)), a_s)) * (-log(((((b_v4 @ a_v4) * 0.1) * 0.1)^2 + 0.2)))) \
      * 0.1) * 0.1)^2 + 0.2)^(-2), softmax_ce(a_v4 @ x_m4x3, 0))
      """;

  private static GradientAgreement measure(String text, AdjointRules rules) {
    CheckedModel checked = Checker.check(ModelReader.parse(text, "random.model"), Path.of("random.model"));
    CompiledModel compiled = Gradgen.compile(checked, Precision.F64, rules);
    SplittableRandom random = new SplittableRandom(text.hashCode());
    int rows = 3;
    double[] values = new double[rows * compiled.layout().rowWidth()];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.1 + random.nextDouble();
    }
    Dataset data = new Dataset("random", rows, compiled.layout().rowWidth(), values);
    return GradientAgreement.measure(compiled.objective(data),
        new InterpretedObjective(checked.forward(), compiled.layout(), data), compiled.initialParams(0), 1, 0);
  }

  @Test
  void roundingOfALargeLossIsNotADisagreement() {
    GradientAgreement result = measure(LARGE_LOSS_TINY_GRADIENT, AdjointRules.standard());
    assertEquals(2, result.checked());
    assertEquals(List.of(), result.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE));
  }

  @Test
  void aWrongRuleInTheSameModelIsStillCaught() {
    // log' taken as 1.5/x: only the tiny-gradient params depend on it through the large loss.
    AdjointRules wrongLog = AdjointRules.standard().with(Op.LOG, (d, n, y, dy) ->
        d.accumulate(n.input(0), d.graph().div(d.graph().mul(dy, d.graph().scalar(1.5)), n.input(0))));
    GradientAgreement result = measure(LARGE_LOSS_TINY_GRADIENT, wrongLog);
    List<String> disagreeing = result.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE);
    assertTrue(disagreeing.contains("b_s"), disagreeing.toString());
    // Finite differences alone catch it too, noise floor and all (b_s is param number 2).
    double error = result.worst(GradientAgreement.Pair.GENERATED_FD, 2);
    assertTrue(error > GradientAgreement.FD_TOLERANCE, "generated/fd error of b_s: " + error);
  }
}

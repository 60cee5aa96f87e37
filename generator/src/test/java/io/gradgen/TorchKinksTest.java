package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The functions and losses of PyTorch's wider vocabulary evaluated exactly at their kinks and at the
 * edges of their domains, where finite differences cannot decide and PyTorch makes a one-sided
 * choice: the loss and every gradient element are PyTorch 1.13's (torch.autograd on f64 tensors,
 * the numbers below), in the scalar kernel, the SIMD kernel and the interpreted autograd alike.
 */
class TorchKinksTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double NAN = Double.NaN;

  static Stream<Arguments> kinks() {
    return Stream.of(
        // torch.clamp(x, -1., 1.).sum(): the gradient passes at both bounds.
        kink("clamp at its bounds", "param x[5] = [-1, 1, 0.5, 2, -2]\nloss sum(clamp(x, -1, 1))",
            0.5, 1, 1, 1, 0, 0),
        // torch.clamp(x, lo, hi) with tensor bounds: ties, lo > hi, and all three equal.
        kink("clamp with tensor bounds", "param x[8] = [0.5, -3, 3, 1, -1, 0, 5, 0]\n"
            + "param lo[8] = [-1, -1, -1, -1, -1, 2, 2, 0]\nparam hi[8] = [1, 1, 1, 1, 1, 1, 1, 0]\n"
            + "loss sum(clamp(x, lo, hi))",
            2.5, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0),
        // F.leaky_relu: the slope at 0.
        kink("leaky_relu at 0", "param x[3] = [0, -1, 1]\nloss sum(leaky_relu(x)) + sum(leaky_relu(x, slope = 0.2)) * 2",
            2.59, 0.41000000000000003, 0.41000000000000003, 3.0),
        // F.elu: alpha at 0 (the x <= 0 branch).
        kink("elu at 0", "param x[3] = [0, -1, 1]\nloss sum(elu(x)) + sum(elu(x, alpha = 2)) * 3",
            -0.42484391179990366, 7.0, 2.5751560882000963, 4.0),
        kink("gelu silu logsigmoid at 0", "param x[3] = [0, -1, 1.5]\n"
            + "loss sum(gelu(x)) + sum(silu(x)) * 2 + sum(logsigmoid(x)) * 4",
            -5.675314054237485, 3.5, 2.9855778201893597, 3.939759596053691),
        // torch.sign(x) * x + (x > 0): sign and the comparison pass no gradient.
        kink("sign and a comparison at 0", "param x[3] = [0, -2, 3]\nloss sum(sign(x) * x) + sum(x > 0)",
            6.0, 0, -1, 1),
        kink("asin acos log1p at the ends of their domains", "param x[2] = [1, -1]\nparam y = 1\nparam z = -1\n"
            + "loss sum(asin(x)) + acos(y) + log1p(z)",
            -INF, INF, INF, -INF, INF),
        // F.smooth_l1_loss: x/beta below beta, ±1 from it on.
        kink("smooth_l1 at beta", "const zero[5] = [0, 0, 0, 0, 0]\nparam a[5] = [0, 1, 2, -1, 0.5]\n"
            + "loss smooth_l1(a, zero) + smooth_l1(a, zero, beta = 0.5) * 3",
            2.6249999999999996, 0, 0.8, 0.8, -0.8, 0.7000000000000001),
        // beta = 0 is L1 with torch's gradient -1 where a = b.
        kink("smooth_l1 with beta 0", "const zero[5] = [0, 0, 0, 0, 0]\nparam a[5] = [0, 1, 2, -1, 0.5]\n"
            + "loss smooth_l1(a, zero, beta = 0)",
            0.9, -0.2, 0.2, 0.2, -0.2, 0.2),
        // F.kl_div(q, p, reduction = 'batchmean') with p = 0 somewhere: NaN is torch's gradient in p there.
        kink("kl_div where p is 0", "param q[3] = [-1, -2, -0.5]\nparam p[3] = [0, 0.3, 0.7]\nloss kl_div(q, p)",
            0.33913569794510645, -0.0, -0.3, -0.7, NAN, 1.7960271956740639, 1.1433250560612676),
        kink("softmax_ce with label smoothing", "param z[3] = [1, 2, 0.5]\nloss softmax_ce(z, 1, label_smoothing = 0.1)",
            0.5477021174412783, 0.1978905642888157, -0.3048016141215709, 0.10691104983275515),
        kink("softmax_ce with label smoothing 1", "param z[3] = [1, 2, 0.5]\nloss softmax_ce(z, 2, label_smoothing = 1)",
            1.2977021174412782, -0.10210943571118428, 0.2951983858784291, -0.19308895016724484),
        kink("nll", "param z[3] = [-1, -2, -0.5]\nloss nll(z, 2)", 0.5, 0, 0, -1),
        kink("erf expm1 atan sinh cosh", "param x[3] = [0, -0.75, 2]\nloss sum(erf(x) + expm1(x) + atan(x) + sinh(x) + cosh(x))",
            15.470659543709575, 4.128379167095512, 2.227664174677237, 14.998779183215392));
  }

  private static Arguments kink(String name, String body, double loss, double... gradient) {
    return Arguments.of(name, "model K\n" + body + "\n", loss, gradient);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kinks")
  void lossAndGradientAreTorchs(String name, String source, double loss, double[] gradient) {
    CheckedModel checked = TestModels.check(source);
    for (boolean simd : new boolean[] {false, true}) {
      CompiledModel model = Gradgen.compile(checked, Precision.F64, AdjointRules.standard(), simd);
      assertTorchs(name + (simd ? ", SIMD" : ", scalar"), model.objective(Dataset.none()), model.initialParams(0),
          loss, gradient);
    }
    CompiledModel model = Gradgen.compile(checked, Precision.F64);
    assertTorchs(name + ", interpreted", new InterpretedObjective(checked.forward(), model.layout(), Dataset.none()),
        model.initialParams(0), loss, gradient);
  }

  /**
   * The one place clamp with bounds that carry gradients differs from torch.clamp: where {@code x <
   * lo == hi}, torch gives no one a gradient, and gradgen gives it to lo (docs/LANGUAGE.md says so).
   */
  @Test
  void clampGivesLoTheGradientWhereXIsBelowEqualBounds() {
    CheckedModel checked = TestModels.check("model K\nparam x = -3\nparam lo = 2\nparam hi = 2\nloss clamp(x, lo, hi)\n");
    CompiledModel model = Gradgen.compile(checked, Precision.F64);
    Objective objective = model.objective(Dataset.none());
    objective.setParameters(model.initialParams(0));
    double[] g = new double[3];
    assertEquals(2.0, objective.lossAndGradient(0, objective.rows(), g), 0);
    assertArrayEquals(new double[] {0, 1, 0}, g, 0);
  }

  private static void assertTorchs(String what, Objective objective, double[] params, double loss, double[] gradient) {
    objective.setParameters(params);
    double[] g = new double[params.length];
    assertEquals(gradient.length, g.length, what + ": gradient size");
    assertClose(loss, objective.lossAndGradient(0, objective.rows(), g), what + ": loss");
    for (int i = 0; i < g.length; i++) {
      assertClose(gradient[i], g[i], what + ": gradient element " + i);
    }
  }

  /** Equal within 4 ulps; an infinity or NaN exactly, as torch gives it. */
  private static void assertClose(double expected, double actual, String what) {
    if (!Double.isFinite(expected)) {
      assertEquals(expected, actual, 0, what);
      return;
    }
    assertTrue(Math.abs(expected - actual) <= 4 * Math.ulp(expected) + 1e-300, what + ": torch " + expected + ", gradgen " + actual);
  }
}

package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.CheckedModel;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Hessian at the kinks, ties and clamps, against PyTorch 1.13's double backward: each case's
 * 2 × 2 Hessian in {@code (a, b)} (or in the two elements of {@code v}), worked out with {@code
 * torch.autograd.grad(g[i], x)} on the gradient of {@code create_graph=True}, in float64. The
 * second derivative of every mask is 0 ({@code relu}, {@code abs}, {@code sign} at 0, {@code max}
 * on a tie), as PyTorch's. Both the generated kernel and the interpreted backend must give these.
 *
 * <p>The documented differences are {@link #differences()}, and the norm's Hessian at 0, which is 0
 * here and NaN in PyTorch (its double backward divides by the norm).
 */
class TorchSecondOrderTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        torch("relu(a) * b", 0.0, 0.5, 0.0, 0.0, 0.0, 0.0),
        torch("abs(a) * b", 0.0, 0.5, 0.0, 0.0, 0.0, 0.0),
        torch("leaky_relu(a) * b", 0.0, 0.5, 0.0, 0.01, 0.01, 0.0),
        torch("gelu(a) * b", 0.0, 0.5, 0.3989422804014327, 0.5, 0.5, 0.0),
        torch("silu(a) * b", 0.0, 0.5, 0.25, 0.5, 0.5, 0.0),
        torch("softplus(a) * b", 0.0, 0.5, 0.125, 0.5, 0.5, 0.0),
        torch("bce(a, 0.3) * b", 0.4, 0.5, 1.9097222222063082, 0.41666666666493074, 0.4166666666666668, 0.0),
        torch("max(a, b) * b", 0.5, 0.5, 0.0, 0.5, 0.5, 1.0),
        torch("min(a, b) * a", 0.5, 0.5, 1.0, 0.5, 0.5, 0.0),
        torch("clamp(a, lo = b) * a", 0.5, 0.5, 2.0, 0.0, 0.0, 0.0),
        torch("clamp(a, hi = b) * a", 0.5, 0.5, 2.0, 0.0, 0.0, 0.0),
        torch("sign(a) * a * b", 0.0, 0.5, 0.0, 0.0, 0.0, 0.0),
        torch("a ^ 2 * b", 0.0, 0.5, 1.0, 0.0, 0.0, 0.0),
        torch("a ^ b", 0.7, 1.5, 0.8964214570007953, 0.3890365244443459, 0.3890365244443457, 0.07450617417297292),
        torch("sqrt(a) * b", 0.7, 0.5, -0.21343368023828455, 0.5976143046671968, 0.5976143046671968, 0.0),
        torch("mse(a, b)", 0.7, 0.5, 2.0, -2.0, -2.0, 2.0),
        torch("mae(a, b)", 0.5, 0.5, 0.0, 0.0, 0.0, 0.0),
        torch("norm(v)", 0.3, 0.4, 1.28, -0.96, -0.96, 0.7199999999999998),
        // torch.amax of [a, b, 0.5], a three-way tie: the gradient split in thirds, its derivative 0.
        torch("max(v @ [[1, 0, 0], [0, 1, 0]] + [0, 0, 0.5])", 0.5, 0.5, 0.0, 0.0, 0.0, 0.0),
        torch("logsumexp(v)", 0.3, 0.4, 0.24937604019289197, -0.24937604019289203, -0.24937604019289203,
            0.24937604019289195),
        // cross_entropy of the logits [a, b, 0] and class 1.
        torch("softmax_ce(v @ [[1, 0, 0], [0, 1, 0]], 1)", 0.3, 0.4, 0.22790962406623425, -0.13644667954932238,
            -0.13644667954932238, 0.23752886591097988),
        torch("atan(a * b)", 0.3, 0.4, -0.03731751734020639, 0.9578162783986307, 0.9578162783986307,
            -0.020991103503866092),
        torch("erf(a * b)", 0.3, 0.4, -0.04271028241549352, 1.0802142260918568, 1.0802142260918568,
            -0.024024533858715096));
  }

  /**
   * Where the Hessian is not PyTorch's, at one point each, documented in docs/LANGUAGE.md
   * ("Second order"): our value (asserted, so a change is seen) and PyTorch's. The first two are
   * lowerings with two kinks whose second derivatives cancel in the function (max(z, 0) and −|z|
   * in bce_logits and logsigmoid, smooth at 0): reverse over reverse takes each mask's derivative
   * as 0 and loses the curvature there, which PyTorch's own backward formula, σ(z) − y, keeps. The
   * rest are exact ties of a clamp or a branch, where PyTorch's double backward takes the other
   * side than its first derivative does.
   */
  static Stream<Arguments> differences() {
    return Stream.of(
        // PyTorch: 0.125, 0.2, 0.2, 0.
        torch("bce_logits(a, 0.3) * b", 0.0, 0.5, 0.0, 0.2, 0.2, 0.0),
        // PyTorch: −0.125, 0.5, 0.5, 0.
        torch("logsigmoid(a) * b", 0.0, 0.5, 0.0, 0.5, 0.5, 0.0),
        // PyTorch: 0, 1, 1, 0 (its double backward takes x > 0's branch at 0, its backward x ≤ 0's).
        torch("elu(a) * b", 0.0, 0.5, 0.5, 1.0, 1.0, 0.0),
        // PyTorch: all 0 (its double backward masks |d| < β, its backward |d| ≤ β).
        torch("smooth_l1(a, b)", 1.5, 0.5, 1.0, -1.0, -1.0, 1.0),
        // PyTorch: all 0; here min's tie splits the quadratic branch's curvature in half.
        torch("huber(a, b)", 1.5, 0.5, 0.25, -0.25, -0.25, 0.25));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differences")
  void documentedDifferencesStayAsDocumented(String loss, double a, double b, double[] expected) {
    hessianIsPyTorchs(loss, a, b, expected);
  }

  private static Arguments torch(String loss, double a, double b, double... hessian) {
    return Arguments.of(loss, a, b, hessian);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void hessianIsPyTorchs(String loss, double a, double b, double[] expected) {
    String params = loss.contains("v") ? "param v[2]\n" : "param a\nparam b\n";
    String source = "model M\n" + params + "loss " + loss + "\n";
    CheckedModel checked = SecondOrderCorpusTest.checked("torch", source);
    CompiledModel model = Gradgen.compileWithHessian(checked, Precision.F64);
    Objective generated = model.objective(Dataset.none());
    Objective interpreted = new InterpretedObjective(checked.forward(), model.layout(), Dataset.none());
    for (Objective objective : new Objective[] {generated, interpreted}) {
      String which = objective == generated ? "generated" : "interpreted";
      for (int column = 0; column < 2; column++) {
        double[] direction = new double[2];
        direction[column] = 1;
        double[] product = HessianCheck.product(objective, new double[] {a, b}, direction);
        for (int row = 0; row < 2; row++) {
          double want = expected[row * 2 + column];
          double got = product[row];
          assertTrue(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)),
              loss + ": " + which + " H[" + row + "][" + column + "] = " + got + ", PyTorch " + want);
        }
      }
    }
  }
}

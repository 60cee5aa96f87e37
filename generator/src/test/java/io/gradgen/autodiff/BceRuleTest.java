package io.gradgen.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.check.Checker;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bce(p, y)} has PyTorch's BCELoss gradient in both backends (the generated kernel and the
 * interpreted autograd): {@code (p − y) / max(p(1 − p), ε)} in p with ATen's float {@code ε = 1e-12f},
 * finite at p = 0 and p = 1, and {@code log(1 − p) − log p} in the target, unclamped (±∞ at 1 and
 * 0). The expected values are worked out by hand from those formulas and agree with PyTorch 1.13's
 * {@code binary_cross_entropy} backward (1000000003995.8029 at p = 1, y = 0); the loss itself is the
 * clamped forward, to the bit.
 */
class BceRuleTest {
  private static final CompiledModel SCALAR = compile("model B\nparam p\nparam y\nloss bce(p, y)\n");
  private static final CompiledModel VECTOR = compile("model V\nparam p[2]\nparam y[2]\nloss bce(p, y)\n");

  /** ATen's EPSILON, a float: 9.999999960041972e-13. */
  private static final double EPS = (double) 1e-12f;

  private static CompiledModel compile(String source) {
    return Gradgen.compile(Checker.check(ModelReader.parse(source, "b.model"), Path.of("b.model")), Precision.F64);
  }

  private static List<Objective> backends(CompiledModel model) {
    return List.of(model.objective(Dataset.none()),
        new InterpretedObjective(model.checked().forward(), model.layout(), Dataset.none()));
  }

  /** The gradient {p, y} of bce(p, y) at one point, from each backend, each also checked for its loss. */
  private static void assertGradient(double p, double y, double dp, double dy) {
    for (Objective objective : backends(SCALAR)) {
      objective.setParameters(new double[] {p, y});
      double[] gradient = new double[2];
      double loss = objective.lossAndGradient(0, 1, gradient);
      String where = objective.getClass().getSimpleName() + " at p = " + p + ", y = " + y;
      assertEquals(oldLoss(p, y), loss, 0.0, where);
      assertTrue(Double.isFinite(gradient[0]), where);
      assertEquals(dp, gradient[0], 1e-12 * Math.abs(dp), where + ": d/dp");
      assertEquals(dy, gradient[1], 1e-12 * Math.abs(dy), where + ": d/dy");
    }
  }

  /** The loss as the checker used to lower it, primitive by primitive. */
  private static double oldLoss(double p, double y) {
    double logP = Math.max(Math.log(p), -100);
    double logNotP = Math.max(Math.log(1 - p), -100);
    return -(y * logP + (1 - y) * logNotP);
  }

  @Test
  void atPEqualToOneTheGradientIsPyTorchsNotNaN() {
    // (1 − 0) / max(0, ε) = 1/ε = 1000000003995.8029 (PyTorch 1.13's figure); in y: log 0 − log 1 = −∞.
    assertGradient(1, 0, 1 / EPS, Double.NEGATIVE_INFINITY);
    assertEquals(1000000003995.8029, 1 / EPS, 1e-3);
    // (1 − 1) / ε = 0.
    assertGradient(1, 1, 0, Double.NEGATIVE_INFINITY);
    assertGradient(1, 0.25, 0.75 / EPS, Double.NEGATIVE_INFINITY);
  }

  @Test
  void atPEqualToZeroTheGradientIsPyTorchsNotNaN() {
    // (0 − 1) / ε; in y: log 1 − log 0 = +∞.
    assertGradient(0, 1, -1 / EPS, Double.POSITIVE_INFINITY);
    assertGradient(0, 0, 0, Double.POSITIVE_INFINITY);
    assertGradient(0, 0.5, -0.5 / EPS, Double.POSITIVE_INFINITY);
  }

  @Test
  void justBelowTheFloorOfPTimesOneMinusPTheDenominatorIsTheFloor() {
    // p(1 − p) ≈ 0.9e-12 < ε: (0.9e-12 − 1) / ε, not −1/p ≈ −1.11e12.
    double p = 0.9e-12;
    assertGradient(p, 1, (p - 1) / EPS, Math.log(1 - p) - Math.log(p));
    // Near 1: 1 − q = 2^-40 ≈ 0.91e-12 exactly, so q(1 − q) < ε and d/dp = (q − 0) / ε.
    double q = 1 - 0x1p-40;
    assertGradient(q, 0, q / EPS, Math.log(0x1p-40) - Math.log(q));
  }

  @Test
  void justAboveTheFloorTheGradientIsTheUnclampedOne() {
    // p(1 − p) ≈ 1.1e-12 > 1e-12: (p − 1) / (p(1 − p)) = −1/p.
    double p = 1.1e-12;
    assertGradient(p, 1, -1 / p, Math.log(1 - p) - Math.log(p));
  }

  @Test
  void atOrdinaryValuesTheGradientIsTheDerivativeOfTheLoss() {
    double[][] points = {{0.3, 0.7}, {0.9, 0.0}, {0.05, 1.0}, {0.6, 0.6}};
    for (double[] point : points) {
      double p = point[0];
      double y = point[1];
      double dp = (p - y) / (p * (1 - p));
      double dy = Math.log(1 - p) - Math.log(p);
      assertGradient(p, y, dp, dy);
      double h = 1e-6;
      assertEquals(dp, (oldLoss(p + h, y) - oldLoss(p - h, y)) / (2 * h), 1e-6 * Math.max(1, Math.abs(dp)));
      assertEquals(dy, (oldLoss(p, y + h) - oldLoss(p, y - h)) / (2 * h), 1e-6 * Math.max(1, Math.abs(dy)));
    }
  }

  @Test
  void aVectorIsAveragedAndEachElementGetsItsShare() {
    for (Objective objective : backends(VECTOR)) {
      objective.setParameters(new double[] {1, 0.4, 0, 0.4});
      double[] gradient = new double[4];
      double loss = objective.lossAndGradient(0, 1, gradient);
      assertEquals((oldLoss(1, 0) + oldLoss(0.4, 0.4)) / 2, loss, 0.0);
      assertEquals(1 / EPS / 2, gradient[0], 1e-3);
      assertEquals(0.0, gradient[1], 1e-15);
      assertEquals(Double.NEGATIVE_INFINITY, gradient[2]);
      assertEquals((Math.log(0.6) - Math.log(0.4)) / 2, gradient[3], 1e-15);
    }
  }
}

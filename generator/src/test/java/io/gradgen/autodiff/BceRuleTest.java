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
 * interpreted autograd): {@code (p − y) / max(p(1 − p), 1e-12)} in p, finite at p = 0 and p = 1, and
 * {@code max(log(1 − p), −100) − max(log p, −100)} in the target. The expected values are worked out
 * by hand from those formulas; the loss itself is the clamped forward, to the bit.
 */
class BceRuleTest {
  private static final CompiledModel SCALAR = compile("model B\nparam p\nparam y\nloss bce(p, y)\n");
  private static final CompiledModel VECTOR = compile("model V\nparam p[2]\nparam y[2]\nloss bce(p, y)\n");

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
      assertTrue(Double.isFinite(gradient[0]) && Double.isFinite(gradient[1]), where);
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
    // (1 − 0) / max(0, 1e-12) = 1e12; in y: max(log 0, −100) − max(log 1, −100) = −100 − 0.
    assertGradient(1, 0, 1e12, -100);
    // (1 − 1) / 1e-12 = 0.
    assertGradient(1, 1, 0, -100);
    assertGradient(1, 0.25, 0.75e12, -100);
  }

  @Test
  void atPEqualToZeroTheGradientIsPyTorchsNotNaN() {
    // (0 − 1) / 1e-12 = −1e12; in y: max(log 1, −100) − max(log 0, −100) = 0 − (−100).
    assertGradient(0, 1, -1e12, 100);
    assertGradient(0, 0, 0, 100);
    assertGradient(0, 0.5, -0.5e12, 100);
  }

  @Test
  void justBelowTheFloorOfPTimesOneMinusPTheDenominatorIsTheFloor() {
    // p(1 − p) ≈ 0.9e-12 < 1e-12: (0.9e-12 − 1) / 1e-12 = 0.9 − 1e12, not −1/p ≈ −1.11e12.
    double p = 0.9e-12;
    assertGradient(p, 1, (p - 1) / 1e-12, -Math.log(p));
    // Near 1: 1 − q = 2^-40 ≈ 0.91e-12 exactly, so q(1 − q) < 1e-12 and d/dp = (q − 0) / 1e-12.
    double q = 1 - 0x1p-40;
    assertGradient(q, 0, q / 1e-12, Math.log(0x1p-40) - Math.log(q));
  }

  @Test
  void justAboveTheFloorTheGradientIsTheUnclampedOne() {
    // p(1 − p) ≈ 1.1e-12 > 1e-12: (p − 1) / (p(1 − p)) = −1/p.
    double p = 1.1e-12;
    assertGradient(p, 1, -1 / p, -Math.log(p));
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
      assertEquals(1e12 / 2, gradient[0], 1e-3);
      assertEquals(0.0, gradient[1], 1e-15);
      assertEquals(-100.0 / 2, gradient[2], 1e-12);
      assertEquals((Math.log(0.6) - Math.log(0.4)) / 2, gradient[3], 1e-15);
    }
  }
}

package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed example 8, {@code l1-line.model}: the line fit with {@code mae} (PyTorch's {@code L1Loss}).
 * The published point: d|r|/dr is piecewise constant, sign(r), and 0 at r = 0 (as {@code
 * torch.abs}). Checked exactly through the kernel on one row and through {@code gradgen grad} on a
 * one-row file at a point where the residual is exactly 0; and the fit works: a and b within 0.05
 * of the least-squares line's 1.02 and 1.97.
 */
class L1LineTest {
  private final Samples.Sample sample = Samples.load("l1-line.model");

  @Test
  void theDerivativeIsTheSignOfTheResidualAndZeroAtZero() {
    double[][] rows = LineFitTest.rows();
    double x0 = rows[0][0];
    double y0 = rows[0][1];
    assertGradient(y0, 0, 0, 0);
    for (double above : new double[] {1e-9, 0.5, 3}) {
      assertGradient(y0 + above, 1, x0, above);
      assertGradient(y0 - above, -1, -x0, above);
    }
  }

  private void assertGradient(double a, double da, double db, double loss) {
    double[] gradient = new double[2];
    sample.objective().setParameters(new double[] {a, 0});
    assertEquals(loss, sample.objective().lossAndGradient(0, 1, gradient), 1e-9);
    assertEquals(da, gradient[0], 0, "d/da at a = " + a);
    assertEquals(db, gradient[1], 0, "d/db at a = " + a);
  }

  @Test
  void theGradCommandShowsTheKink(@TempDir Path dir) throws IOException {
    Path data = Files.writeString(dir.resolve("one.csv"), "x,y\n0.5,2\n");
    String model = Samples.path("l1-line.model");
    assertEquals("loss: 0\ngradient:\n  a: 0\n  b: 0\n", grad(model, data, "a=2,b=0"));
    assertEquals("loss: 1\ngradient:\n  a: 1\n  b: 0.5\n", grad(model, data, "a=3,b=0"));
    assertEquals("loss: 2\ngradient:\n  a: 1\n  b: 0.5\n", grad(model, data, "a=4,b=0"));
    assertEquals("loss: 1\ngradient:\n  a: -1\n  b: -0.5\n", grad(model, data, "a=1,b=0"));
  }

  private static String grad(String model, Path data, String at) {
    Samples.Run run = Samples.cli("grad", model, "--data", data.toString(), "--at", at);
    assertEquals(0, run.status(), run.err());
    return run.out();
  }

  @Test
  void theL1FitFindsTheLine() {
    TrainingResult result = sample.train();
    assertEquals(1.02, result.params()[0], 0.05);
    assertEquals(1.97, result.params()[1], 0.05);
    assertNotNull(result.validationLoss());
    assertTrue(result.validationLoss() < 0.1, "validation L1 loss " + result.validationLoss());
  }
}

package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Seed example 3, {@code line-fit.model}: the tutorial's data ({@link SampleData#lineFit}), its
 * start (a, b from {@code np.random.seed(42); randn, randn}), full batch, SGD lr 0.1, 1000 epochs.
 * Published: a = 1.0235, b = 1.9690; asserted to the published 4 decimals (±5e-5), and to 1e-12
 * against the tutorial's own NumPy loop written out in Java. The validation loss over the 20
 * held-out rows is reported.
 */
class LineFitTest {
  private final Samples.Sample sample = Samples.load("line-fit.model");

  @Test
  void fitsThePublishedLine() {
    TrainingResult result = sample.train();
    assertEquals(1000, result.steps());
    assertEquals(1.0235, result.params()[0], 5e-5);
    assertEquals(1.9690, result.params()[1], 5e-5);
  }

  @Test
  void matchesTheTutorialsNumpyLoop() {
    double[][] rows = rows();
    NumpyRandom random = new NumpyRandom(42);
    double a = random.standardNormal();
    double b = random.standardNormal();
    double[] init = sample.model().initialParams(0);
    assertEquals(a, init[0], 0);
    assertEquals(b, init[1], 0);
    for (int epoch = 0; epoch < 1000; epoch++) {
      double aGrad = 0;
      double bGrad = 0;
      for (int i = 0; i < 80; i++) {
        double error = rows[i][1] - (a + b * rows[i][0]);
        aGrad += error;
        bGrad += rows[i][0] * error;
      }
      a -= 0.1 * (-2 * aGrad / 80);
      b -= 0.1 * (-2 * bGrad / 80);
    }
    TrainingResult result = sample.train();
    assertEquals(a, result.params()[0], 1e-12);
    assertEquals(b, result.params()[1], 1e-12);
  }

  @Test
  void reportsTheValidationLossOverTheLastTwentyRows() {
    TrainingResult result = sample.train();
    assertNotNull(result.validationLoss());
    double[][] rows = rows();
    double a = result.params()[0];
    double b = result.params()[1];
    double sum = 0;
    for (int i = 80; i < 100; i++) {
      double r = a + b * rows[i][0] - rows[i][1];
      sum += r * r;
    }
    assertEquals(sum / 20, result.validationLoss(), 1e-12);
    assertEquals(0.00866, result.validationLoss(), 1e-5);
    assertNotNull(result.history().get(999).validationLoss());
  }

  @Test
  void theCommandPrintsLossValidationLossAndTheLine() {
    Samples.Run run = Samples.cli("train", Samples.path("line-fit.model"), "--quiet");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("validation loss: 0.0086585\n"), run.out());
    assertTrue(run.out().contains("  a: 1.02354\n  b: 1.96896\n"), run.out());
  }

  static double[][] rows() {
    String[] lines = SampleData.lineFit().split("\n");
    double[][] rows = new double[lines.length - 1][];
    for (int i = 1; i < lines.length; i++) {
      String[] cells = lines[i].split(",");
      rows[i - 1] = new double[] {Double.parseDouble(cells[0]), Double.parseDouble(cells[1])};
    }
    return rows;
  }
}

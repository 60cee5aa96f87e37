package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Seed example 6, {@code make-regression.model}: scikit-learn's {@code make_regression(1500, 1,
 * noise=0.3, bias=2, random_state=0)} reproduced by {@link SampleData#makeRegression}; its true
 * coefficient is 0.4787 ("0.48"). Full batch, lr 0.1, 30 steps from w = b = 0. Published: w ≈
 * 0.47, b ≈ 2.00; here w = 0.4703, b = 1.9983 (asserted ±0.005): a little under the true
 * coefficient, because the noisy sample's own least-squares slope is 0.4716 and 30 steps from 0
 * stop just short of it (within 2e-3, from below).
 */
class MakeRegressionTest {
  private final Samples.Sample sample = Samples.load("make-regression.model");

  @Test
  void reproducesThePublishedFit() {
    TrainingResult result = sample.train();
    assertEquals(30, result.steps());
    assertEquals(0.47, result.params()[0], 0.005);
    assertEquals(2.00, result.params()[1], 0.005);
  }

  @Test
  void theFittedCoefficientIsALittleUnderTheTrueOne() {
    double truth = SampleData.makeRegressionCoefficient();
    double w = sample.train().params()[0];
    assertTrue(w < truth && truth - w < 0.02, "w " + w + ", true coefficient " + truth);
  }

  @Test
  void thirtyStepsComeCloseToTheLeastSquaresLine() {
    String[] lines = SampleData.makeRegression().split("\n");
    int n = lines.length - 1;
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double sxy = 0;
    for (int i = 1; i <= n; i++) {
      String[] cells = lines[i].split(",");
      double x = Double.parseDouble(cells[0]);
      double y = Double.parseDouble(cells[1]);
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
    }
    double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    double intercept = (sy - slope * sx) / n;
    TrainingResult result = sample.train();
    assertTrue(result.params()[0] < slope, result.params()[0] + " vs " + slope);
    assertEquals(slope, result.params()[0], 2e-3);
    assertEquals(intercept, result.params()[1], 3e-3);
  }
}

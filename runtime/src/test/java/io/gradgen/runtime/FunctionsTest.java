package io.gradgen.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FunctionsTest {

  @Test
  void tanhStaysWithinTwoUlpOfMath() {
    SplittableRandom random = new SplittableRandom(7);
    long worst = 0;
    double worstAt = 0;
    for (int i = 0; i < 2_000_000; i++) {
      // Half over the range where both branches meet and saturate, half over small magnitudes
      // down to 1e-12, where the rational branch must keep its relative accuracy.
      double x =
          i % 2 == 0
              ? random.nextDouble(-25, 25)
              : random.nextDouble(-0.7, 0.7) * Math.pow(10, -random.nextInt(12));
      long ulps = Math.abs(Double.doubleToLongBits(Math.tanh(x)) - Double.doubleToLongBits(Functions.tanh(x)));
      if (ulps > worst) {
        worst = ulps;
        worstAt = x;
      }
    }
    assertTrue(worst <= 2, "tanh is " + worst + " ulp from Math.tanh at " + worstAt);
  }

  @Test
  void tanhAtTheBranchPointsAndSpecialValues() {
    for (double x : new double[] {0.625, -0.625, Math.nextDown(0.625), 22.0, Math.nextUp(22.0), 1e-300, 0.5}) {
      assertEquals(Math.tanh(x), Functions.tanh(x), 2 * Math.ulp(Math.tanh(x)), "at " + x);
    }
    assertEquals(Double.doubleToLongBits(-0.0), Double.doubleToLongBits(Functions.tanh(-0.0)));
    assertEquals(Double.doubleToLongBits(0.0), Double.doubleToLongBits(Functions.tanh(0.0)));
    assertEquals(1.0, Functions.tanh(Double.POSITIVE_INFINITY));
    assertEquals(-1.0, Functions.tanh(Double.NEGATIVE_INFINITY));
    assertTrue(Double.isNaN(Functions.tanh(Double.NaN)));
    assertEquals(1.0, Functions.tanh(800));
  }
}

package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GradientClipTest {

  @Test
  void scalesALongGradientToTheLimit() {
    double[] g = {3, 4};
    assertEquals(5, GradientClip.clip(g, 1));
    // coef = 1/(5 + 1e-6)
    assertArrayEquals(new double[] {3 / (5 + 1e-6), 4 / (5 + 1e-6)}, g, 1e-15);
    assertEquals(1, Math.hypot(g[0], g[1]), 1e-6);
  }

  @Test
  void leavesAShortGradientBitForBit() {
    double[] g = {0.3, -0.4};
    GradientClip.clip(g, 1);
    assertArrayEquals(new double[] {0.3, -0.4}, g, 0);
  }

  @Test
  void normCoversAllParametersTogether() {
    // each element alone is under 2, the whole vector (norm 4) is not
    double[] g = {2, 2, 2, 2};
    GradientClip.clip(g, 2);
    assertEquals(2, Math.sqrt(4 * g[0] * g[0]), 1e-6);
  }
}

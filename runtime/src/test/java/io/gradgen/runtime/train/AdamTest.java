package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdamTest {

  @Test
  void firstThreeUpdates() {
    // β1 = 0.9, β2 = 0.999, eps = 1e-8, lr = 0.1, g = 1, −2, 0.5
    // t=1: m = 0.1, v = 0.001, bc1 = 0.1, bc2 = 0.001
    //      m/bc1 = 1, sqrt(v)/sqrt(bc2) = 1      p = 1 − 0.1·1/(1 + 1e-8)           ≈ 0.900000001
    // t=2: m = 0.09 − 0.2 = −0.11, v = 0.000999 + 0.004 = 0.004999
    //      bc1 = 0.19, bc2 = 0.001999, m/bc1 = −0.5789474, sqrt(v/bc2) = 1.5813761
    //      Δ = 0.1·(−0.5789474)/1.5813761 = −0.0366104                   p ≈ 0.9366104
    // t=3: m = −0.099 + 0.05 = −0.049, v = 0.004994001 + 0.00025 = 0.005244001
    //      bc1 = 0.271, bc2 = 0.002997001, m/bc1 = −0.1808118, sqrt(v/bc2) = 1.3227810
    //      Δ = 0.1·(−0.1808118)/1.3227810 = −0.0136691                   p ≈ 0.9502794
    double[] p = Steps.run(new Adam(0.9, 0.999, 1e-8, 1));
    assertArrayEquals(new double[] {0.900000001, 0.9366104, 0.9502794}, p, 1e-7);
    // and to the last digits, from the same arithmetic in double precision
    assertArrayEquals(
        new double[] {0.9000000009999999, 0.9366103534720748, 0.9502794196738215}, p, 1e-15);
  }

  @Test
  void constantGradientMovesLrPerStep() {
    // With a constant g, m/bc1 = g and v/bc2 = g² at every t: each step is lr·g/(|g| + eps).
    Adam adam = new Adam(0.9, 0.999, 1e-8, 1);
    double[] p = {0};
    for (int t = 0; t < 5; t++) {
      adam.step(p, new double[] {3}, 0.01);
    }
    assertEquals(-5 * 0.01 * 3 / (3 + 1e-8), p[0], 1e-12);
  }

  @Test
  void resumedStateContinuesExactly() {
    Adam whole = new Adam(0.9, 0.999, 1e-8, 1);
    double[] p = {1};
    whole.step(p, new double[] {1}, 0.1);
    Adam resumed = new Adam(0.9, 0.999, 1e-8, 1);
    resumed.restore(whole.state());
    double[] q = p.clone();
    whole.step(p, new double[] {-2}, 0.1);
    resumed.step(q, new double[] {-2}, 0.1);
    assertEquals(Double.doubleToRawLongBits(p[0]), Double.doubleToRawLongBits(q[0]));
    assertEquals(2, resumed.state().step());
  }

  @Test
  void weightDecayEntersTheMoments() {
    // weight_decay = 0.5: g' = g + 0.5·p before m and v; t=1: g' = 1.5, m = 0.15, v = 0.00225,
    // m/bc1 = 1.5, sqrt(v/bc2) = 1.5: p = 1 − 0.1·1.5/(1.5 + 1e-8) ≈ 0.9000000006667
    double[] p = Steps.run(new Adam(0.9, 0.999, 1e-8, 0.5, false, false, 1));
    assertEquals(1 - 0.1 * 1.5 / (1.5 + 1e-8), p[0], 1e-16);
    // torch.optim.Adam(lr = 0.1, weight_decay = 0.5), float64
    assertArrayEquals(new double[] {0.9000000006666666, 0.9069015188655994, 0.8859373445042629}, p, 1e-15);
  }

  @Test
  void amsgradDividesByTheLargestSecondMoment() {
    // β2 = 0.5 so that v falls: v = 0.5, 2.25, 1.25; amsgrad's u = max(u, v) = 0.5, 2.25, 2.25.
    // Steps 1 and 2 are Adam's; at t=3, m = −0.049, bc1 = 0.271, bc2 = 0.875:
    //   Δ = (0.1/0.271)·(−0.049) / (sqrt(2.25)/sqrt(0.875) + 1e-8)      (plain Adam: sqrt(1.25))
    Adam amsgrad = new Adam(0.9, 0.5, 1e-8, 0, true, false, 1);
    Adam plain = new Adam(0.9, 0.5, 1e-8, 1);
    double[] p = Steps.run(amsgrad);
    double[] q = Steps.run(plain);
    assertEquals(q[1], p[1], 0.0);
    double second = p[1] - (0.1 / (1 - 0.9 * 0.9 * 0.9)) * -0.049 / (Math.sqrt(2.25) / Math.sqrt(0.875) + 1e-8);
    assertEquals(second, p[2], 1e-15);
    // torch.optim.Adam(lr = 0.1, betas = (0.9, 0.5), amsgrad = True): 0.9447011399281701 (plain 0.9485533437986761)
    assertArrayEquals(new double[] {0.900000001, 0.9334255427074696, 0.9447011399281701}, p, 1e-15);
    assertEquals(0.9485533437986761, q[2], 1e-15);
    assertArrayEquals(new double[] {2.25}, amsgrad.state().buffers().get("max_exp_avg_sq"), 0.0);
    assertArrayEquals(new double[] {1.25}, amsgrad.state().buffers().get("exp_avg_sq"), 0.0);
  }

  @Test
  void maximizeMirrorsTheSteps() {
    // maximize negates g, so m flips and v does not: each step is the plain one's mirror image
    double[] p = Steps.run(new Adam(0.9, 0.999, 1e-8, 0, false, true, 1));
    double[] q = Steps.run(new Adam(0.9, 0.999, 1e-8, 1));
    for (int i = 0; i < p.length; i++) {
      assertEquals(1 - q[i], p[i] - 1, 1e-15);
    }
    // torch.optim.Adam(lr = 0.1, maximize = True)
    assertArrayEquals(new double[] {1.099999999, 1.0633896465279251, 1.0497205803261784}, p, 1e-15);
  }

  @Test
  void anAmsgradStateNeedsItsMax() {
    Adam plain = new Adam(0.9, 0.999, 1e-8, 1);
    Adam amsgrad = new Adam(0.9, 0.999, 1e-8, 0, true, false, 1);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> amsgrad.restore(plain.state()));
    assertEquals("the saved adam state needs max_exp_avg_sq with 1 values", e.getMessage());
  }
}

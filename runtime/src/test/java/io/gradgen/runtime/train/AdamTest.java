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
}

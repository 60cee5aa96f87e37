package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RmsPropTest {

  @Test
  void firstThreeUpdates() {
    // α = 0.99, eps = 1e-8, lr = 0.1, g = 1, −2, 0.5
    // v = 0.01·1 = 0.01,                sqrt = 0.1         p = 1 − 0.1/(0.1 + 1e-8)  ≈ 1e-7
    // v = 0.0099 + 0.01·4 = 0.0499,     sqrt = 0.2233831   p ≈ 1e-7 + 0.2/0.2233831  ≈ 0.8953230
    // v = 0.049401 + 0.0025 = 0.051901, sqrt = 0.2278179   p ≈ 0.8953230 − 0.05/0.2278179 ≈ 0.6758495
    double[] p = Steps.run(new RmsProp(0.99, 1e-8, 1));
    assertArrayEquals(new double[] {1e-7, 0.8953230, 0.6758495}, p, 1e-7);
    assertArrayEquals(
        new double[] {9.99999899553572e-08, 0.895323021991522, 0.6758495053504887}, p, 1e-15);
  }

  @Test
  void stateRestoresTheSquareAverage() {
    RmsProp first = new RmsProp(0.99, 1e-8, 1);
    double[] p = {1};
    first.step(p, new double[] {1}, 0.1);
    RmsProp second = new RmsProp(0.99, 1e-8, 1);
    second.restore(first.state());
    // (1 − 0.99)·1² = 0.01, up to the rounding of 1 − 0.99
    assertArrayEquals(new double[] {0.01}, second.state().buffers().get("square_avg"), 1e-15);
  }

  @Test
  void centeredSubtractsTheSquaredMeanGradient() {
    // centered: a ← α·a + (1 − α)·g, s = sqrt(v − a·a) + eps
    // v = 0.01, a = 0.01, s = sqrt(0.0099) + 1e-8 = 0.0994987   p = 1 − 0.1/0.0994987 ≈ −0.0050377
    double[] p = Steps.run(new RmsProp(0.99, 1e-8, 0, 0, true, false, 1));
    assertEquals(1 - 0.1 * 1 / (Math.sqrt(0.01 - 0.01 * 0.01) + 1e-8), p[0], 1e-15);
    // torch.optim.RMSprop(lr = 0.1, centered = True), float64
    assertArrayEquals(new double[] {-0.005037714249120917, 0.891201762428898, 0.6716753891514788}, p, 1e-15);
  }

  @Test
  void momentumAccumulatesTheScaledGradient() {
    // momentum 0.9: b ← 0.9·b + g/s, p ← p − lr·b
    // v = 0.01, s = 0.1 + 1e-8, b = 9.9999990   p = 1 − 0.99999990 = 1e-7
    RmsProp rmsprop = new RmsProp(0.99, 1e-8, 0, 0.9, false, false, 1);
    double[] p = Steps.run(rmsprop);
    assertEquals(1 - 0.1 * (1 / (0.1 + 1e-8)), p[0], 1e-15);
    // torch.optim.RMSprop(lr = 0.1, momentum = 0.9), float64
    assertArrayEquals(new double[] {9.999999027732188e-08, -0.004676888008486968, -0.2283596938571497}, p, 1e-15);
    assertArrayEquals(new double[] {2.236828058486627}, rmsprop.state().buffers().get("momentum_buffer"), 1e-15);
  }

  @Test
  void centeredMomentumWithWeightDecay() {
    // all three: g' = g + 0.5·p; t=1: g' = 1.5, v = 0.0225, a = 0.015, s = sqrt(0.0225 − 0.000225) + 1e-8,
    // b = 1.5/s, p = 1 − 0.1·b
    RmsProp rmsprop = new RmsProp(0.99, 1e-8, 0.5, 0.9, true, false, 1);
    double[] p = Steps.run(rmsprop);
    assertEquals(1 - 0.1 * (1.5 / (Math.sqrt(0.0225 - 0.015 * 0.015) + 1e-8)), p[0], 1e-15);
    // torch.optim.RMSprop(lr = 0.1, centered = True, momentum = 0.9, weight_decay = 0.5), float64
    assertArrayEquals(new double[] {-0.005037747919148805, -0.10759506001779956, -0.37662941834332786}, p, 1e-15);
    assertEquals(java.util.List.of("square_avg", "momentum_buffer", "grad_avg"),
        java.util.List.copyOf(rmsprop.state().buffers().keySet()));
    assertArrayEquals(new double[] {-0.0006614121522887847}, rmsprop.state().buffers().get("grad_avg"), 1e-15);
  }

  @Test
  void maximizeClimbs() {
    // the plain steps mirrored: 1 + 0.1/(0.1 + 1e-8) ≈ 1.9999999 first
    // torch.optim.RMSprop(lr = 0.1, maximize = True), float64
    assertArrayEquals(new double[] {1.9999999000000095, 1.1046769780084778, 1.324150494649511},
        Steps.run(new RmsProp(0.99, 1e-8, 0, 0, false, true, 1)), 1e-15);
  }
}

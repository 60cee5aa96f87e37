package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}

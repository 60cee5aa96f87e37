package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MomentumTest {

  @Test
  void firstThreeUpdates() {
    // β = 0.9, lr = 0.1, g = 1, −2, 0.5
    // b = 1 (the first gradient)          p = 1 − 0.1·1         = 0.9
    // b = 0.9·1 − 2 = −1.1                p = 0.9 + 0.11        = 1.01
    // b = 0.9·(−1.1) + 0.5 = −0.49        p = 1.01 + 0.049      = 1.059
    assertArrayEquals(
        new double[] {0.9, 1.01, 1.059}, Steps.run(new Momentum(0.9, false, 1)), 1e-15);
  }

  @Test
  void nesterovLooksAhead() {
    // d = g + β·b
    // b = 1,     d = 1 + 0.9           = 1.9      p = 1 − 0.19        = 0.81
    // b = −1.1,  d = −2 + 0.9·(−1.1)   = −2.99    p = 0.81 + 0.299    = 1.109
    // b = −0.49, d = 0.5 + 0.9·(−0.49) = 0.059    p = 1.109 − 0.0059  = 1.1031
    assertArrayEquals(
        new double[] {0.81, 1.109, 1.1031}, Steps.run(new Momentum(0.9, true, 1)), 1e-15);
  }

  @Test
  void stateRestoresTheBuffer() {
    Momentum before = new Momentum(0.9, false, 1);
    assertTrue(before.state().buffers().isEmpty(), "no buffer before the first step");
    double[] p = {1};
    before.step(p, new double[] {1}, 0.1);
    before.step(p, new double[] {-2}, 0.1);
    Momentum after = new Momentum(0.9, false, 1);
    after.restore(before.state());
    assertArrayEquals(new double[] {-1.1}, after.state().buffers().get("momentum_buffer"), 1e-15);
    after.step(p, new double[] {0.5}, 0.1);
    assertEquals(1.059, p[0], 1e-15);
  }
}

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

  @Test
  void dampeningScalesTheNewGradientAfterTheFirstStep() {
    // β = 0.9, dampening = 0.5: b ← β·b + 0.5·g, but b = g on the first step
    // b = 1                          p = 1 − 0.1         = 0.9
    // b = 0.9 − 1 = −0.1             p = 0.9 + 0.01      = 0.91
    // b = −0.09 + 0.25 = 0.16        p = 0.91 − 0.016    = 0.894    (torch: 0.894, buffer 0.16000000000000003)
    Momentum momentum = new Momentum(0.9, false, 0.5, 0, false, 1);
    assertArrayEquals(new double[] {0.9, 0.91, 0.894}, Steps.run(momentum), 1e-15);
    assertArrayEquals(new double[] {0.16}, momentum.state().buffers().get("momentum_buffer"), 1e-15);
  }

  @Test
  void nesterovWithWeightDecay() {
    // β = 0.9, nesterov, weight_decay = 0.5: g' = g + 0.5·p, b ← β·b + g', d = g' + β·b
    // g' = 1.5,        b = 1.5,      d = 2.85          p = 1 − 0.285            = 0.715
    // g' = −1.6425,    b = −0.2925,  d = −1.90575      p = 0.715 + 0.190575     = 0.905575
    // g' = 0.9527875,  b = 0.6895375, d = 1.57337125   p = 0.905575 − 0.157337125 = 0.748237875
    assertArrayEquals(new double[] {0.715, 0.905575, 0.748237875},
        Steps.run(new Momentum(0.9, true, 0, 0.5, false, 1)), 1e-15);
  }

  @Test
  void maximizeNegatesBeforeTheDecay() {
    // maximize, weight_decay = 0.5: g' = −g + 0.5·p
    // g' = −0.5,       b = −0.5        p = 1.05
    // g' = 2.525,      b = 2.075       p = 1.05 − 0.2075   = 0.8425
    // g' = −0.07875,   b = 1.78875     p = 0.8425 − 0.178875 = 0.663625   (torch: the same three)
    assertArrayEquals(new double[] {1.05, 0.8425, 0.663625},
        Steps.run(new Momentum(0.9, false, 0, 0.5, true, 1)), 1e-15);
  }
}

package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AdamWTest {

  @Test
  void firstThreeUpdates() {
    // decay 0.01, lr 0.1: p ← p·(1 − 0.001) first, then Adam's step (Δ as in AdamTest)
    // t=1: 1·0.999 = 0.999;                 − 0.1/(1 + 1e-8)   p ≈ 0.899000001
    // t=2: 0.899000001·0.999 = 0.8981010;   + 0.0366104        p ≈ 0.9347114
    // t=3: 0.9347114·0.999 = 0.9337766;     + 0.0136691        p ≈ 0.9474457
    double[] p = Steps.run(new AdamW(0.01, new Adam(0.9, 0.999, 1e-8, 1)));
    assertArrayEquals(new double[] {0.899000001, 0.9347114, 0.9474457}, p, 1e-7);
    assertArrayEquals(
        new double[] {0.8990000009999999, 0.9347113534710748, 0.9474457083193504}, p, 1e-15);
  }

  @Test
  void zeroGradientOnlyDecays() {
    AdamW adamw = new AdamW(0.5, new Adam(0.9, 0.999, 1e-8, 1));
    double[] p = {2};
    adamw.step(p, new double[] {0}, 0.1);
    // 2·(1 − 0.05) = 1.9, and Adam's step with m = 0 is 0
    assertEquals(1.9, p[0], 1e-15);
  }

  @Test
  void stateIsTaggedAdamw() {
    AdamW adamw = new AdamW(0.01, new Adam(0.9, 0.999, 1e-8, 1));
    Steps.run(adamw);
    assertEquals("adamw", adamw.state().kind());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Adam(0.9, 0.999, 1e-8, 1).restore(adamw.state()));
  }

  @Test
  void amsgradAndMaximize() {
    // decay 0.01, β2 = 0.5, amsgrad, maximize: p·(1 − 0.001) first, then Adam's mirrored step with u = max(u, v)
    // torch.optim.AdamW(lr = 0.1, betas = (0.9, 0.5), amsgrad = True, maximize = True), float64
    AdamW adamw = new AdamW(0.01, new Adam(0.9, 0.5, 1e-8, 0, true, true, 1));
    double[] p = Steps.run(adamw);
    assertEquals(0.999 + 0.1 * 1 / (1 + 1e-8), p[0], 1e-15);
    assertArrayEquals(new double[] {1.0989999990000001, 1.0644754572935304, 1.0521353846155366}, p, 1e-15);
    assertEquals(java.util.List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"),
        java.util.List.copyOf(adamw.state().buffers().keySet()));
  }
}

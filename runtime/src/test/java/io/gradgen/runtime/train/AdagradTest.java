package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AdagradTest {

  @Test
  void firstThreeUpdates() {
    // torch.optim.Adagrad(lr = 0.1): eps = 1e-10, s ← s + g·g, p ← p − lr·g/(sqrt(s) + eps)
    // s = 1      p = 1 − 0.1/(1 + 1e-10)                ≈ 0.9
    // s = 5      p ≈ 0.9 + 0.2/sqrt(5)     = 0.9 + 0.0894427   ≈ 0.9894427
    // s = 5.25   p ≈ 0.9894427 − 0.05/sqrt(5.25) = − 0.0218218 ≈ 0.9676209
    Adagrad adagrad = new Adagrad(0, 0, 1e-10, 0, false, 1);
    double[] p = Steps.run(adagrad);
    assertArrayEquals(new double[] {0.9, 0.9894427, 0.9676209}, p, 1e-7);
    // torch, float64
    assertArrayEquals(new double[] {0.90000000001, 0.9894427191059916, 0.9676209300833447}, p, 1e-15);
    assertArrayEquals(new double[] {5.25}, adagrad.state().buffers().get("sum"), 0.0);
    assertEquals(3, adagrad.state().step());
  }

  @Test
  void lrDecayAndInitialAccumulator() {
    // lr_decay = 0.5, initial_accumulator_value = 1: clr = 0.1/(1 + (t − 1)·0.5) = 0.1, 0.0666…, 0.05
    // s = 2      p = 1 − 0.1/sqrt(2)                   ≈ 0.9292893
    // s = 6      p ≈ 0.9292893 + (0.1/1.5)·2/sqrt(6)  = + 0.0544331 ≈ 0.9837224
    // s = 6.25   p ≈ 0.9837224 − 0.05·0.5/2.5         = − 0.01      ≈ 0.9737224
    double[] p = Steps.run(new Adagrad(0.5, 0, 1e-10, 1, false, 1));
    assertArrayEquals(new double[] {0.9292893, 0.9837224, 0.9737224}, p, 1e-7);
    assertArrayEquals(new double[] {0.9292893218863453, 0.9837224272793048, 0.9737224272797048}, p, 1e-15);
  }

  @Test
  void weightDecayAndMaximize() {
    // g' = −g + 0.5·p: g' = −0.5, s = 0.25, p = 1 + 0.1·0.5/(0.5 + 1e-10) ≈ 1.1
    double[] p = Steps.run(new Adagrad(0, 0.5, 1e-10, 0, true, 1));
    assertEquals(1 - 0.1 * -0.5 / (0.5 + 1e-10), p[0], 1e-15);
    // torch.optim.Adagrad(lr = 0.1, weight_decay = 0.5, maximize = True), float64
    assertArrayEquals(new double[] {1.09999999998, 1.0018686250160749, 1.0018326699709243}, p, 1e-15);
  }

  @Test
  void resumedStateContinuesExactly() {
    Adagrad whole = new Adagrad(0.5, 0, 1e-10, 1, false, 1);
    double[] p = {1};
    whole.step(p, new double[] {1}, 0.1);
    Adagrad resumed = new Adagrad(0.5, 0, 1e-10, 0, false, 1);
    resumed.restore(whole.state());
    double[] q = p.clone();
    whole.step(p, new double[] {-2}, 0.1);
    resumed.step(q, new double[] {-2}, 0.1);
    assertArrayEquals(p, q, 0.0, "the step count (lr_decay) and the sum come back");
  }
}

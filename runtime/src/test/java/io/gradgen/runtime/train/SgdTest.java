package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SgdTest {

  @Test
  void firstThreeUpdates() {
    // p ← p − 0.1·g: 1 − 0.1 = 0.9; 0.9 + 0.2 = 1.1; 1.1 − 0.05 = 1.05
    assertArrayEquals(new double[] {0.9, 1.1, 1.05}, Steps.run(new Sgd()), 1e-15);
  }

  @Test
  void updatesEveryParameterIndependently() {
    double[] p = {1, -1, 0};
    new Sgd().step(p, new double[] {10, 0, -4}, 0.5);
    // 1 − 5, −1 − 0, 0 + 2
    assertArrayEquals(new double[] {-4, -1, 2}, p);
  }

  @Test
  void stateCountsStepsAndRejectsAnotherKind() {
    Sgd sgd = new Sgd();
    Steps.run(sgd);
    assertEquals(3, sgd.state().step());
    Sgd restored = new Sgd();
    restored.restore(sgd.state());
    assertEquals(3, restored.state().step());
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> restored.restore(new OptimizerState("adam", 1, Map.of())));
    assertEquals("the saved optimizer state is for adam, not sgd", error.getMessage());
  }

  @Test
  void weightDecayAddsTheParamToTheGradient() {
    // torch.optim.SGD(lr = 0.1, weight_decay = 0.5): g' = g + 0.5·p
    // g' = 1 + 0.5          = 1.5       p = 1 − 0.15         = 0.85
    // g' = −2 + 0.425       = −1.575    p = 0.85 + 0.1575    = 1.0075
    // g' = 0.5 + 0.50375    = 1.00375   p = 1.0075 − 0.100375 = 0.907125   (torch: 0.9071250000000001)
    assertArrayEquals(new double[] {0.85, 1.0075, 0.907125}, Steps.run(new Sgd(0.5, false)), 1e-15);
  }

  @Test
  void maximizeClimbs() {
    // maximize = true: p ← p + lr·g: 1.1, 0.9, 0.95 (torch: 1.1, 0.9000000000000001, 0.9500000000000002)
    assertArrayEquals(new double[] {1.1, 0.9, 0.95}, Steps.run(new Sgd(0, true)), 1e-15);
  }
}

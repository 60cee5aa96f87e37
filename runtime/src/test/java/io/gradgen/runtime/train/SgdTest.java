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
}

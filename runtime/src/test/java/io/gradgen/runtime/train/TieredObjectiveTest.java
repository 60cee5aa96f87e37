package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.data.Dataset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TieredObjectiveTest {
  private static final Dataset ROWS = Lines.data(2000);

  // A second instance of the kernel stands in for the SIMD kernel: the same bits, as the real one's are.

  @Test
  void handsOverOnceTheFasterKernelIsWarmAndNothingChanges() throws Exception {
    AtomicInteger made = new AtomicInteger();
    TieredObjective tiered = TieredObjective.of(KernelObjective.of(new LinearKernel(), ROWS), () -> {
      made.incrementAndGet();
      return new LinearKernel();
    }, 100, 0);
    Objective plain = KernelObjective.of(new LinearKernel(), ROWS);
    double[] params = {0.5, -0.25};
    tiered.setParameters(params);
    plain.setParameters(params);
    for (int round = 0; round < 2000 && !tiered.simdTrains(); round++) {
      step(tiered, plain);
      Thread.sleep(round < 10 ? 0 : 1);
    }
    assertTrue(tiered.simdTrains(), "a kernel as fast as the scalar one takes over");
    step(tiered, plain);
    assertEquals(1, made.get(), "made once, in the background");
  }

  @Test
  void aShortRunNeverWarmsTheOtherKernel() {
    AtomicInteger made = new AtomicInteger();
    TieredObjective tiered = TieredObjective.of(KernelObjective.of(new LinearKernel(), ROWS), () -> {
      made.incrementAndGet();
      return new LinearKernel();
    }, 100, Long.MAX_VALUE / 4);
    tiered.expectRows(4000);
    for (int i = 0; i < 20; i++) {
      tiered.lossAndGradient(0, 200, new double[2]);
    }
    assertTrue(tiered.warmupOver(), "decided after 100 rows: 3,800 rows left are not worth a warm-up");
    assertFalse(tiered.simdTrains());
    assertEquals(0, made.get(), "never made");
  }

  @Test
  void aKernelThatCannotBeMadeLeavesTheScalarOneAlone() throws Exception {
    TieredObjective tiered = TieredObjective.of(KernelObjective.of(new LinearKernel(), ROWS), () -> {
      throw new IllegalStateException("does not compile");
    }, 10, 0);
    Objective plain = KernelObjective.of(new LinearKernel(), ROWS);
    for (int i = 0; i < 50 && !tiered.warmupOver(); i++) {
      step(tiered, plain);
      Thread.sleep(2);
    }
    assertTrue(tiered.warmupOver());
    assertFalse(tiered.simdTrains());
    step(tiered, plain);
  }

  /** One step's loss and gradient from both, bit for bit the same. */
  private static void step(Objective tiered, Objective plain) {
    double[] g1 = new double[2];
    double[] g2 = new double[2];
    assertEquals(Double.doubleToRawLongBits(plain.lossAndGradient(0, 500, g2)),
        Double.doubleToRawLongBits(tiered.lossAndGradient(0, 500, g1)));
    assertEquals(Double.doubleToRawLongBits(g2[0]), Double.doubleToRawLongBits(g1[0]));
    assertEquals(Double.doubleToRawLongBits(g2[1]), Double.doubleToRawLongBits(g1[1]));
    assertEquals(Double.doubleToRawLongBits(plain.loss(0, 2000)), Double.doubleToRawLongBits(tiered.loss(0, 2000)));
  }
}

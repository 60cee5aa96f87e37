package io.gradgen.runtime.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SimdTest {

  /** The build runs its tests as the launcher runs gradgen: with the module, SIMD on where the machine has AVX2. */
  @Test
  void statusSaysOnOrWhyNot() {
    String status = Simd.status();
    assertTrue(status.startsWith("on (") || status.startsWith("off ("), status);
    assertEquals(status.startsWith("on"), Simd.enabled());
    assertTrue(ModuleLayer.boot().findModule(Simd.MODULE).isPresent(), "tests run with --add-modules " + Simd.MODULE);
  }
}

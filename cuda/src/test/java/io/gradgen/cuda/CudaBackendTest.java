package io.gradgen.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradgen.Backend;
import io.gradgen.Backends;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The backend as the registry and the command line see it, on any machine: found by {@link
 * java.util.ServiceLoader}, accelerated, and, where no GPU is, unavailable with a reason of one
 * line, so that {@code --backend cuda} fails the run and {@code auto} is {@code java}.
 */
class CudaBackendTest {
  private static final CheckedModel CROP = Pipeline.check(Path.of("../samples/crop-yield.model"));

  @Test
  void theRegistryFindsItThroughTheServiceFile() {
    Backends backends = Backends.load(getClass().getClassLoader());
    Backend cuda = backends.named("cuda").orElseThrow();
    assertTrue(cuda instanceof CudaBackend);
    assertTrue(cuda.accelerated());
    assertEquals(java.util.List.of("java", "interpreted", "cuda", "auto"), backends.choices());
  }

  @Test
  void withoutAGpuItSaysWhyInOneLineAndAutoIsJava() {
    Optional<String> why = new CudaBackend().unavailable();
    System.out.println("CudaBackendTest: " + why.orElse("a CUDA GPU is present: " + CudaProbe.result().device()));
    assumeTrue(why.isPresent(), "a CUDA GPU is present here; this test is for machines without one");
    assertTrue(why.get().matches("no CUDA GPU available \\(.+\\)"), why.get());
    assertEquals(1, why.get().lines().count(), why.get());
    assertEquals(why, new CudaBackend().unavailable(), "asked once, the same answer after");
    Backends backends = Backends.load(getClass().getClassLoader());
    Backends.Refusal refusal = assertThrows(Backends.Refusal.class, () -> backends.choose("cuda", CROP, Precision.F64));
    assertEquals(Backends.Refusal.Reason.UNAVAILABLE, refusal.reason());
    assertEquals(why.get(), refusal.getMessage());
    assertEquals("java", backends.choose("auto", CROP, Precision.F64).name());
  }

  @Test
  void autoExpectsAGainOnlyFromALargeDataFile() {
    CudaBackend cuda = new CudaBackend();
    assertFalse(cuda.gains(CROP, Precision.F32), "crop-yield.csv is a few hundred bytes");
    assertFalse(cuda.gains(Pipeline.check(Path.of("../samples/cubic.model")), Precision.F64), "no data");
  }

  @Test
  void preparingEmitsThePtxWithoutTouchingTheDevice() {
    CudaModel model = CudaModel.prepare(CROP, Precision.F32);
    assertEquals(Precision.F32, model.layout().precision());
    assertTrue(model.module().text().contains(".entry loss_grad("));
    assertTrue(model.compileSeconds() >= 0);
  }
}

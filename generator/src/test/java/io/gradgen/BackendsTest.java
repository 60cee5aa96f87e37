package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.CheckedModel;
import io.gradgen.check.Checker;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry: the built-ins first, backends from other modules found with {@link
 * java.util.ServiceLoader}, names chosen in one place and {@code auto} as its rule. The test
 * backends below stand in for a {@code cuda} module: a class path with a {@code
 * META-INF/services/io.gradgen.Backend} file naming them.
 */
class BackendsTest {
  private static final CheckedModel CUBIC = Checker.check(
      ModelReader.parse("model Cubic\nparam a = 5\nparam b = 6\nloss a^3 - b^2\n", "cubic.model"), Path.of("cubic.model"));

  @Test
  void theBuiltInsComeFirstAndAutoLast() {
    Backends backends = Backends.installed();
    assertEquals(List.of("java", "interpreted", "auto"), backends.choices());
    assertEquals("java", backends.java().name());
    assertEquals("interpreted", backends.interpreted().name());
  }

  @Test
  void withoutAGpuBackendAutoIsJava() {
    assertSame(Backends.installed().java(), Backends.installed().choose("auto", CUBIC, Precision.F64));
  }

  @Test
  void namesThatChooseNothingSayWhy() {
    Backends.Refusal unknown = assertThrows(Backends.Refusal.class,
        () -> Backends.installed().choose("gpu", CUBIC, Precision.F64));
    assertEquals(Backends.Refusal.Reason.UNKNOWN, unknown.reason());
    assertEquals("unknown backend 'gpu'; expected java, interpreted or auto", unknown.getMessage());
    Backends.Refusal cuda = assertThrows(Backends.Refusal.class,
        () -> Backends.installed().choose("cuda", CUBIC, Precision.F64));
    assertEquals(Backends.Refusal.Reason.NOT_IN_BUILD, cuda.reason());
    assertEquals("no CUDA GPU backend in this build", cuda.getMessage());
  }

  /** One check, every backend: the same loss and gradient of the cubic at (5, 6). */
  @ParameterizedTest
  @ValueSource(strings = {"java", "interpreted"})
  void everyBuiltInGivesTheSameGradient(String name) {
    PreparedModel model = Backends.installed().choose(name, CUBIC, Precision.F64).prepare(CUBIC, Precision.F64);
    Objective objective = model.objective(Dataset.none());
    objective.setParameters(model.initialParams(0));
    double[] gradient = new double[2];
    assertEquals(89.0, objective.lossAndGradient(0, objective.rows(), gradient));
    assertArrayEquals(new double[] {75, -12}, gradient);
    assertEquals("Cubic", model.layout().modelName());
    assertTrue(model.compileSeconds() >= 0);
  }

  /** java and interpreted give Hessian-vector products when asked; a backend that has none refuses at the loss. */
  @Test
  void secondOrderIsAskedForAndRefusedWhereThereIsNone() {
    for (Backend backend : List.of(Backends.installed().java(), Backends.installed().interpreted())) {
      Objective objective = backend.prepareWithHessian(CUBIC, Precision.F64).objective(Dataset.none());
      assertTrue(objective.hasHessianVectorProducts(), backend.name());
      objective.setParameters(new double[] {5, 6});
      double[] product = new double[2];
      objective.lossGradientAndHessianVector(0, 1, new double[] {1, 1}, new double[2], product);
      assertArrayEquals(new double[] {30, -2}, product, 1e-12, backend.name());
    }
    assertTrue(!Backends.installed().java().prepare(CUBIC, Precision.F64).objective(Dataset.none())
        .hasHessianVectorProducts());
    io.gradgen.parse.ModelException refusal = assertThrows(io.gradgen.parse.ModelException.class,
        () -> new FakeGpu().prepareWithHessian(CUBIC, Precision.F64));
    assertEquals("cubic.model:4:1: error: the fake-gpu backend computes no Hessian-vector products (the newton"
        + " optimizer, gradgen hessian and check --hessian need them); use --backend java or interpreted",
        refusal.getMessage());
  }

  @Test
  void theInterpreterComputesInF64WhateverIsAsked() {
    assertEquals(Precision.F64, Backends.installed().interpreted().prepare(CUBIC, Precision.F32).layout().precision());
    assertEquals(Precision.F32, Backends.installed().java().prepare(CUBIC, Precision.F32).layout().precision());
  }

  @Test
  void aModuleAddsBackendsThroughServiceLoader(@TempDir Path dir) throws IOException {
    Backends backends = withServices(dir, FakeGpu.class, Slow.class);
    assertEquals(List.of("java", "interpreted", "fake-gpu", "slow", "auto"), backends.choices());
    assertEquals("fake-gpu", backends.choose("fake-gpu", CUBIC, Precision.F64).name());
    assertEquals("fake-gpu", backends.choose("auto", CUBIC, Precision.F64).name(), "an accelerated backend that gains");
    assertEquals("java", backends.auto(Checker.check(ModelReader.parse("model Tiny\nparam a = 1\nloss a^2\n",
        "tiny.model"), Path.of("tiny.model")), Precision.F64).name(), "no gain on a one-param model");
    Backends.Refusal refusal = assertThrows(Backends.Refusal.class, () -> backends.choose("slow", CUBIC, Precision.F64));
    assertEquals(Backends.Refusal.Reason.UNAVAILABLE, refusal.reason());
    assertEquals("no slow device here", refusal.getMessage());
  }

  @Test
  void aBackendUnavailableHereIsNeverChosenByAuto(@TempDir Path dir) throws IOException {
    Backends backends = withServices(dir, Slow.class);
    assertEquals("java", backends.choose("auto", CUBIC, Precision.F64).name());
  }

  @Test
  void twoBackendsOfOneNameAreAnError(@TempDir Path dir) throws IOException {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> withServices(dir, Impostor.class));
    assertTrue(e.getMessage().startsWith("two backends are named 'java': "), e.getMessage());
  }

  private static Backends withServices(Path dir, Class<?>... providers) throws IOException {
    Path services = Files.createDirectories(dir.resolve("META-INF/services"));
    StringBuilder names = new StringBuilder();
    for (Class<?> provider : providers) {
      names.append(provider.getName()).append('\n');
    }
    Files.writeString(services.resolve(Backend.class.getName()), names);
    URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, BackendsTest.class.getClassLoader());
    return Backends.load(loader);
  }

  /** A GPU that is always there and gains on any model of two params or more; it runs the Java kernel. */
  public static final class FakeGpu implements Backend {
    @Override
    public String name() {
      return "fake-gpu";
    }

    @Override
    public String description() {
      return "a stand-in GPU";
    }

    @Override
    public boolean accelerated() {
      return true;
    }

    @Override
    public boolean gains(CheckedModel model, Precision precision) {
      return model.layout().parameterCount() >= 2;
    }

    @Override
    public PreparedModel prepare(CheckedModel model, Precision precision) {
      return Gradgen.compile(model, precision);
    }
  }

  /** An accelerated backend whose device is missing. */
  public static final class Slow implements Backend {
    @Override
    public String name() {
      return "slow";
    }

    @Override
    public String description() {
      return "a device that is not here";
    }

    @Override
    public boolean accelerated() {
      return true;
    }

    @Override
    public Optional<String> unavailable() {
      return Optional.of("no slow device here");
    }

    @Override
    public boolean gains(CheckedModel model, Precision precision) {
      return true;
    }

    @Override
    public PreparedModel prepare(CheckedModel model, Precision precision) {
      throw new AssertionError("never prepared");
    }
  }

  /** A second backend named java. */
  public static final class Impostor implements Backend {
    @Override
    public String name() {
      return "java";
    }

    @Override
    public String description() {
      return "not the real one";
    }

    @Override
    public PreparedModel prepare(CheckedModel model, Precision precision) {
      throw new AssertionError("never prepared");
    }
  }
}

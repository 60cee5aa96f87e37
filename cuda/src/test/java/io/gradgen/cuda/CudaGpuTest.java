package io.gradgen.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code cuda} backend on a real GPU, against the Java kernel of the same model and precision,
 * on every sample: the loss and gradient over all rows (f64 to 1e-12 relative, f32 to 1e-3, as
 * {@code PtxAgreementTest} on the interpreter), the same bits from two runs, predictions, and a
 * whole training reaching the Java backend's parameters (f64 to 1e-9 relative, f32 to 1e-3).
 * Skipped, with the reason, where no GPU is: everywhere but a GPU machine.
 */
class CudaGpuTest {
  @BeforeAll
  static void sayWhere() {
    String why = new CudaBackend().unavailable().orElse(null);
    System.out.println("CudaGpuTest: " + (why == null ? "running on " + CudaProbe.result().device() : "SKIPPED, " + why));
  }

  @BeforeEach
  void needsAGpu() {
    String why = new CudaBackend().unavailable().orElse(null);
    assumeTrue(why == null, () -> "SKIPPED: " + why);
  }

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("../samples"))) {
      return files.filter(path -> path.toString().endsWith(".model")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void theGpuAgreesWithTheJavaKernel(Path sample) {
    CheckedModel checked = Pipeline.check(sample);
    for (Precision precision : Precision.values()) {
      String name = sample.getFileName() + " " + precision;
      double tolerance = precision == Precision.F64 ? 1e-12 : 1e-3;
      CompiledModel java = Gradgen.compile(checked, precision);
      Dataset data = java.layout().hasInputs() ? DataLoader.read(java.dataFile(), java.layout()) : Dataset.none();
      Objective expected = java.objective(data);
      CudaModel gpu = CudaModel.prepare(checked, precision);
      try (CudaObjective actual = (CudaObjective) gpu.objective(data)) {
        double[] params = java.initialParams(0);
        expected.setParameters(params);
        actual.setParameters(params);
        int rows = expected.rows();
        double[] g1 = new double[params.length];
        double[] g2 = new double[params.length];
        double[] g3 = new double[params.length];
        double l1 = expected.lossAndGradient(0, rows, g1);
        double l2 = actual.lossAndGradient(0, rows, g2);
        double l3 = actual.lossAndGradient(0, rows, g3);
        assertClose(name + " loss", new double[] {l1}, new double[] {l2}, tolerance);
        assertClose(name + " gradient", g1, g2, tolerance);
        assertEquals(Double.doubleToRawLongBits(l2), Double.doubleToRawLongBits(l3), name + " loss bits, twice");
        assertArrayEquals(g2, g3, 0.0, name + " gradient bits, twice");
        if (java.layout().hasOutput()) {
          double[] a = new double[java.layout().outputSize()];
          double[] b = new double[a.length];
          for (int row = 0; row < Math.min(rows, 50); row++) {
            expected.predict(row, a);
            actual.predict(row, b);
            assertClose(name + " predict row " + row, a, b, tolerance);
          }
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void trainingReachesTheJavaBackendsParams(Path sample) {
    CheckedModel checked = Pipeline.check(sample);
    Precision precision = checked.training().precision();
    CompiledModel java = Gradgen.compile(checked, precision);
    Dataset data = java.layout().hasInputs() ? DataLoader.read(java.dataFile(), java.layout()) : Dataset.none();
    TrainingResult expected = new Trainer(checked.training(), 1).train(java.objective(data), java.initialParams(0), null, null);
    CudaModel gpu = CudaModel.prepare(checked, precision);
    try (CudaObjective objective = (CudaObjective) gpu.objective(data)) {
      TrainingResult actual = new Trainer(checked.training(), 1).train(objective, java.initialParams(0), null, null);
      assertEquals(expected.stopped(), actual.stopped(), sample.toString());
      if (Double.isFinite(expected.loss())) {
        assertClose(sample + " params", expected.params(), actual.params(), precision == Precision.F64 ? 1e-9 : 1e-3);
      }
    }
  }

  static void assertClose(String what, double[] expected, double[] actual, double tolerance) {
    double largest = 0;
    for (double value : expected) {
      largest = Math.max(largest, Double.isFinite(value) ? Math.abs(value) : 0);
    }
    for (int i = 0; i < expected.length; i++) {
      double a = expected[i];
      double b = actual[i];
      if (a == b || Double.isNaN(a) && Double.isNaN(b)) {
        continue;
      }
      double scale = Math.max(Math.max(Math.abs(a), Math.abs(b)), largest * 1e-3);
      assertTrue(Math.abs(a - b) <= tolerance * scale, what + "[" + i + "]: Java " + a + ", GPU " + b);
    }
  }

}

package io.gradgen.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.emit.ptx.PtxEmitter;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataException;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code cuda} backend's host code, whole, on the reference PTX interpreter instead of a GPU
 * ({@link InterpretedDevice}): data uploaded once, params uploaded, {@code loss_grad} and {@code
 * reduce} launched with their arguments in order and their grids, sums copied back, {@code arrange}
 * for shuffled epochs, predictions, the class-index check through the Java twin, the trainer's
 * threads sharing the device, and everything freed at close. What this cannot check is the CUDA
 * driver itself: that is {@link CudaGpuTest}'s, on a GPU.
 */
class CudaObjectiveTest {
  /** A sample on the interpreter beside its Java objective, both at the sample's initial params. */
  record Pair(CompiledModel java, Dataset data, Objective expected, InterpretedDevice device, CudaObjective gpu,
      double[] params) {}

  static Pair open(CheckedModel checked, Dataset given, Precision precision) {
    CompiledModel java = Gradgen.compile(checked, precision);
    Dataset data = given != null ? given
        : java.layout().hasInputs() ? DataLoader.read(java.dataFile(), java.layout()) : Dataset.none();
    InterpretedDevice device = new InterpretedDevice(PtxEmitter.emit(Pipeline.gradientGraph(checked), java.layout()));
    CudaObjective gpu = CudaObjective.open(device, java.layout(), data, () -> java.objective(data));
    Objective expected = java.objective(data);
    double[] params = java.initialParams(3);
    for (int i = 0; i < params.length; i++) {
      params[i] += 0.25 * Math.sin(i + 1.0);
    }
    expected.setParameters(params);
    gpu.setParameters(params);
    return new Pair(java, data, expected, device, gpu, params);
  }

  static CheckedModel sample(String name) {
    return Pipeline.check(Path.of("../samples/" + name + ".model"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({"crop-yield, F64", "crop-yield, F32", "line-fit, F64", "line-fit, F32", "cubic, F64", "linear-solve, F64",
      "l1-line, F32"})
  void lossGradientAndPredictionsAgreeWithTheJavaKernel(String name, Precision precision) {
    Pair pair = open(sample(name), null, precision);
    double tolerance = precision == Precision.F64 ? 1e-12 : 1e-3;
    try (CudaObjective gpu = pair.gpu()) {
      int rows = gpu.rows();
      assertEquals(pair.expected().rows(), rows);
      for (int[] range : new int[][] {{0, rows}, {rows / 3, rows}, {0, 0}}) {
        double[] a = new double[pair.params().length];
        double[] b = new double[a.length];
        double[] c = new double[a.length];
        double la = pair.expected().lossAndGradient(range[0], range[1], a);
        double lb = gpu.lossAndGradient(range[0], range[1], b);
        double lc = gpu.lossAndGradient(range[0], range[1], c);
        String what = name + " " + precision + " rows " + range[0] + ".." + range[1];
        CudaGpuTest.assertClose(what + " loss", new double[] {la}, new double[] {lb}, tolerance);
        CudaGpuTest.assertClose(what + " gradient", a, b, tolerance);
        assertEquals(lb, lc, 0.0, what + ": the same bits twice");
        assertArrayEquals(b, c, 0.0, what + ": the same bits twice");
        CudaGpuTest.assertClose(what + " loss()", new double[] {pair.expected().loss(range[0], range[1])},
            new double[] {gpu.loss(range[0], range[1])}, tolerance);
      }
      if (pair.java().layout().hasOutput()) {
        double[] a = new double[pair.java().layout().outputSize()];
        double[] b = new double[a.length];
        for (int row = 0; row < Math.min(rows, 5); row++) {
          pair.expected().predict(row, a);
          gpu.predict(row, b);
          CudaGpuTest.assertClose(name + " predict row " + row, a, b, tolerance);
        }
      }
    }
    assertEquals(0, pair.device().allocations(), "every buffer freed at close");
  }

  /** Shuffled mini-batches: the device's rows arranged as the Java objective's are, epoch after epoch. */
  @Test
  void shuffledTrainingReachesTheJavaBackendsParams() {
    CheckedModel checked = sample("crop-yield");
    TrainingConfig config = checked.training().withEpochs(4);
    Pair pair = open(checked, null, Precision.F64);
    try (CudaObjective gpu = pair.gpu()) {
      double[] start = pair.java().initialParams(0);
      TrainingResult expected = new Trainer(config, 1).train(pair.expected(), start.clone(), null, null);
      TrainingResult actual = new Trainer(config, 1).train(gpu, start.clone(), null, null);
      assertEquals(expected.steps(), actual.steps());
      CudaGpuTest.assertClose("crop-yield params", expected.params(), actual.params(), 1e-9);
      CudaGpuTest.assertClose("crop-yield loss", new double[] {expected.loss()}, new double[] {actual.loss()}, 1e-9);
      assertTrue(pair.device().launches.stream().anyMatch(launch -> launch.startsWith("arrange@")),
          pair.device().launches.toString());
    }
  }

  /** Full batches of 1,500 rows: the trainer's chunks on two threads, each with its copy, on one device. */
  @Test
  void twoTrainerThreadsShareTheDeviceAndGiveTheSameBitsAsOne() {
    CheckedModel checked = sample("make-regression");
    TrainingConfig config = checked.training().withEpochs(2);
    Pair one = open(checked, null, Precision.F64);
    Pair two = open(checked, null, Precision.F64);
    try (CudaObjective a = one.gpu(); CudaObjective b = two.gpu()) {
      double[] start = one.java().initialParams(0);
      TrainingResult expected = new Trainer(config, 1).train(one.expected(), start.clone(), null, null);
      TrainingResult single = new Trainer(config, 1).train(a, start.clone(), null, null);
      TrainingResult threaded = new Trainer(config, 2).train(b, start.clone(), null, null);
      assertArrayEquals(single.params(), threaded.params(), 0.0);
      CudaGpuTest.assertClose("make-regression params", expected.params(), single.params(), 1e-12);
    }
  }

  @Test
  void aBadClassIndexIsNamedAtItsRowAsTheJavaBackendNamesIt() {
    CheckedModel checked = TestModels.check("""
        model Pick
        input x[3]
        target k
        param W[4,3] = randn(seed = 1)
        loss softmax_ce(W @ x, k)
        """);
    double[] values = {0.5, 0.25, 1, 3, 1, 2, 3, 7, 0.1, 0.2, 0.3, 0};
    for (Precision precision : Precision.values()) {
      Pair pair = open(checked, new Dataset("rows.csv", 3, 4, values), precision);
      try (CudaObjective gpu = pair.gpu()) {
        DataException java = assertThrows(DataException.class, () -> pair.expected().loss(0, 3));
        DataException cuda = assertThrows(DataException.class, () -> gpu.loss(0, 3));
        assertEquals(java.getMessage(), cuda.getMessage());
        assertTrue(cuda.getMessage().startsWith("rows.csv: error: row 2: a class index is 7"),
            cuda.getMessage());
        assertThrows(DataException.class, () -> gpu.lossAndGradient(0, 3, new double[pair.params().length]));
        double[] gradient = new double[pair.params().length];
        assertTrue(Double.isFinite(gpu.lossAndGradient(0, 1, gradient)), "the rows before it are fine");
      }
    }
  }

  @Test
  void aNonFiniteLossWithoutABadIndexStandsForTheTrainerToReport() {
    CheckedModel checked = TestModels.check("""
        model Blow
        input x
        target y
        param a = 1
        loss exp(a * x) - y
        """);
    Pair pair = open(checked, new Dataset("rows.csv", 2, 2, new double[] {1000, 0, 1, 0}), Precision.F64);
    try (CudaObjective gpu = pair.gpu()) {
      assertEquals(Double.POSITIVE_INFINITY, gpu.loss(0, 2));
    }
  }
}

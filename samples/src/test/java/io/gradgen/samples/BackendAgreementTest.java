package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.GradientAgreement;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.parse.ast.TrainBlock;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.OptimizerSpec;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample (found by listing {@code samples/*.model}) trained in f64 by the generated kernel
 * and by the interpreted autograd ends at the same params: each element within a relative error of
 * 1e-9 ({@link GradientAgreement#relativeError}), with the same number of epochs and the same
 * reason to stop, divergence included. A sample without a {@code train} block is a formula to
 * differentiate, not a model to fit: there the two gradients at the initial values agree instead.
 */
class BackendAgreementTest {
  static final Path SAMPLES = Path.of(System.getProperty("user.dir"));

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      List<Path> models = files.filter(f -> f.getFileName().toString().endsWith(".model")).sorted().toList();
      assertTrue(models.size() >= 2, "samples found: " + models);
      return models.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void interpretedBackendReachesTheSameParams(Path sample) {
    CheckedModel checked = Pipeline.check(sample);
    // newton steps on Hessian-vector products, which a kernel has only when asked for them.
    CompiledModel model = checked.training().optimizer().kind() == OptimizerSpec.Kind.NEWTON
        ? Gradgen.compileWithHessian(checked, Precision.F64)
        : Gradgen.compile(checked, Precision.F64);
    Dataset data = Dataset.none();
    if (model.layout().hasInputs()) {
      assertNotNull(model.dataFile(), sample + " reads inputs but names no data file");
      data = DataLoader.read(model.dataFile(), model.layout());
    }
    Objective generated = model.objective(data);
    Objective interpreted = InterpretedObjective.of(checked, model.layout(), data);
    double[] start = model.initialParams(0);
    boolean trains = Pipeline.parse(sample).declarations().stream().anyMatch(d -> d instanceof TrainBlock);
    if (!trains) {
      double[] g1 = new double[start.length];
      double[] g2 = new double[start.length];
      generated.setParameters(start);
      interpreted.setParameters(start);
      generated.lossAndGradient(0, generated.rows(), g1);
      interpreted.lossAndGradient(0, interpreted.rows(), g2);
      assertAgree(sample + " gradient", g1, g2);
      return;
    }
    TrainingResult viaKernel = new Trainer(model.training(), 1).train(generated, start, null, null);
    TrainingResult viaTape = new Trainer(model.training(), 1).train(interpreted, start, null, null);
    assertEquals(viaKernel.stopped(), viaTape.stopped(), sample.toString());
    assertEquals(viaKernel.epochs(), viaTape.epochs(), sample.toString());
    assertEquals(viaKernel.divergedEpoch(), viaTape.divergedEpoch(), sample.toString());
    assertAgree(sample + " params after training", viaKernel.params(), viaTape.params());
  }

  private static void assertAgree(String what, double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double error = GradientAgreement.relativeError(expected[i], actual[i]);
      assertTrue(error < 1e-9,
          what + ": element " + i + " generated " + expected[i] + " vs interpreted " + actual[i] + " (" + error + ")");
    }
  }
}

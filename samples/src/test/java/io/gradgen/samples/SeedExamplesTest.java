package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Trainer;
import io.gradgen.runtime.train.TrainingResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The seed examples of SEED-EXAMPLES.md, each against its published outcome. */
class SeedExamplesTest {
  private static final Path SAMPLES = Path.of(System.getProperty("user.dir"));

  /** Example 1: y = a³ − b² at a = 5, b = 6 has dy/da = 75, dy/db = −12 (exact). */
  @Test
  void gradientOfAFormula() {
    CompiledModel cubic = Gradgen.compile(SAMPLES.resolve("cubic.model"));
    Objective objective = cubic.objective(io.gradgen.runtime.data.Dataset.none());
    double[] params = cubic.initialParams(0);
    objective.setParameters(params);
    double[] gradient = new double[2];
    assertEquals(89, objective.lossAndGradient(0, 1, gradient), 0);
    assertEquals(75, gradient[0], 0);
    assertEquals(-12, gradient[1], 0);
  }

  /**
   * Example 5: crop yields, batch 3, shuffled, lr 1e-5 on raw features: the loss falls steadily
   * (every tenth epoch lower than the one before) and ends far below where it started.
   */
  @Test
  void cropYieldsLossFallsSteadily() {
    CompiledModel crop = Gradgen.compile(SAMPLES.resolve("crop-yield.model"));
    Objective objective = crop.objective(DataLoader.read(crop.dataFile(), crop.layout()));
    TrainingResult result = new Trainer(crop.training(), 2).train(objective, crop.initialParams(0), null, null);
    assertEquals(TrainingResult.Stopped.EPOCHS, result.stopped());
    assertEquals(100, result.epochs());
    assertEquals(500, result.steps());
    double first = result.history().get(0).trainLoss();
    for (int epoch = 19; epoch < 100; epoch += 10) {
      assertTrue(result.history().get(epoch).trainLoss() < result.history().get(epoch - 10).trainLoss(),
          "loss rose between epochs " + (epoch - 9) + " and " + (epoch + 1));
    }
    assertTrue(result.loss() < first / 5, "final loss " + result.loss() + " vs first epoch " + first);
  }
}

package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.TrainingConfig;
import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Seed example 2, {@code minimize.model}: f(x) = (x − 2)² + 1 from x₀ = 0. Gradient descent
 * multiplies the distance to 2 by (1 − 2·lr) each step, so lr 0.1 gives x → 2 and f → 1 (to
 * 1e-8 and 1e-12 after 100 steps), 0.3 gets there faster, 0.01 slower, and any rate above 1 makes
 * the distance grow until the loss overflows.
 */
class MinimizeTest {
  private final Samples.Sample sample = Samples.load("minimize.model");

  @Test
  void reachesTheMinimumAtTwoWithValueOne() {
    TrainingResult result = sample.train();
    assertEquals(TrainingResult.Stopped.EPOCHS, result.stopped());
    assertEquals(100, result.steps());
    assertEquals(2, result.params()[0], 1e-8);
    assertEquals(1, result.loss(), 1e-12);
  }

  @Test
  void aLargerRateGetsThereFasterAndASmallerOneSlower() {
    TrainingConfig long1000 = Samples.withEpochs(sample.config(), 1000);
    int at01 = Samples.epochsToReach(sample.train(Samples.withLr(long1000, 0.1)).history(), 1, 1e-6);
    int at03 = Samples.epochsToReach(sample.train(Samples.withLr(long1000, 0.3)).history(), 1, 1e-6);
    int at001 = Samples.epochsToReach(sample.train(Samples.withLr(long1000, 0.01)).history(), 1, 1e-6);
    assertTrue(at03 > 0 && at01 > 0 && at001 > 0, at03 + " " + at01 + " " + at001);
    assertTrue(at03 < at01, "lr 0.3 took " + at03 + " epochs, lr 0.1 " + at01);
    assertTrue(at01 < at001, "lr 0.1 took " + at01 + " epochs, lr 0.01 " + at001);
  }

  @Test
  void aTooLargeRateDivergesAndTheTrainerSaysWhen() {
    TrainingResult result = sample.train(Samples.withEpochs(Samples.withLr(sample.config(), 1.1), 5000));
    assertEquals(TrainingResult.Stopped.DIVERGED, result.stopped());
    assertTrue(result.divergedEpoch() > 1000 && result.divergedEpoch() < 5000, "" + result.divergedEpoch());
    assertTrue(Double.isFinite(result.params()[0]));
    assertTrue(Math.abs(result.params()[0]) > 1e150, "the distance grew by 1.2 a step: " + result.params()[0]);
  }

  @Test
  void theCommandExitsOneNamingTheEpoch() {
    int epoch = sample.train(Samples.withEpochs(Samples.withLr(sample.config(), 1.1), 5000)).divergedEpoch();
    Samples.Run run = Samples.cli("train", Samples.path("minimize.model"), "--lr", "1.1", "--epochs", "5000", "--quiet");
    assertEquals(1, run.status());
    assertTrue(run.err().contains("error: training diverged in epoch " + epoch + ":"), run.err());
    assertTrue(run.out().contains("stopped: diverged"), run.out());
  }

  @Test
  void theCommandPrintsTheMinimum() {
    Samples.Run run = Samples.cli("train", Samples.path("minimize.model"), "--quiet");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().startsWith("loss: 1\n"), run.out());
    assertTrue(run.out().contains("  x: 2\n"), run.out());
  }
}

package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.TrainingResult;
import org.junit.jupiter.api.Test;

/**
 * Seed example 11, {@code clipping.model}: f(x) = (x − 2)² + (x − 2)⁴ from x = 10, SGD lr 0.1.
 * Without clipping the first step lands at x = −196.4, the next ones at about 3e6, −1e19, 7e56 and
 * 1e170, and the sixth epoch's loss overflows: training stops as diverged at epoch 6. With {@code
 * clip 1} every step moves x by at most 0.1 until the slope is gentle; the loss never rises, stays
 * finite, and x reaches 2 (to 1e-9) in 200 steps.
 */
class ClippingTest {
  private final Samples.Sample sample = Samples.load("clipping.model");

  @Test
  void withoutClippingTrainingBlowsUp() {
    TrainingResult result = sample.train(Samples.withClip(sample.config(), null));
    assertEquals(TrainingResult.Stopped.DIVERGED, result.stopped());
    assertEquals(6, result.divergedEpoch());
    assertTrue(Math.abs(result.params()[0]) > 1e6, "" + result.params()[0]);
  }

  @Test
  void withClippingItStaysFiniteAndConverges() {
    TrainingResult result = sample.train();
    assertEquals(TrainingResult.Stopped.EPOCHS, result.stopped());
    assertEquals(2, result.params()[0], 1e-9);
    assertEquals(0, result.loss(), 1e-15);
    for (int i = 1; i < result.history().size(); i++) {
      EpochRecord record = result.history().get(i);
      assertTrue(Double.isFinite(record.trainLoss()));
      assertTrue(record.trainLoss() <= result.history().get(i - 1).trainLoss(), "loss rose at epoch " + record.epoch());
    }
  }

  @Test
  void clippedStepsAreAtMostTheRateTimesTheNorm() {
    TrainingResult first = sample.train(Samples.withEpochs(sample.config(), 1));
    // clip_grad_norm_ scales by max_norm / (norm + 1e-6): the step is a hair under lr·1 = 0.1.
    assertEquals(9.9, first.params()[0], 1e-9);
    assertTrue(first.params()[0] > 9.9);
  }
}

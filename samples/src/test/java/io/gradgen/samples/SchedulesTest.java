package io.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.ScheduleSpec;
import io.gradgen.runtime.train.TrainingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed example 10, {@code schedules.model}: stochastic descent (batch 1, shuffled) on the line-fit
 * data, lr 0.2, 40 epochs. With a constant rate the epoch loss keeps bouncing at the noise level the
 * rate allows. Step decay ({@code step(10, 0.5)}: 0.2, 0.1, 0.05, 0.025 for ten epochs each) lowers
 * that level with each halving, and ends lower than the constant rate. SGDR ({@code sgdr(5, 2)}:
 * periods of 5, 10, 20 epochs, restarts at epochs 6, 16 and 36) anneals the rate to near 0 within
 * each period, so the loss ends each period lower than it began, and every restart back to 0.2
 * raises the loss again.
 */
class SchedulesTest {
  private final Samples.Sample sample = Samples.load("schedules.model");

  @Test
  void stepDecayHalvesTheRateEveryTenEpochs() {
    List<EpochRecord> history = sample.train().history();
    for (EpochRecord record : history) {
      double expected = 0.2 * Math.pow(0.5, (record.epoch() - 1) / 10);
      assertEquals(expected, record.learningRate(), 1e-15, "epoch " + record.epoch());
    }
  }

  @Test
  void stepDecayEndsBelowTheConstantRate() {
    TrainingResult step = sample.train();
    TrainingResult constant = sample.train(Samples.withSchedule(sample.config(), ScheduleSpec.constant()));
    assertTrue(step.loss() < constant.loss(), "step " + step.loss() + ", constant " + constant.loss());
    double early = mean(step.history(), 2, 10);
    double late = mean(step.history(), 31, 40);
    assertTrue(late < early * 0.9, "epochs 2-10 " + early + ", epochs 31-40 " + late);
    assertTrue(late < mean(constant.history(), 31, 40), "constant rate's last ten epochs");
  }

  @Test
  void sgdrRestartsAfterFiveTenAndTwentyEpochs() {
    List<EpochRecord> history = sample.train(Samples.withSchedule(sample.config(), ScheduleSpec.sgdr(5, 2))).history();
    int[] restarts = {1, 6, 16, 36};
    for (int start : restarts) {
      assertEquals(0.2, history.get(start - 1).learningRate(), 1e-15, "epoch " + start);
    }
    for (int i = 1; i < history.size(); i++) {
      int epoch = i + 1;
      boolean restart = java.util.Arrays.stream(restarts).anyMatch(r -> r == epoch);
      double before = history.get(i - 1).learningRate();
      double now = history.get(i).learningRate();
      assertTrue(restart ? now > before : now < before, "epoch " + epoch + ": " + before + " then " + now);
    }
    assertEquals(0.2 * (1 + Math.cos(Math.PI * 3 / 10)) / 2, history.get(8).learningRate(), 1e-15);
  }

  @Test
  void eachSgdrRestartRaisesTheLoss() {
    List<EpochRecord> history = sample.train(Samples.withSchedule(sample.config(), ScheduleSpec.sgdr(5, 2))).history();
    for (int start : new int[] {6, 16, 36}) {
      double before = history.get(start - 2).trainLoss();
      double after = history.get(start - 1).trainLoss();
      assertTrue(after > before, "restart at epoch " + start + ": " + before + " then " + after);
    }
  }

  @Test
  void eachSgdrPeriodEndsLowerThanItBegan() {
    List<EpochRecord> history = sample.train(Samples.withSchedule(sample.config(), ScheduleSpec.sgdr(5, 2))).history();
    int[][] periods = {{1, 5}, {6, 15}, {16, 35}};
    for (int[] period : periods) {
      double first = history.get(period[0] - 1).trainLoss();
      double last = history.get(period[1] - 1).trainLoss();
      assertTrue(last < first, "epochs " + period[0] + "-" + period[1] + ": " + first + " then " + last);
    }
  }

  private static double mean(List<EpochRecord> history, int from, int to) {
    double sum = 0;
    for (int epoch = from; epoch <= to; epoch++) {
      sum += history.get(epoch - 1).trainLoss();
    }
    return sum / (to - from + 1);
  }
}

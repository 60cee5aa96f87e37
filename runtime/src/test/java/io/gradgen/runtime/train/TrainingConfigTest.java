package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.Precision;
import org.junit.jupiter.api.Test;

class TrainingConfigTest {
  private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

  private static String rejected(Runnable construction) {
    return assertThrows(IllegalArgumentException.class, construction::run).getMessage();
  }

  @Test
  void aConfigurationThatExistsIsValid() {
    assertEquals("epochs and batch size must not be negative", rejected(() -> DEFAULTS.withEpochs(-1)));
    assertEquals("epochs and batch size must not be negative", rejected(() -> DEFAULTS.withBatchSize(-1)));
    assertEquals("split must be between 0 and 1, not 1.0", rejected(() -> DEFAULTS.withSplit(1.0)));
    assertEquals("split must be between 0 and 1, not 0.0", rejected(() -> DEFAULTS.withSplit(0.0)));
    assertEquals("split must be between 0 and 1, not NaN", rejected(() -> DEFAULTS.withSplit(Double.NaN)));
    assertEquals("clip must be positive, not 0.0", rejected(() -> DEFAULTS.withClip(0.0)));
    assertEquals("clip must be positive, not NaN", rejected(() -> DEFAULTS.withClip(Double.NaN)));
    assertEquals("patience must be at least 1, not 0", rejected(() -> DEFAULTS.withPatience(0)));
    assertThrows(NullPointerException.class, () -> DEFAULTS.withPrecision(null));
    assertThrows(NullPointerException.class, () -> DEFAULTS.withSchedule(null));
    assertEquals("min_delta must be a finite number of at least 0, not -0.1",
        rejected(() -> DEFAULTS.withStopOptions(-0.1, false)));
    assertEquals("min_delta must be a finite number of at least 0, not NaN",
        rejected(() -> DEFAULTS.withStopOptions(Double.NaN, true)));
  }

  @Test
  void theEdgesThatAreAllowed() {
    // Zero epochs trains nothing; batch 0 is the whole training set; no split, clip or patience is null.
    assertEquals(0, DEFAULTS.withEpochs(0).epochs());
    assertEquals(0, DEFAULTS.withBatchSize(0).batchSize());
    assertEquals(0.5, DEFAULTS.withSplit(0.5).split());
    assertEquals(1, DEFAULTS.withPatience(1).patience());
    assertEquals(null, DEFAULTS.withSplit(0.5).withSplit(null).split());
  }

  @Test
  void eachWitherChangesItsSettingAlone() {
    TrainingConfig changed = DEFAULTS.withShuffle(true, 9).withReduction(TrainingConfig.Reduction.SUM)
        .withPrecision(Precision.F32).withPatience(3).withSplit(0.75).withClip(2.0).withEpochs(4).withBatchSize(8)
        .withSchedule(ScheduleSpec.cosine(3)).withOptimizer(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.1));
    assertEquals(new TrainingConfig(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.1), 8, 4, true, 9, 0.75,
        ScheduleSpec.cosine(3), 2.0, 3, TrainingConfig.Reduction.SUM, Precision.F32), changed);
    // the stop options are kept by every other wither, and changed by their own
    TrainingConfig stop = changed.withStopOptions(0.5, true);
    assertEquals(new TrainingConfig(OptimizerSpec.defaults(OptimizerSpec.Kind.ADAM, 0.1), 8, 4, true, 9, 0.75,
        ScheduleSpec.cosine(3), 2.0, 3, TrainingConfig.Reduction.SUM, Precision.F32, 0.5, true), stop);
    assertEquals(stop, stop.withEpochs(7).withBatchSize(1).withShuffle(true, 9).withSplit(0.75).withClip(2.0)
        .withPatience(3).withReduction(TrainingConfig.Reduction.SUM).withPrecision(Precision.F32)
        .withSchedule(ScheduleSpec.cosine(3)).withOptimizer(stop.optimizer()).withEpochs(4).withBatchSize(8));
  }
}

package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
import io.gradgen.parse.ast.TrainBlock;
import io.gradgen.runtime.train.ScheduleSpec;
import io.gradgen.runtime.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schedules of issue #20 as a train block and {@code --schedule} give them (the first four: TrainingSettingsTest). */
class ScheduleSettingsTest {
  private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();

  private static TrainingConfig block(String settings) {
    TrainBlock train = (TrainBlock) ModelReader.parse("model M\ntrain { " + settings + " }", "m.model")
        .declarations().get(0);
    return TrainingSettings.read(train);
  }

  private static ScheduleSpec option(String text) {
    return ScheduleSettings.schedule(ModelReader.parseSchedule(text, "--schedule"));
  }

  @Test
  void theNewSchedulesWithTorchsDefaults() {
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.exponential(0.9)), block("schedule exponential(0.9)"));
    ScheduleSpec multistep = ScheduleSpec.multistep(0.5, new int[] {30, 80});
    assertEquals(DEFAULTS.withSchedule(multistep), block("schedule multistep(0.5, 30, 80)"));
    assertEquals(DEFAULTS.withSchedule(multistep), block("schedule multistep(30, 80, gamma = 0.5)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.linear(1.0 / 3, 1, 5)), block("schedule linear"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.linear(0.25, 0.5, 4)), block("schedule linear(0.25, 0.5, 4)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.linear(1.0 / 3, 1, 8)), block("schedule linear(total = 8)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.plateau(ScheduleSpec.Plateau.defaults())), block("schedule plateau"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.plateau(new ScheduleSpec.Plateau(0.5, 2, 0, 1, 1e-5))),
        block("schedule plateau(factor = 0.5, patience = 2, threshold = 0, cooldown = 1, min_lr = 1e-5)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.warmup(5, ScheduleSpec.cosine(50))),
        block("schedule warmup(5) then cosine(50)"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.warmup(2, ScheduleSpec.constant())),
        block("schedule warmup(epochs = 2) then constant"));
    assertEquals(DEFAULTS.withSchedule(ScheduleSpec.warmup(5, ScheduleSpec.cosine(50))),
        DEFAULTS.withSchedule(option("warmup(5) then cosine(50)")));
    assertEquals("--schedule:1:16: error: warmup(N) then plateau(…) is not a PyTorch schedule: SequentialLR cannot"
        + " step ReduceLROnPlateau; use plateau alone, or another schedule after the warmup",
        assertThrows(ModelException.class, () -> option("warmup(3) then plateau")).format());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "schedule exponential             | 2:18 exponential needs 'gamma'",
        "schedule exponential(0)          | 2:30 gamma must be positive, not 0.0",
        "schedule multistep(0.5)          | 2:18 multistep needs gamma and at least one milestone: multistep(gamma, m1, m2, …), as multistep(0.1, 30, 80)",
        "schedule multistep(0.5, 30, 20)  | 2:37 multistep's milestones must increase: 20 comes after 30",
        "schedule multistep(0.5, 30, 30)  | 2:37 multistep's milestones must increase: 30 comes after 30",
        "schedule multistep(0.5, 0)       | 2:33 a milestone must be a positive integer, not '0'",
        "schedule multistep(0.5, 2.5)     | 2:33 a milestone must be a positive integer, not '2.5'",
        "schedule multistep(0.5, 3, gama = 1) | 2:36 multistep has no argument 'gama'; did you mean 'gamma'?; it takes multistep(gamma, m1, m2, …)",
        "schedule linear(0)               | 2:25 start_factor must be in (0, 1], not 0.0",
        "schedule linear(1.5)             | 2:25 start_factor must be in (0, 1], not 1.5",
        "schedule linear(0.5, -1)         | 2:30 end_factor must be in [0, 1], not -1.0",
        "schedule linear(0.5, 1, 0)       | 2:33 total must be a positive integer, not '0'",
        "schedule plateau(factor = 1)     | 2:35 factor must be in [0, 1), not 1.0",
        "schedule plateau(patience = -1)  | 2:37 patience must be a non-negative integer, not '-1'",
        "schedule plateau(cooldown = 0.5) | 2:37 cooldown must be a non-negative integer, not '0.5'",
        "schedule plateau(min_lr = -1)    | 2:35 min_lr must not be negative, not -1.0",
        "schedule plateau(mode = 1)       | 2:26 plateau has no argument 'mode'",
        "schedule warmup(5)               | 2:18 warmup(N) needs 'then' and the schedule after it, as in warmup(5) then cosine(50)",
        "schedule warmup(0) then cosine(5) | 2:25 the warmup's epochs must be a positive integer, not '0'",
        "schedule cosine(5) then step(1, 0.5) | 2:18 only warmup(N) comes before 'then', not 'cosine(5)'",
        "schedule warmup(2) then warmup(3) | 2:33 a warmup cannot follow 'then': one warmup, then a schedule",
        "schedule warmup(2) then plateau  | 2:33 warmup(N) then plateau(…) is not a PyTorch schedule: SequentialLR cannot step ReduceLROnPlateau; use plateau alone, or another schedule after the warmup",
      })
  void aBadScheduleIsAnErrorAtIt(String settings, String message) {
    assertEquals("m.model:" + message.replaceFirst(" ", ": error: "),
        assertThrows(ModelException.class, () -> block(settings)).format());
  }
}

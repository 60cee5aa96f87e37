package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

  @Test
  void writesOneLinePerEpoch(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("history.csv");
    History.write(
        file,
        List.of(new EpochRecord(1, 0.8125, 0.9, 0.1, 0.0012), new EpochRecord(2, 0.5, null, 0.05, 0.0021)));
    assertEquals(
        "epoch,train_loss,validation_loss,lr,seconds\n1,0.8125,0.9,0.1,0.0012\n2,0.5,,0.05,0.0021\n",
        Files.readString(file));
  }

  @Test
  void theRecorderWritesEveryEpochOfARunLongerThanItsBlock(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("history.csv");
    List<EpochRecord> records = new ArrayList<>();
    for (int epoch = 1; epoch <= History.Recorder.BLOCK + 10; epoch++) {
      records.add(new EpochRecord(epoch, 1.0 / epoch, epoch % 2 == 0 ? null : 2.0 / epoch, 0.1 * Math.pow(0.5, epoch / 1000), epoch * 1e-6));
    }
    try (History.Recorder recorder = History.recorder(file)) {
      records.forEach(recorder::epoch);
      assertFalse(Files.exists(file), "in place only once finished");
      recorder.finish();
    }
    assertEquals(History.format(records), Files.readString(file));
    assertEquals(1, Files.list(folder).count(), "no temporary left");
  }

  @Test
  void aRecorderClosedUnfinishedLeavesTheOldFile(@TempDir Path folder) throws Exception {
    Path file = Files.writeString(folder.resolve("history.csv"), "old");
    try (History.Recorder recorder = History.recorder(file)) {
      recorder.epoch(new EpochRecord(1, 0.5, null, 0.1, 0.001));
    }
    assertEquals("old", Files.readString(file));
    assertEquals(1, Files.list(folder).count());
  }

  @Test
  void eachMetricAddsItsTrainingAndValidationColumnsAfterTheRateAndBeforeTheSeconds(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("history.csv");
    List<EpochRecord> records = List.of(
        new EpochRecord(1, 0.8125, 0.9, 0.1, 0.0012, new double[] {0.25, 3}, new double[] {0.5, 4}),
        new EpochRecord(2, 0.5, 0.75, 0.025, 0.0021, new double[] {0.125, 2}, new double[] {0.375, 1}));
    History.write(file, records, List.of("acc", "abs_err"));
    assertEquals("epoch,train_loss,validation_loss,lr,acc,validation_acc,abs_err,validation_abs_err,seconds\n"
        + "1,0.8125,0.9,0.1,0.25,0.5,3.0,4.0,0.0012\n2,0.5,0.75,0.025,0.125,0.375,2.0,1.0,0.0021\n", Files.readString(file));
    Path recorded = folder.resolve("recorded.csv");
    try (History.Recorder recorder = History.recorder(recorded, List.of("acc", "abs_err"))) {
      records.forEach(recorder::epoch);
      recorder.finish();
    }
    assertEquals(Files.readString(file), Files.readString(recorded));
  }

  @Test
  void withoutSplitAMetricsValidationColumnIsEmpty(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("history.csv");
    History.write(file, List.of(new EpochRecord(1, 0.5, null, 0.1, 0.001, new double[] {0.75}, null)), List.of("acc"));
    assertEquals("epoch,train_loss,validation_loss,lr,acc,validation_acc,seconds\n1,0.5,,0.1,0.75,,0.001\n",
        Files.readString(file));
  }
}

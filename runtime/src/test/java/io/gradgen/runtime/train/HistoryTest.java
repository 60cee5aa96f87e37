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
        List.of(new EpochRecord(1, 0.8125, 0.9, 0.1, 0.0012), new EpochRecord(2, 0.5, null, 0.1, 0.0021)));
    assertEquals(
        "epoch,train_loss,validation_loss,seconds\n1,0.8125,0.9,0.0012\n2,0.5,,0.0021\n",
        Files.readString(file));
  }

  @Test
  void theRecorderWritesEveryEpochOfARunLongerThanItsBlock(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("history.csv");
    List<EpochRecord> records = new ArrayList<>();
    for (int epoch = 1; epoch <= History.Recorder.BLOCK + 10; epoch++) {
      records.add(new EpochRecord(epoch, 1.0 / epoch, epoch % 2 == 0 ? null : 2.0 / epoch, 0.1, epoch * 1e-6));
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
}

package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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
}

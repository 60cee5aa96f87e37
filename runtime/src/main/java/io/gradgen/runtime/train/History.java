package io.gradgen.runtime.train;

import io.gradgen.runtime.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code --history FILE.csv} file: one line per epoch, loss curves ready for a spreadsheet or
 * {@code pandas.read_csv}.
 *
 * <pre>
 * epoch,train_loss,validation_loss,seconds
 * 1,0.8125,0.9,0.0012
 * 2,0.5,0.625,0.0021
 * </pre>
 *
 * Numbers are Java's shortest round-trip form; {@code validation_loss} is empty without {@code
 * split} (pandas reads it as NaN).
 */
public final class History {
  private History() {}

  public static void write(Path file, List<EpochRecord> records) throws IOException {
    AtomicFile.write(file, format(records));
  }

  static String format(List<EpochRecord> records) {
    StringBuilder text = new StringBuilder("epoch,train_loss,validation_loss,seconds\n");
    for (EpochRecord record : records) {
      text.append(record.epoch())
          .append(',')
          .append(record.trainLoss())
          .append(',')
          .append(record.validationLoss() == null ? "" : record.validationLoss().toString())
          .append(',')
          .append(record.seconds())
          .append('\n');
    }
    return text.toString();
  }
}

package io.gradgen.runtime.train;

import io.gradgen.runtime.AtomicFile;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  static final String HEADER = "epoch,train_loss,validation_loss,seconds\n";

  private History() {}

  public static void write(Path file, List<EpochRecord> records) throws IOException {
    AtomicFile.write(file, format(records));
  }

  static String format(List<EpochRecord> records) {
    StringBuilder text = new StringBuilder(HEADER);
    for (EpochRecord record : records) {
      line(text, record.epoch(), record.trainLoss(), record.validationLoss(), record.seconds());
    }
    return text.toString();
  }

  private static void line(StringBuilder text, int epoch, double trainLoss, Double validationLoss, double seconds) {
    text.append(epoch)
        .append(',')
        .append(trainLoss)
        .append(',')
        .append(validationLoss == null ? "" : validationLoss.toString())
        .append(',')
        .append(seconds)
        .append('\n');
  }

  /** A recorder of every epoch of a run into {@code file}, for a run of any length. */
  public static Recorder recorder(Path file) throws IOException {
    return new Recorder(file);
  }

  /**
   * Every epoch heard, into the history file, however long the run: epochs are kept in compact
   * arrays and written out {@value #BLOCK} at a time (so a short run formats nothing until it
   * ends, and a 200,000,000-epoch one holds at most one block), to a temporary file that {@link
   * #finish} moves into place; closing without finishing leaves the target as it was.
   */
  public static final class Recorder implements TrainingListener, AutoCloseable {
    static final int BLOCK = 1 << 16;

    private final AtomicFile.Pending file;
    private final Writer out;
    private final int[] epochs = new int[BLOCK];
    private final double[] trainLosses = new double[BLOCK];
    private final double[] validationLosses = new double[BLOCK];
    private final boolean[] validated = new boolean[BLOCK];
    private final double[] seconds = new double[BLOCK];
    private int count;

    private Recorder(Path target) throws IOException {
      file = AtomicFile.open(target);
      out = new BufferedWriter(Files.newBufferedWriter(file.temporary(), StandardCharsets.UTF_8), 1 << 16);
      out.write(HEADER);
    }

    @Override
    public void epoch(EpochRecord record) {
      epochs[count] = record.epoch();
      trainLosses[count] = record.trainLoss();
      validated[count] = record.validationLoss() != null;
      validationLosses[count] = validated[count] ? record.validationLoss() : 0;
      seconds[count] = record.seconds();
      if (++count == BLOCK) {
        flushBlock();
      }
    }

    /** Writes what is left and moves the file into place. */
    public void finish() throws IOException {
      flushBlock();
      out.close();
      file.commit();
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } finally {
        file.close();
      }
    }

    private void flushBlock() {
      StringBuilder text = new StringBuilder(count * 48);
      for (int i = 0; i < count; i++) {
        line(text, epochs[i], trainLosses[i], validated[i] ? validationLosses[i] : null, seconds[i]);
      }
      count = 0;
      try {
        out.write(text.toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}

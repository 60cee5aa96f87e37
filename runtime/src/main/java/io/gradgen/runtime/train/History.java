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
 * epoch,train_loss,validation_loss,lr,seconds
 * 1,0.8125,0.9,0.1,0.0012
 * 2,0.5,0.625,0.05,0.0021
 * </pre>
 *
 * Numbers are Java's shortest round-trip form; {@code validation_loss} is empty without {@code
 * split} (pandas reads it as NaN); {@code lr} is the learning rate the schedule gave the epoch's
 * steps ({@link EpochRecord#learningRate}). A model's metrics add two columns each after {@code lr}
 * and before {@code seconds}, {@code NAME} and {@code validation_NAME} (empty without {@code
 * split}), in declaration order: {@code
 * epoch,train_loss,validation_loss,lr,abs_err,validation_abs_err,seconds}. A metric's name needs no
 * quoting: it is an identifier.
 */
public final class History {
  static final String HEADER = "epoch,train_loss,validation_loss,lr,seconds\n";

  private History() {}

  public static void write(Path file, List<EpochRecord> records) throws IOException {
    write(file, records, List.of());
  }

  /** The history of a model with {@code metrics} (their names, in declaration order). */
  public static void write(Path file, List<EpochRecord> records, List<String> metrics) throws IOException {
    AtomicFile.write(file, format(records, metrics));
  }

  static String format(List<EpochRecord> records) {
    return format(records, List.of());
  }

  static String format(List<EpochRecord> records, List<String> metrics) {
    StringBuilder text = new StringBuilder(header(metrics));
    for (EpochRecord record : records) {
      line(text, record.epoch(), record.trainLoss(), record.validationLoss(), record.learningRate(),
          record.metrics(), record.validationMetrics(), record.seconds());
    }
    return text.toString();
  }

  static String header(List<String> metrics) {
    if (metrics.isEmpty()) {
      return HEADER;
    }
    StringBuilder header = new StringBuilder("epoch,train_loss,validation_loss,lr");
    for (String metric : metrics) {
      header.append(',').append(metric).append(",validation_").append(metric);
    }
    return header.append(",seconds\n").toString();
  }

  private static void line(StringBuilder text, int epoch, double trainLoss, Double validationLoss, double lr,
      double[] metrics, double[] validationMetrics, double seconds) {
    text.append(epoch)
        .append(',')
        .append(trainLoss)
        .append(',')
        .append(validationLoss == null ? "" : validationLoss.toString())
        .append(',')
        .append(lr);
    for (int metric = 0; metric < metrics.length; metric++) {
      text.append(',').append(metrics[metric]).append(',')
          .append(validationMetrics == null ? "" : Double.toString(validationMetrics[metric]));
    }
    text.append(',')
        .append(seconds)
        .append('\n');
  }

  /** A recorder of every epoch of a run into {@code file}, for a run of any length. */
  public static Recorder recorder(Path file) throws IOException {
    return recorder(file, List.of());
  }

  /** A recorder for a model with {@code metrics} (their names, in declaration order). */
  public static Recorder recorder(Path file, List<String> metrics) throws IOException {
    return new Recorder(file, metrics);
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
    private final double[] rates = new double[BLOCK];
    private final double[] seconds = new double[BLOCK];
    // Each epoch's own arrays, kept: a model without metrics shares one empty array.
    private final double[][] metrics = new double[BLOCK][];
    private final double[][] validationMetrics = new double[BLOCK][];
    private int count;

    private Recorder(Path target, List<String> metricNames) throws IOException {
      file = AtomicFile.open(target);
      out = new BufferedWriter(Files.newBufferedWriter(file.temporary(), StandardCharsets.UTF_8), 1 << 16);
      out.write(header(metricNames));
    }

    @Override
    public void epoch(EpochRecord record) {
      epochs[count] = record.epoch();
      trainLosses[count] = record.trainLoss();
      validated[count] = record.validationLoss() != null;
      validationLosses[count] = validated[count] ? record.validationLoss() : 0;
      rates[count] = record.learningRate();
      seconds[count] = record.seconds();
      metrics[count] = record.metrics();
      validationMetrics[count] = record.validationMetrics();
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
        line(text, epochs[i], trainLosses[i], validated[i] ? validationLosses[i] : null, rates[i], metrics[i],
            validationMetrics[i], seconds[i]);
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

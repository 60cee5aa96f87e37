package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.cli.Progress.Mode;
import io.gradgen.runtime.train.EpochRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void theBarOnlyWhenStderrIsATerminalThatIsNotDumb() {
    assertEquals(Mode.BAR, Progress.mode(false, true, "xterm-256color"));
    assertEquals(Mode.BAR, Progress.mode(false, true, null));
    assertEquals(Mode.LINES, Progress.mode(false, true, "dumb"));
    assertEquals(Mode.LINES, Progress.mode(false, false, "xterm-256color"));
    assertEquals(Mode.NONE, Progress.mode(true, true, "xterm"));
    assertEquals(Mode.NONE, Progress.mode(true, false, "xterm"));
  }

  @Test
  void stderrOfTheTestRunIsNoTerminal() {
    // Surefire pipes the forked JVM's stderr: the probe must say so, or CI logs fill with bars.
    assertFalse(Progress.stderrIsTerminal());
    assertEquals(Mode.LINES, Progress.onStderr(false, 10, 0).mode());
    assertEquals(Mode.NONE, Progress.onStderr(true, 10, 0).mode());
  }

  @Test
  void linesEveryTenthOfTheEpochsAndTheLast() {
    String out = shown(Mode.LINES, 25, false);
    assertEquals("epoch 2/25  loss 0.5\nepoch 4/25  loss 0.125\n", out.substring(0, out.indexOf("epoch 6")));
    assertTrue(out.endsWith("epoch 24/25  loss 1.19209e-07\nepoch 25/25  loss 5.96046e-08\n"), out);
    assertEquals(13, out.lines().count());
  }

  @Test
  void linesShowTheValidationLossWithSplit() {
    assertTrue(shown(Mode.LINES, 3, true).startsWith("epoch 1/3  loss 1  validation 2\n"));
  }

  @Test
  void nothingWhenQuiet() {
    assertEquals("", shown(Mode.NONE, 5, true));
  }

  @Test
  void theBarRedrawsInPlaceAndEndsItsLineAtTheFinalState() {
    String out = shown(Mode.BAR, 25, true);
    assertTrue(out.startsWith("\r"), out);
    assertTrue(out.endsWith("\n"), out);
    String last = out.substring(out.lastIndexOf('\r') + 1, out.length() - 1);
    // Each render clears what a longer one before it left at the end of the line.
    assertTrue(last.endsWith("\033[K"), last);
    last = last.substring(0, last.length() - 3);
    assertTrue(last.startsWith("epoch 25/25 │████"), last);
    assertTrue(last.contains("█│ 0:00  loss 5.96046e-08  validation 1.19209e-07"), last);
    assertTrue(last.length() <= 79, last);
    assertEquals(out.length() - 1, out.indexOf('\n'), "one newline, at the end");
  }

  @Test
  void aNarrowTerminalCutsTheEndOfTheLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(Mode.BAR, err, 100, 0, 40)) {
      progress.epoch(new EpochRecord(50, 0.123456, 0.654321, 0.1, 1));
      progress.finish();
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    String last = out.substring(out.lastIndexOf('\r') + 1, out.length() - 1);
    assertEquals("epoch  50/100 │█████     │ 0:00  loss 0\033[K", last);
  }

  @Test
  void metricsFollowTheLossesTheirValidationMeansPrefixedAsKerasDoes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(Mode.LINES, err, 2, 0, 80).showing(java.util.List.of("acc", "err"))) {
      progress.epoch(new EpochRecord(1, 0.5, 0.25, 0.1, 0.01, new double[] {0.75, 2}, new double[] {0.625, 3}));
      progress.epoch(new EpochRecord(2, 0.5, null, 0.1, 0.01, new double[] {0.875, 1}, null));
      progress.finish();
    }
    assertEquals("epoch 1/2  loss 0.5  validation 0.25  acc 0.75  val_acc 0.625  err 2  val_err 3\n"
        + "epoch 2/2  loss 0.5  acc 0.875  err 1\n", bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFailedRunErasesTheBar() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(Mode.BAR, err, 10, 0, 80)) {
      progress.epoch(new EpochRecord(1, 1, null, 0.1, 0.01));
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.endsWith("\r\033[K"), out);
    assertFalse(out.contains("\n"), out);
  }

  @Test
  void aResumedRunStartsTheBarWhereItStopped() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(Mode.BAR, err, 10, 6, 80)) {
      progress.epoch(new EpochRecord(7, 1, null, 0.1, 0.01));
      progress.finish();
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.substring(out.lastIndexOf('\r')).startsWith("\repoch  7/10 │"), out);
  }

  /** Early stopping between the 10% marks: the lines end with the last epoch, shown once. */
  @Test
  void linesEndWithTheLastEpochWhereTheRunStopsBetweenTheMarks() {
    String out = stopped(Mode.LINES, 25, 7);
    assertTrue(out.endsWith("epoch 6/25  loss 0.03125\nepoch 7/25  loss 0.015625\n"), out);
    assertEquals(4, out.lines().count(), out);
  }

  /** A run that stops on a mark (or, diverging, after one) shows that epoch once, not twice. */
  @Test
  void aRunThatStopsOnAMarkShowsItOnce() {
    String out = stopped(Mode.LINES, 25, 8);
    assertEquals("epoch 2/25  loss 0.5\nepoch 4/25  loss 0.125\nepoch 6/25  loss 0.03125\nepoch 8/25  loss 0.0078125\n", out);
  }

  /** The bar, whose losses are brought up to date a few times a second, ends on the last epoch's. */
  @Test
  void theBarEndsWithTheLastEpochsLossesWhereTheRunStops() {
    String out = stopped(Mode.BAR, 100, 37);
    String last = out.substring(out.lastIndexOf('\r') + 1, out.length() - 1);
    assertTrue(last.startsWith("epoch  37/100 │"), last);
    assertTrue(last.contains("  loss " + Format.number(Math.pow(2, -36)) + "\033[K"), last);
    assertEquals(out.length() - 1, out.indexOf('\n'), "one newline, at the end");
  }

  /** Epochs 1 … {@code stop} of a run of {@code epochs} (train loss 2^(1-n)), then finished: early stopping's end. */
  private static String stopped(Mode mode, int epochs, int stop) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(mode, err, epochs, 0, 80)) {
      for (int n = 1; n <= stop; n++) {
        progress.epoch(new EpochRecord(n, Math.pow(2, 1 - n), null, 0.1, 0.01 * n));
      }
      progress.finish();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Epoch n of {@code epochs} with train loss 2^(1-n) (and validation loss twice that). */
  private static String shown(Mode mode, int epochs, boolean validation) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (Progress progress = Progress.start(mode, err, epochs, 0, 80)) {
      for (int n = 1; n <= epochs; n++) {
        double loss = Math.pow(2, 1 - n);
        progress.epoch(new EpochRecord(n, loss, validation ? 2 * loss : null, 0.1, 0.01 * n));
      }
      progress.finish();
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}

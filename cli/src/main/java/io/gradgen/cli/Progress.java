package io.gradgen.cli;

import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.TrainingListener;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * What {@code gradgen train} shows on stderr while it trains, chosen by {@link #mode}: nothing
 * ({@code --quiet}), a progress bar when stderr is a terminal, else one plain line per epoch (or
 * per 10% of epochs, and the last epoch's wherever the run stops) that logs and pipes can keep:
 *
 * <pre>
 * epoch  4/10 │████████████▊                   │ 0:01&lt;0:02  loss 0.00788407
 * epoch 4/10  loss 0.00788407
 * </pre>
 *
 * <p>The bar shows the epochs done, elapsed time and the time left (linear in the epochs, "?"
 * before the first), then the last epoch's losses; on a narrow terminal the bar shrinks, then the
 * end of the line is cut. It is redrawn in place from a background thread, so that elapsed time
 * and ETA move during a long epoch. {@link #finish} leaves it drawn at its final state followed by
 * a newline, so that what comes next (the results on stdout, an error) starts on a fresh line;
 * {@link #close} without {@code finish} (training failed) erases it instead. Nothing is written
 * to stdout: the lines go to the writer given (the command's stderr writer in the CLI), the bar to
 * the terminal's own stderr stream, which it redraws from another thread.
 */
final class Progress implements TrainingListener, AutoCloseable {
  enum Mode { NONE, LINES, BAR }

  private final Mode mode;
  private final PrintWriter lines;
  private final int epochs;
  private final int every;
  private final ProgressBar bar;
  private final Line line;
  private boolean finished;
  private java.util.List<String> metrics = java.util.List.of();

  private Progress(Mode mode, PrintWriter lines, PrintStream terminal, int epochs, int firstEpoch, int width) {
    this.mode = mode;
    this.lines = lines;
    this.epochs = epochs;
    this.every = Math.max(1, epochs / 10);
    if (mode == Mode.BAR) {
      line = new Line(terminal, Math.max(20, width - 1));
      bar = new ProgressBarBuilder()
          .setInitialMax(epochs)
          .startsFrom(firstEpoch, Duration.ZERO)
          .setRenderer(new Renderer(unicode()))
          .setUpdateIntervalMillis(100)
          .continuousUpdate()
          .setConsumer(line)
          .build();
    } else {
      line = null;
      bar = null;
    }
  }

  /**
   * The display for a run of {@code epochs} epochs in all, {@code firstEpoch} of them done already
   * (a resumed run), on {@code err}, which is a terminal {@code width} columns wide in {@link
   * Mode#BAR}.
   */
  static Progress start(Mode mode, PrintStream err, int epochs, int firstEpoch, int width) {
    return new Progress(mode, Main.writer(err), err, epochs, firstEpoch, width);
  }

  /**
   * The bar only where someone watches it redraw: stderr is a terminal (whatever stdout is: it may
   * be piped, or be JSON) that understands a carriage return ({@code TERM} is not {@code dumb}).
   */
  static Mode mode(boolean quiet, boolean stderrIsTerminal, String term) {
    if (quiet) {
      return Mode.NONE;
    }
    return stderrIsTerminal && !"dumb".equals(term) ? Mode.BAR : Mode.LINES;
  }

  /** The display on this process's stderr, in the {@link #mode} it calls for. */
  static Progress onStderr(boolean quiet, int epochs, int firstEpoch) {
    return onStderr(quiet, epochs, firstEpoch, Main.writer(System.err));
  }

  /**
   * The display in the {@link #mode} this process's stderr calls for: the plain lines on {@code
   * lines} (a command's {@code getErr()}), the bar on {@code System.err} itself.
   */
  static Progress onStderr(boolean quiet, int epochs, int firstEpoch, PrintWriter lines) {
    Mode mode = quiet ? Mode.NONE : mode(false, stderrIsTerminal(), System.getenv("TERM"));
    return new Progress(mode, lines, System.err, epochs, firstEpoch, mode == Mode.BAR ? terminalWidth() : 0);
  }

  /** {@code isatty(2)}, through JLine's {@code test -t 2}; false when that cannot be run. */
  static boolean stderrIsTerminal() {
    try {
      return TerminalProvider.load("exec").isSystemStream(SystemStream.Error);
    } catch (Exception | LinkageError e) {
      return false;
    }
  }

  /** The terminal's width in columns ({@code stty}, else {@code COLUMNS}, else 80). */
  static int terminalWidth() {
    try {
      int width = TerminalProvider.load("exec").systemStreamWidth(SystemStream.Error);
      if (width > 0) {
        return width;
      }
    } catch (Exception | LinkageError e) {
      // fall through to COLUMNS
    }
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  Mode mode() {
    return mode;
  }

  /** Shows the model's metrics ({@code metrics}, their names) after the losses, as Keras does: {@code acc 0.9  val_acc 0.85}. */
  Progress showing(java.util.List<String> names) {
    metrics = java.util.List.copyOf(names);
    return this;
  }

  @Override
  public void epoch(EpochRecord record) {
    last = record;
    switch (mode) {
      case BAR -> {
        // The bar redraws a few times a second: formatting the losses of every epoch of a
        // five-step model would cost more than its training (microseconds an epoch).
        long now = System.nanoTime();
        lastShown = now - lastMessage >= MESSAGE_NANOS || record.epoch() == epochs;
        if (lastShown) {
          bar.setExtraMessage(losses(record, metrics));
          lastMessage = now;
        }
        bar.stepTo(record.epoch());
      }
      case LINES -> {
        lastShown = record.epoch() % every == 0 || record.epoch() == epochs;
        if (lastShown) {
          line(record);
        }
      }
      case NONE -> { }
    }
  }

  private void line(EpochRecord record) {
    lines.println("epoch " + record.epoch() + "/" + epochs + "  " + losses(record, metrics));
    lines.flush();
  }

  /** The last epoch heard, and whether it is on show: a run that stops between the marks shows it at {@link #finish}. */
  private EpochRecord last;

  private boolean lastShown = true;

  /** How often the bar's losses are brought up to date: its own refresh interval. */
  private static final long MESSAGE_NANOS = 100_000_000L;

  private long lastMessage = Long.MIN_VALUE / 2;

  private static String losses(EpochRecord record, java.util.List<String> metrics) {
    StringBuilder text = new StringBuilder("loss ").append(Format.number(record.trainLoss()))
        .append(record.validationLoss() == null ? "" : "  validation " + Format.number(record.validationLoss()));
    for (int metric = 0; metric < metrics.size() && metric < record.metrics().length; metric++) {
      text.append("  ").append(metrics.get(metric)).append(' ').append(Format.number(record.metrics()[metric]));
      if (record.validationMetrics() != null) {
        text.append("  val_").append(metrics.get(metric)).append(' ')
            .append(Format.number(record.validationMetrics()[metric]));
      }
    }
    return text.toString();
  }

  /**
   * Training is over: the bar is drawn one last time, with the last epoch's losses, and ends its
   * line; the lines end with the last epoch's, once, where early stopping (or a divergence) ended
   * the run between the 10% marks.
   */
  void finish() {
    if (!finished && !lastShown && last != null) {
      switch (mode) {
        case BAR -> bar.setExtraMessage(losses(last, metrics));
        case LINES -> line(last);
        case NONE -> { }
      }
      lastShown = true;
    }
    finished = true;
    close();
  }

  /** Stops the bar; without {@link #finish} first, erases it (an error message follows). */
  @Override
  public void close() {
    if (bar != null && !line.closed) {
      line.erase = !finished;
      bar.close();
      if (!line.closed) {
        line.close(); // the library closes its consumer only once it has drawn twice
      }
    }
  }

  /** Draws each rendering over the last with a carriage return, flushing at once. */
  private static final class Line implements ProgressBarConsumer {
    private final PrintStream out;
    private final int width;
    volatile boolean erase;
    volatile boolean closed;

    Line(PrintStream out, int width) {
      this.out = out;
      this.width = width;
    }

    @Override
    public int getMaxRenderedLength() {
      return width;
    }

    @Override
    public void accept(String rendered) {
      if (!erase) {
        // Clear to the end of the line: a render shorter than the last one (the ETA drops off at
        // the end) would otherwise leave the last one's tail on screen.
        out.print('\r' + rendered + "\033[K");
        out.flush();
      }
    }

    @Override
    public void close() {
      closed = true;
      out.print(erase ? "\r\033[K" : "\n");
      out.flush();
    }
  }

  /** {@code epoch  45/100 │██████▌    │ 0:12<0:15  loss 0.0123  validation 0.0456}. */
  private static final class Renderer implements ProgressBarRenderer {
    private static final String EIGHTHS = " ▏▎▍▌▋▊▉";
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 40;
    private final boolean unicode;

    Renderer(boolean unicode) {
      this.unicode = unicode;
    }

    @Override
    public String render(ProgressState state, int width) {
      long max = state.getMax();
      long done = Math.min(state.getCurrent(), max);
      String total = Long.toString(max);
      String count = " ".repeat(Math.max(0, total.length() - Long.toString(done).length())) + done;
      String head = "epoch " + count + "/" + total + " ";
      String elapsed = duration(state.getTotalElapsed());
      String time = " " + elapsed + (done >= max || !state.isAlive() ? "" : "<" + eta(state));
      String tail = state.getExtraMessage().isEmpty() ? "" : "  " + state.getExtraMessage();
      // the bar keeps its length when the ETA disappears at the end
      int room = width - head.length() - Math.max(time.length(), 2 + 2 * elapsed.length()) - tail.length() - 2;
      int length = Math.max(MIN_BAR, Math.min(MAX_BAR, room));
      String line = head + bar(max == 0 ? 1 : (double) done / max, length) + time + tail;
      return line.length() > width ? line.substring(0, width) : line;
    }

    private String bar(double fraction, int length) {
      StringBuilder out = new StringBuilder(unicode ? "│" : "[");
      double filled = fraction * length;
      int full = (int) filled;
      out.append((unicode ? "█" : "#").repeat(full));
      if (full < length) {
        int eighth = (int) ((filled - full) * 8);
        out.append(unicode ? EIGHTHS.charAt(eighth) : ' ').append(" ".repeat(length - full - 1));
      }
      return out.append(unicode ? "│" : "]").toString();
    }

    private static String eta(ProgressState state) {
      long since = state.getCurrent() - state.getStart();
      if (since <= 0) {
        return "?";
      }
      return duration(state.getElapsedAfterStart().dividedBy(since).multipliedBy(state.getMax() - state.getCurrent()));
    }

    /** 0:07, 12:34, 1:02:03. */
    static String duration(Duration d) {
      long s = d.getSeconds();
      return s >= 3600
          ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s % 3600 / 60, s % 60)
          : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
  }

  /** Whether the bar's block characters survive stderr's encoding, the default one (else ASCII). */
  private static boolean unicode() {
    return Charset.defaultCharset().newEncoder().canEncode("█▏▎▍▌▋▊▉│");
  }
}

package io.gradgen.runtime.train;

/**
 * An optimizer's step count and buffers, remembered by {@link #mark} and put back by {@link
 * #rewind} (or the mark before that by {@link #rewindEarlier}), in copies allocated once: how
 * every {@link Optimizer} implements its own {@code mark()} and {@code rewind()} without
 * allocating per epoch.
 *
 * <pre>
 * Marks marks = new Marks(m, v);   // the live buffers
 * marks.mark(step);                // copies m and v aside
 * step = marks.rewind();           // copies them back, returns the marked step
 * step = marks.rewindEarlier();    // the same for the mark before the last
 * </pre>
 */
final class Marks {
  private final double[][] live;
  private double[][] saved;
  private double[][] earlier;
  private long step;
  private long earlierStep;

  Marks(double[]... live) {
    this.live = live;
    this.saved = new double[live.length][];
    this.earlier = new double[live.length][];
    for (int i = 0; i < live.length; i++) {
      saved[i] = new double[live[i].length];
      earlier[i] = new double[live[i].length];
    }
  }

  void mark(long step) {
    double[][] swap = earlier;
    earlier = saved;
    saved = swap;
    earlierStep = this.step;
    this.step = step;
    for (int i = 0; i < live.length; i++) {
      System.arraycopy(live[i], 0, saved[i], 0, live[i].length);
    }
  }

  /** Puts the marked buffers back; the marked step count. */
  long rewind() {
    for (int i = 0; i < live.length; i++) {
      System.arraycopy(saved[i], 0, live[i], 0, live[i].length);
    }
    return step;
  }

  /** Puts back the buffers of the mark before the last one; its step count. */
  long rewindEarlier() {
    for (int i = 0; i < live.length; i++) {
      System.arraycopy(earlier[i], 0, live[i], 0, live[i].length);
    }
    return earlierStep;
  }
}

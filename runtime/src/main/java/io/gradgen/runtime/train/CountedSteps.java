package io.gradgen.runtime.train;

/**
 * What every optimizer with a step count shares: the count torch.optim keeps in its state ({@code
 * state['step']}), advanced by the epoch kernel's steps, and its marks, which keep the count and
 * the buffers {@link #track}ed at the start of an epoch and the one before, for a rewind after a
 * divergence.
 */
abstract class CountedSteps implements Optimizer {
  /** Steps taken so far, this run's and a resumed run's before it. */
  long step;
  private Marks marks = new Marks();

  /** The buffers a rewind restores with the step count; called once, by the constructor. */
  final void track(double[]... buffers) {
    marks = new Marks(buffers);
  }

  @Override
  public final void advance(long steps) {
    step += steps;
  }

  @Override
  public final void mark() {
    marks.mark(step);
  }

  @Override
  public final void rewind() {
    step = marks.rewind();
  }

  @Override
  public final void rewindEarlier() {
    step = marks.rewindEarlier();
  }
}

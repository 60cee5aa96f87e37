package io.gradgen.runtime.train;

/**
 * Hears about each finished epoch, on the training thread, before the next epoch starts: what the
 * CLI's progress bar and per-epoch summary lines are drawn from. A listener that overrides {@link
 * #step} also sees the parameters after every optimizer step (the path {@code --plot} draws).
 *
 * <pre>
 * trainer.train(objective, params, null,
 *     r -&gt; System.err.printf("epoch %d  loss %.4g%n", r.epoch(), r.trainLoss()));
 * </pre>
 */
@FunctionalInterface
public interface TrainingListener {
  TrainingListener NONE = record -> {};

  void epoch(EpochRecord record);

  /**
   * Called after each successful optimizer step ({@code step} counts from 1 over the whole run,
   * resumed ones included) with the parameters the next step starts from. The array is the
   * trainer's own: read it during the call, never keep or change it.
   */
  default void step(long step, double[] params) {}
}

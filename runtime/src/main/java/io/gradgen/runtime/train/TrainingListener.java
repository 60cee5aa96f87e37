package io.gradgen.runtime.train;

/**
 * Hears about each finished epoch, on the training thread, before the next epoch starts: what the
 * CLI's progress bar and per-epoch summary lines are drawn from.
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
}

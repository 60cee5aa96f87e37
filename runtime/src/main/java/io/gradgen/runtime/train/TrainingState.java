package io.gradgen.runtime.train;

/**
 * Everything a run needs to continue exactly where another stopped: resuming from a state saved
 * after epoch k and training to {@code epochs} E gives, bit for bit, what one uninterrupted E-epoch
 * run gives. The shuffle order and every learning-rate schedule but {@code plateau} are functions of
 * the epoch number, so they need no state of their own.
 *
 * <ul>
 *   <li>{@code epoch}: epochs completed so far.
 *   <li>{@code steps}: optimizer steps taken so far.
 *   <li>{@code params}: the parameters after those epochs (for f32, already rounded to float).
 *   <li>{@code optimizer}: the optimizer's step count and buffers.
 *   <li>{@code bestValidationLoss}: the best validation loss seen, null before any; and {@code
 *       epochsWithoutImprovement}, the early-stopping counter.
 *   <li>{@code schedule}: a plateau schedule's state, null for the other schedules.
 *   <li>{@code bestEpoch} and {@code bestParams}: with {@code restore_best}, the 1-based epoch of
 *       the best validation loss and its parameters (what the run's result is); else null.
 * </ul>
 *
 * <p>{@code new TrainingState(5, 25, params, adam.state(), 0.31, 0)} is a run five epochs in, with
 * five batches an epoch, that improved on its last epoch. The arrays are shared, not copied: treat
 * them as read-only.
 */
public record TrainingState(
    int epoch,
    long steps,
    double[] params,
    OptimizerState optimizer,
    Double bestValidationLoss,
    int epochsWithoutImprovement,
    ScheduleState schedule,
    Integer bestEpoch,
    double[] bestParams) {

  public TrainingState {
    if (epoch < 0 || steps < 0 || epochsWithoutImprovement < 0) {
      throw new IllegalArgumentException(
          "negative count in training state: epoch " + epoch + ", steps " + steps);
    }
    if ((bestEpoch == null) != (bestParams == null) || (bestEpoch != null && (bestEpoch < 1 || bestEpoch > epoch))) {
      throw new IllegalArgumentException("the best epoch " + bestEpoch + " and its parameters go together, within "
          + epoch + " epochs");
    }
  }

  /** A state without schedule state or best parameters, as runs without plateau or restore_best save. */
  public TrainingState(int epoch, long steps, double[] params, OptimizerState optimizer, Double bestValidationLoss,
      int epochsWithoutImprovement) {
    this(epoch, steps, params, optimizer, bestValidationLoss, epochsWithoutImprovement, null, null, null);
  }
}

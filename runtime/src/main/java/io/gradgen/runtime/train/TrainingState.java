package io.gradgen.runtime.train;

/**
 * Everything a run needs to continue exactly where another stopped: resuming from a state saved
 * after epoch k and training to {@code epochs} E gives, bit for bit, what one uninterrupted E-epoch
 * run gives. The learning rate and the shuffle order are functions of the epoch number, so they
 * need no state of their own.
 *
 * <ul>
 *   <li>{@code epoch}: epochs completed so far.
 *   <li>{@code steps}: optimizer steps taken so far.
 *   <li>{@code params}: the parameters after those epochs (for f32, already rounded to float).
 *   <li>{@code optimizer}: the optimizer's step count and buffers.
 *   <li>{@code bestValidationLoss}: the best validation loss seen, null before any; and {@code
 *       epochsWithoutImprovement}, the early-stopping counter.
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
    int epochsWithoutImprovement) {

  public TrainingState {
    if (epoch < 0 || steps < 0 || epochsWithoutImprovement < 0) {
      throw new IllegalArgumentException(
          "negative count in training state: epoch " + epoch + ", steps " + steps);
    }
  }
}

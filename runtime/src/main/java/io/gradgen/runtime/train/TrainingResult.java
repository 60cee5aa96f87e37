package io.gradgen.runtime.train;

import java.util.List;
import java.util.Locale;

/**
 * What {@link Trainer#train} reports, in the shape of {@code gradgen train --json}:
 *
 * <ul>
 *   <li>{@code loss}: the mean per-sample loss over all training rows, in file order, with the
 *       final parameters, whatever the reduction (without inputs, the objective itself). After
 *       divergence it may be non-finite, since it is taken at the last parameters that were.
 *   <li>{@code validationLoss}: the same over the validation rows, or null without {@code split}.
 *   <li>{@code epochs} and {@code steps}: totals reached, counting those before a resume.
 *   <li>{@code seconds}: the training time of this call alone.
 *   <li>{@code params}: the final parameters, always finite.
 *   <li>{@code stopped}, and for {@link Stopped#DIVERGED} the 1-based {@code divergedEpoch}.
 *   <li>{@code bestEpoch}: with {@code restore_best}, the 1-based epoch whose parameters {@code
 *       params} are (the best validation loss); else null. {@code loss} and {@code
 *       validationLoss} are that epoch's parameters' too.
 *   <li>{@code history}: one {@link EpochRecord} per epoch run by this call, up to {@link
 *       Trainer#MAX_HISTORY} epochs; a longer run's evenly thinned, its last epoch always there
 *       ({@link History#recorder} records every one).
 *   <li>{@code state}: what {@code --save} writes and {@code --resume} continues from.
 *   <li>{@code metrics}: each metric's mean over the training rows, in file order, with the final
 *       parameters (as {@code loss}), empty without metrics; {@code validationMetrics}: the same
 *       over the validation rows, or null without {@code split}.
 * </ul>
 *
 * <p>{@code {"loss": 1.23, "validationLoss": null, "epochs": 100, "steps": 500, "seconds": 0.02,
 * "stopped": "epochs", …}}
 */
public record TrainingResult(
    double loss,
    Double validationLoss,
    int epochs,
    long steps,
    double seconds,
    double[] params,
    Stopped stopped,
    Integer divergedEpoch,
    List<EpochRecord> history,
    TrainingState state,
    double[] metrics,
    double[] validationMetrics,
    Integer bestEpoch) {

  public TrainingResult {
    history = List.copyOf(history);
  }

  /** A result of a model without metrics and without a restored best epoch. */
  public TrainingResult(double loss, Double validationLoss, int epochs, long steps, double seconds, double[] params,
      Stopped stopped, Integer divergedEpoch, List<EpochRecord> history, TrainingState state) {
    this(loss, validationLoss, epochs, steps, seconds, params, stopped, divergedEpoch, history, state,
        Trainer.NO_METRICS, validationLoss == null ? null : Trainer.NO_METRICS, null);
  }

  /** Why training ended. */
  public enum Stopped {
    EPOCHS,
    EARLY_STOPPING,
    DIVERGED;

    /** {@code epochs}, {@code early-stopping}, {@code diverged}, as in the CLI's JSON. */
    public String keyword() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}

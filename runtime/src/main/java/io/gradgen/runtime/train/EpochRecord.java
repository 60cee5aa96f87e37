package io.gradgen.runtime.train;

/**
 * One line of the training history: {@code epoch} (1-based); {@code trainLoss}, the mean per-sample
 * loss over the epoch's steps (each batch's summed loss taken with the parameters before its step,
 * all divided by the number of training rows); {@code validationLoss}, the mean over the validation
 * rows with the epoch's final parameters, or null without {@code split}; the {@code learningRate}
 * the schedule gave the epoch; {@code seconds} since this call to {@link Trainer#train} began;
 * {@code metrics}, each metric's mean over the training rows with the epoch's final parameters
 * (the parameters the validation loss is taken with, not the running mean of the steps the train
 * loss is: see {@link Trainer}), in {@link io.gradgen.runtime.ModelLayout#metrics()} order, empty
 * for a model without metrics; {@code validationMetrics}, the same over the validation rows, or
 * null without {@code split}. Do not change the arrays.
 *
 * <p>{@code EpochRecord[epoch=3, trainLoss=0.52, validationLoss=0.61, learningRate=0.01,
 * seconds=0.004, metrics=[0.9], validationMetrics=[0.85]]}.
 */
public record EpochRecord(
    int epoch, double trainLoss, Double validationLoss, double learningRate, double seconds, double[] metrics,
    double[] validationMetrics) {

  /** A record of a model without metrics. */
  public EpochRecord(int epoch, double trainLoss, Double validationLoss, double learningRate, double seconds) {
    this(epoch, trainLoss, validationLoss, learningRate, seconds, Trainer.NO_METRICS,
        validationLoss == null ? null : Trainer.NO_METRICS);
  }
}

package io.gradgen.runtime.train;

/**
 * One line of the training history: {@code epoch} (1-based); {@code trainLoss}, the mean per-sample
 * loss over the epoch's steps (each batch's summed loss taken with the parameters before its step,
 * all divided by the number of training rows); {@code validationLoss}, the mean over the validation
 * rows with the epoch's final parameters, or null without {@code split}; the {@code learningRate}
 * the schedule gave the epoch; {@code seconds} since this call to {@link Trainer#train} began.
 *
 * <p>{@code EpochRecord[epoch=3, trainLoss=0.52, validationLoss=0.61, learningRate=0.01,
 * seconds=0.004]}.
 */
public record EpochRecord(
    int epoch, double trainLoss, Double validationLoss, double learningRate, double seconds) {}

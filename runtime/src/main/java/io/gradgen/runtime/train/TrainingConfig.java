package io.gradgen.runtime.train;

import io.gradgen.runtime.Precision;

/**
 * Every setting of a {@code train} block, resolved: the model's block over the defaults, the
 * command line over both.
 *
 * <ul>
 *   <li>{@code batchSize} 0 means {@code full} (one batch of every training row).
 *   <li>{@code shuffleSeed} is used only when {@code shuffle} is on.
 *   <li>{@code split} null means no validation set; else the training fraction in (0, 1).
 *   <li>{@code clip} null means no clipping; {@code patience} null means no early stopping.
 * </ul>
 */
public record TrainingConfig(
    OptimizerSpec optimizer,
    int batchSize,
    int epochs,
    boolean shuffle,
    long shuffleSeed,
    Double split,
    ScheduleSpec schedule,
    Double clip,
    Integer patience,
    Reduction reduction,
    Precision precision) {

  public enum Reduction {
    MEAN,
    SUM
  }

  // One setting changed, the others kept: config.withEpochs(10).withPrecision(Precision.F32).

  public TrainingConfig withOptimizer(OptimizerSpec optimizer) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision);
  }

  public TrainingConfig withBatchSize(int batchSize) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision);
  }

  public TrainingConfig withEpochs(int epochs) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision);
  }

  public TrainingConfig withSchedule(ScheduleSpec schedule) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision);
  }

  /** {@code null} for no clipping. */
  public TrainingConfig withClip(Double clip) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision);
  }

  public TrainingConfig withPrecision(Precision precision) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision);
  }

  /**
   * What a model without a {@code train} block gets: {@code sgd(lr = 0.01)}, {@code batch full},
   * {@code epochs 100}, no shuffle, no split, constant rate, mean reduction, f64.
   */
  public static TrainingConfig defaults() {
    return new TrainingConfig(
        OptimizerSpec.defaults(OptimizerSpec.Kind.SGD, 0.01),
        0,
        100,
        false,
        0L,
        null,
        ScheduleSpec.constant(),
        null,
        null,
        Reduction.MEAN,
        Precision.F64);
  }
}

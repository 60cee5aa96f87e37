package io.gradgen.runtime.train;

import io.gradgen.runtime.Precision;
import java.util.Objects;

/**
 * Every setting of a {@code train} block, resolved: the model's block over the defaults, the
 * command line over both.
 *
 * <ul>
 *   <li>{@code batchSize} 0 means {@code full} (one batch of every training row).
 *   <li>{@code shuffleSeed} is used only when {@code shuffle} is on.
 *   <li>{@code split} null means no validation set; else the training fraction in (0, 1).
 *   <li>{@code clip} null means no clipping; {@code patience} null means no early stopping.
 *   <li>{@code minDelta} and {@code restoreBest}: early stopping's {@code min_delta} (0) and {@code
 *       restore_best} (off), which matter only with {@code patience}.
 * </ul>
 *
 * <p>A configuration that exists is valid in itself: the constructor rejects a negative epoch
 * count or batch size, a split outside (0, 1), a clip that is not positive and a patience below 1.
 * What depends on the data or the model (a split that leaves one side without rows, early stopping
 * without a validation set) is the {@link Trainer}'s to check. The model's and the command line's
 * words for these settings are read, with their own messages, by the generator's
 * {@code io.gradgen.check.TrainingSettings}.
 *
 * <pre>
 * TrainingConfig.defaults().withEpochs(10).withPrecision(Precision.F32)
 * TrainingConfig.defaults().withSplit(1.5)    // IllegalArgumentException: split must be between 0 and 1, not 1.5
 * </pre>
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
    Precision precision,
    double minDelta,
    boolean restoreBest) {

  public enum Reduction {
    MEAN,
    SUM
  }

  public TrainingConfig {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(reduction, "reduction");
    Objects.requireNonNull(precision, "precision");
    if (epochs < 0 || batchSize < 0) {
      throw new IllegalArgumentException("epochs and batch size must not be negative");
    }
    if (split != null && !(split > 0 && split < 1)) {
      throw new IllegalArgumentException("split must be between 0 and 1, not " + split);
    }
    if (clip != null && !(clip > 0)) {
      throw new IllegalArgumentException("clip must be positive, not " + clip);
    }
    if (patience != null && patience < 1) {
      throw new IllegalArgumentException("patience must be at least 1, not " + patience);
    }
    if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
      throw new IllegalArgumentException("min_delta must be a finite number of at least 0, not " + minDelta);
    }
  }

  /** Early stopping without {@code min_delta} or {@code restore_best}, as configurations were before them. */
  public TrainingConfig(OptimizerSpec optimizer, int batchSize, int epochs, boolean shuffle, long shuffleSeed,
      Double split, ScheduleSpec schedule, Double clip, Integer patience, Reduction reduction, Precision precision) {
    this(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience, reduction, precision,
        0, false);
  }

  // One setting changed, the others kept: config.withEpochs(10).withPrecision(Precision.F32).

  public TrainingConfig withOptimizer(OptimizerSpec optimizer) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  public TrainingConfig withBatchSize(int batchSize) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  public TrainingConfig withEpochs(int epochs) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  /** Shuffling on or off; {@code seed} is used only when it is on. */
  public TrainingConfig withShuffle(boolean shuffle, long seed) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, seed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  /** {@code null} for no validation set. */
  public TrainingConfig withSplit(Double split) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  public TrainingConfig withSchedule(ScheduleSpec schedule) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  /** {@code null} for no clipping. */
  public TrainingConfig withClip(Double clip) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  /** {@code null} for no early stopping. */
  public TrainingConfig withPatience(Integer patience) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  /**
   * Early stopping's {@code min_delta} (an improvement is a fall by more than it) and {@code
   * restore_best} (the result is the best epoch's parameters).
   */
  public TrainingConfig withStopOptions(double minDelta, boolean restoreBest) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  public TrainingConfig withReduction(Reduction reduction) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
  }

  public TrainingConfig withPrecision(Precision precision) {
    return new TrainingConfig(optimizer, batchSize, epochs, shuffle, shuffleSeed, split, schedule, clip, patience,
        reduction, precision, minDelta, restoreBest);
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

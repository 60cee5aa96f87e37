package io.gradgen.runtime.train;

import io.gradgen.runtime.ModelLayout;

/**
 * A model bound to its data: what the {@link Trainer} minimises, whatever computes it (a generated
 * Java kernel of either precision, the interpreted autograd, a GPU).
 *
 * <p>Rows are addressed by position in the objective's current arrangement: {@link #arrange} puts
 * training rows in a new order (shuffling) without touching the rest. Losses and gradients are
 * <em>sums</em> over rows; the trainer applies the reduction. A model without inputs has exactly
 * one row, and its loss is the whole objective.
 *
 * <p>An instance is used by one thread at a time; {@link #copyForThread()} gives another that shares
 * the parameters and data but owns its scratch space.
 */
public interface Objective {

  ModelLayout layout();

  /** Number of rows, all of them (training and validation); 1 for a model without inputs. */
  int rows();

  /**
   * Makes {@code params} the current parameters (all threads' copies see them). An f32 objective
   * rounds them to float: {@code params} is updated in place to the values actually used.
   */
  void setParameters(double[] params);

  /** Summed loss over rows {@code [from, to)}; the summed gradient is added into {@code gradient}. */
  double lossAndGradient(int from, int to, double[] gradient);

  /** Summed loss over rows {@code [from, to)}. */
  double loss(int from, int to);

  /** Whether {@link #lossGradientAndHessianVector} is implemented by this objective's kernel. */
  default boolean hasHessianVectorProducts() {
    return false;
  }

  /**
   * Summed loss over rows {@code [from, to)} with the current parameters; the summed gradient is
   * added into {@code gradient} and the summed Hessian-vector product {@code H·direction} into
   * {@code hessianVector} (see {@link io.gradgen.runtime.DoubleKernel#lossGradientAndHessianVector}).
   *
   * @throws UnsupportedOperationException when {@link #hasHessianVectorProducts()} is false
   */
  default double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
      double[] hessianVector) {
    throw new UnsupportedOperationException("this objective computes no Hessian-vector products");
  }

  /** The output of one row, into {@code output}. */
  void predict(int row, double[] output);

  /**
   * The value of each metric ({@link ModelLayout#metrics()}) of the row at position {@code row},
   * into {@code values}, with the current parameters (see {@link io.gradgen.runtime.DoubleKernel#metrics}).
   */
  default void metrics(int row, double[] values) {
    if (!layout().metrics().isEmpty()) {
      throw new UnsupportedOperationException("this objective computes no metrics");
    }
  }

  /**
   * Puts the original rows {@code order[0..]} at positions {@code 0 .. order.length - 1}; positions
   * from {@code order.length} on keep their original rows. Each call starts from the original order.
   * The trainer reuses {@code order} for the next epoch: do not keep it past the call.
   */
  void arrange(int[] order);

  Objective copyForThread();

  /**
   * The trainer is done with steps (what follows is its final loss pass): an objective warming a
   * faster kernel in the background can stop.
   */
  default void trainingEnded() {}

  /**
   * The trainer's estimate of the rows {@link #lossAndGradient} will compute over the whole run
   * (epochs times training rows): an objective that could warm a faster kernel weighs the warm-up
   * against the work left.
   */
  default void expectRows(long rows) {}

  /** What the kernel's {@link #epoch} does each step, or null where there is none (see {@link EpochShape}). */
  default EpochShape epochShape() {
    return null;
  }

  /** Whether {@link #epoch} takes plain SGD steps without clipping. */
  default boolean hasSgdEpoch() {
    return new EpochShape(OptimizerSpec.Kind.SGD, false).equals(epochShape());
  }

  /**
   * One epoch of optimizer steps over training rows {@code [0, rows)}, computed by the kernel in
   * one call, starting from the current parameters: see {@link
   * io.gradgen.runtime.DoubleKernel#epoch}. The rows are those of the current arrangement, or
   * with {@code order} the original rows {@code order[0], order[1], …} (as {@link #arrange} would
   * have put them, without copying a row; the trainer's permutations are not checked again).
   * Afterwards {@code params} holds, and the objective uses, the parameters after the last step
   * taken (rounded as {@link #setParameters} rounds them), and {@code step}'s buffers are advanced.
   *
   * @return the steps taken; fewer than the epoch's when the next one would have diverged
   */
  default int epoch(int[] order, int rows, int batch, boolean mean, EpochStep step, double[] params,
      double[] epochLoss) {
    throw new IllegalStateException("this objective has no epoch kernel");
  }
}

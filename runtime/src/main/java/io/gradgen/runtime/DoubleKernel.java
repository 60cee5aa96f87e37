package io.gradgen.runtime;

import io.gradgen.runtime.train.EpochShape;
import io.gradgen.runtime.train.EpochStep;

/**
 * The kernel contract for {@code precision f64}. Parameters are one flat array laid out as
 * {@link ModelLayout#params()} says; data is a flat row-major array of rows {@link
 * ModelLayout#rowWidth()} wide.
 *
 * <p>An instance owns scratch space, so one instance serves one thread at a time; {@link #copy()}
 * gives another. None of the methods allocate.
 *
 * <p>For a model without inputs, {@code data} is ignored and the only valid range is {@code [0, 1)}.
 */
public interface DoubleKernel extends Kernel {

  /**
   * The per-sample loss summed over rows {@code [from, to)}, and its gradient with respect to every
   * parameter summed over the same rows and <em>added</em> into {@code gradient}.
   */
  double lossAndGradient(double[] params, double[] data, int from, int to, double[] gradient);

  /** The per-sample loss summed over rows {@code [from, to)}, without the gradient. */
  double loss(double[] params, double[] data, int from, int to);

  /** Writes the model's {@code output} for one row into {@code output[0 .. outputSize)}. */
  void predict(double[] params, double[] data, int row, double[] output);

  /** A new instance with its own scratch space. */
  DoubleKernel copy();

  /**
   * Whether {@link #lossGradientAndHessianVector} is implemented (a kernel generated with
   * second-order code, or the interpreted autograd).
   */
  default boolean hasHessianVectorProducts() {
    return false;
  }

  /**
   * In one pass over rows {@code [from, to)}: the summed per-sample loss (returned), the summed
   * gradient <em>added</em> into {@code gradient}, and the summed Hessian-vector product {@code
   * H·direction} <em>added</em> into {@code hessianVector}; {@code direction} is in the flat
   * parameter layout, like {@code params}. The loss and gradient are those of {@link
   * #lossAndGradient}, to the bit. No allocation.
   *
   * @throws IllegalStateException when {@link #hasHessianVectorProducts()} is false
   */
  default double lossGradientAndHessianVector(double[] params, double[] data, int from, int to, double[] direction,
      double[] gradient, double[] hessianVector) {
    throw new IllegalStateException(layout().modelName() + "'s kernel computes no Hessian-vector products");
  }

  /**
   * Writes the value of each of the model's metrics ({@link ModelLayout#metrics()}, in that order)
   * for one row into {@code values[0 .. metrics)}; a kernel of a model without metrics writes
   * nothing. A metric is computed as the model declares it, never differentiated.
   */
  default void metrics(double[] params, double[] data, int row, double[] values) {
    if (!layout().metrics().isEmpty()) {
      throw new IllegalStateException(layout().modelName() + "'s kernel computes no metrics");
    }
  }

  /**
   * What this kernel's {@link #epoch} does each step (which optimizer, whether it clips), or null
   * where it has none. The emitter writes one for small models (every value in locals, every
   * gradient summed in locals), whose steps are too short for a call and a trip through the
   * trainer's arrays to be cheap beside them, for the training settings it generates for.
   */
  default EpochShape epochShape() {
    return null;
  }

  /**
   * One epoch of optimizer steps in one call: for each batch {@code [from, min(from + batch,
   * rows))} in order (of the rows of {@code data}, or of rows {@code order[from] …} when {@code
   * order} is not null), the loss and gradient as {@link #lossAndGradient} sums them (from a zeroed
   * gradient), the gradient divided by the batch's rows when {@code mean} and there are two or
   * more, clipped when the shape says so, then the {@linkplain #epochShape() shape}'s optimizer's
   * update into {@code params}, its buffers advanced in {@code step}'s arrays: exactly the trainer's
   * step, to the bit. It stops at the first step whose loss, gradient or new parameters are not all
   * finite, leaving {@code params} as they were before it (the buffers are then the trainer's to
   * rewind).
   *
   * @param epochLoss {@code epochLoss[0]} receives the sum of the losses of the steps taken
   * @return the number of steps taken: all of the epoch's unless one would have diverged
   * @throws IllegalStateException when {@link #epochShape()} is null
   */
  default int epoch(double[] params, double[] data, int[] order, int rows, int batch, boolean mean, EpochStep step,
      double[] epochLoss) {
    throw new IllegalStateException(layout().modelName() + "'s kernel has no epoch kernel");
  }
}

package io.gradgen.runtime;

import io.gradgen.runtime.train.EpochShape;
import io.gradgen.runtime.train.EpochStep;

/**
 * The kernel contract for {@code precision f32}: parameters and data are {@code float}; the loss,
 * the gradient and the output are accumulated and returned in {@code double}. Otherwise exactly as
 * {@link DoubleKernel}.
 */
public interface FloatKernel extends Kernel {

  double lossAndGradient(float[] params, float[] data, int from, int to, double[] gradient);

  double loss(float[] params, float[] data, int from, int to);

  void predict(float[] params, float[] data, int row, double[] output);

  FloatKernel copy();

  /** As {@link DoubleKernel#hasHessianVectorProducts}. */
  default boolean hasHessianVectorProducts() {
    return false;
  }

  /**
   * As {@link DoubleKernel#lossGradientAndHessianVector}: the direction is float like the params;
   * the loss, gradient and product are accumulated in double.
   */
  default double lossGradientAndHessianVector(float[] params, float[] data, int from, int to, float[] direction,
      double[] gradient, double[] hessianVector) {
    throw new IllegalStateException(layout().modelName() + "'s kernel computes no Hessian-vector products");
  }

  /**
   * Writes the value of each of the model's metrics ({@link ModelLayout#metrics()}, in that order)
   * for one row into {@code values[0 .. metrics)}; a kernel of a model without metrics writes
   * nothing. A metric is computed as the model declares it, never differentiated.
   */
  default void metrics(float[] params, float[] data, int row, double[] values) {
    if (!layout().metrics().isEmpty()) {
      throw new IllegalStateException(layout().modelName() + "'s kernel computes no metrics");
    }
  }

  /** As {@link DoubleKernel#epochShape}. */
  default EpochShape epochShape() {
    return null;
  }

  /**
   * As {@link DoubleKernel#epoch}, with each step's new parameters rounded to float as they are
   * stored, as the trainer's {@code setParameters} rounds them.
   */
  default int epoch(float[] params, float[] data, int[] order, int rows, int batch, boolean mean, EpochStep step,
      double[] epochLoss) {
    throw new IllegalStateException(layout().modelName() + "'s kernel has no epoch kernel");
  }
}

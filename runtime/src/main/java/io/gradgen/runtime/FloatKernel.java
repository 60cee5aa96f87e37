package io.gradgen.runtime;

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

  /** As {@link DoubleKernel#hasSgdEpoch}. */
  default boolean hasSgdEpoch() {
    return false;
  }

  /**
   * As {@link DoubleKernel#sgdEpoch}, with each step's new parameters rounded to float as they are
   * stored, as the trainer's {@code setParameters} rounds them.
   */
  default int sgdEpoch(float[] params, float[] data, int[] order, int rows, int batch, double lr,
      boolean mean, double[] epochLoss) {
    throw new IllegalStateException(layout().modelName() + "'s kernel has no epoch kernel");
  }
}

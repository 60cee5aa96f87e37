package io.gradgen.runtime.train;

import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.ModelLayout;

/**
 * A {@link FloatKernel} as an {@link Objective}; see {@link KernelObjective}, which builds it.
 * Parameters are rounded to float on the way in, and the rounded values are written back into the
 * caller's array: the optimizer then continues from exactly the values the kernel used.
 */
final class FloatObjective implements Objective {

  /** What all thread copies share: data (pristine and working), parameters, the arrangement. */
  static final class Shared {
    final float[] pristine;
    final float[] working;
    final float[] params;
    final int width;
    final int rows;
    int arranged;

    Shared(float[] pristine, int width, int rows, int parameterCount) {
      this.pristine = pristine;
      this.working = pristine.clone();
      this.params = new float[parameterCount];
      this.width = width;
      this.rows = rows;
    }
  }

  private final FloatKernel kernel;
  private final Shared shared;

  FloatObjective(FloatKernel kernel, Shared shared) {
    this.kernel = kernel;
    this.shared = shared;
  }

  @Override
  public ModelLayout layout() {
    return kernel.layout();
  }

  @Override
  public int rows() {
    return shared.rows;
  }

  @Override
  public void setParameters(double[] params) {
    for (int i = 0; i < shared.params.length; i++) {
      float rounded = (float) params[i];
      shared.params[i] = rounded;
      params[i] = rounded;
    }
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    return kernel.lossAndGradient(shared.params, shared.working, from, to, gradient);
  }

  @Override
  public double loss(int from, int to) {
    return kernel.loss(shared.params, shared.working, from, to);
  }

  @Override
  public void predict(int row, double[] output) {
    kernel.predict(shared.params, shared.working, row, output);
  }

  @Override
  public void arrange(int[] order) {
    int width = shared.width;
    shared.arranged =
        KernelObjective.arrange(
            order,
            shared.arranged,
            shared.rows,
            (row, position) ->
                System.arraycopy(shared.pristine, row * width, shared.working, position * width, width));
  }

  @Override
  public Objective copyForThread() {
    return new FloatObjective(kernel.copy(), shared);
  }
}

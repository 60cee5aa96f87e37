package io.gradgen.runtime.train;

import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.ModelLayout;

/**
 * A {@link DoubleKernel} as an {@link Objective}; see {@link KernelObjective}, which builds it.
 * Parameters are copied into the shared array rather than aliased, so the trainer may update its
 * own array while no step is running without the kernel seeing half an update.
 */
final class DoubleObjective implements Objective {

  /** What all thread copies share: data (pristine and working), parameters, the arrangement. */
  static final class Shared {
    final double[] pristine;
    final double[] working;
    final double[] params;
    final int width;
    final int rows;
    int arranged;

    Shared(double[] pristine, int width, int rows, int parameterCount) {
      this.pristine = pristine;
      this.working = pristine.clone();
      this.params = new double[parameterCount];
      this.width = width;
      this.rows = rows;
    }
  }

  private final DoubleKernel kernel;
  private final Shared shared;

  DoubleObjective(DoubleKernel kernel, Shared shared) {
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
    System.arraycopy(params, 0, shared.params, 0, shared.params.length);
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
    return new DoubleObjective(kernel.copy(), shared);
  }
}

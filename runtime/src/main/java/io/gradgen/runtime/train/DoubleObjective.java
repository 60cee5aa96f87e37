package io.gradgen.runtime.train;

import io.gradgen.runtime.ClassIndexException;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.ModelLayout;

/**
 * A {@link DoubleKernel} as an {@link Objective}; see {@link KernelObjective}, which builds it.
 * Parameters are copied into the shared array rather than aliased, so the trainer may update its
 * own array while no step is running without the kernel seeing half an update.
 */
final class DoubleObjective implements Objective, Twin {

  /**
   * What all thread copies share: the data, the parameters, the arrangement. {@code working} is
   * what the kernel reads: {@code pristine} itself until an {@link #arrange} reorders rows, then
   * {@code arranged}, a copy allocated on first use whose rows {@code [0, reordered)} may differ
   * from the pristine ones.
   */
  static final class Shared {
    final double[] pristine;
    final double[] params;
    final int width;
    final int rows;
    double[] working;
    double[] arranged;
    int reordered;

    /** Where the rows came from, for an error in one of them. */
    final String source;

    Shared(double[] pristine, int width, int rows, int parameterCount, String source) {
      this.source = source;
      this.pristine = pristine;
      this.working = pristine;
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
    try {
      return kernel.lossAndGradient(shared.params, shared.working, from, to, gradient);
    } catch (ClassIndexException e) {
      throw located(e);
    }
  }

  @Override
  public double loss(int from, int to) {
    try {
      return kernel.loss(shared.params, shared.working, from, to);
    } catch (ClassIndexException e) {
      throw located(e);
    }
  }

  @Override
  public boolean hasHessianVectorProducts() {
    return kernel.hasHessianVectorProducts();
  }

  @Override
  public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
      double[] hessianVector) {
    if (!kernel.hasHessianVectorProducts()) {
      return Objective.super.lossGradientAndHessianVector(from, to, direction, gradient, hessianVector);
    }
    try {
      return kernel.lossGradientAndHessianVector(shared.params, shared.working, from, to, direction, gradient,
          hessianVector);
    } catch (ClassIndexException e) {
      throw located(e);
    }
  }

  private RuntimeException located(ClassIndexException e) {
    return KernelObjective.located(e, kernel.layout(), shared.rows, shared.source,
        row -> kernel.loss(shared.params, shared.pristine, row, row + 1));
  }

  @Override
  public void predict(int row, double[] output) {
    kernel.predict(shared.params, shared.working, row, output);
  }

  @Override
  public void metrics(int row, double[] values) {
    try {
      kernel.metrics(shared.params, shared.working, row, values);
    } catch (ClassIndexException e) {
      double[] scratch = new double[values.length];
      throw KernelObjective.located(e, kernel.layout(), shared.rows, shared.source,
          at -> kernel.metrics(shared.params, shared.pristine, at, scratch));
    }
  }

  @Override
  public void arrange(int[] order) {
    KernelObjective.checkOrder(order, shared.rows);
    if (order.length == 0) {
      shared.working = shared.pristine; // the original order, with nothing to copy
      return;
    }
    if (shared.arranged == null) {
      shared.arranged = shared.pristine.clone();
    }
    double[] from = shared.pristine;
    double[] to = shared.arranged;
    int width = shared.width;
    for (int position = 0; position < order.length; position++) {
      copyRow(from, order[position] * width, to, position * width, width);
    }
    for (int position = order.length; position < shared.reordered; position++) {
      copyRow(from, position * width, to, position * width, width);
    }
    shared.reordered = order.length;
    shared.working = to;
  }

  /** A plain loop, not {@code System.arraycopy}: rows are often a handful of values. */
  private static void copyRow(double[] from, int fromIndex, double[] to, int toIndex, int width) {
    for (int k = 0; k < width; k++) {
      to[toIndex + k] = from[fromIndex + k];
    }
  }

  @Override
  public EpochShape epochShape() {
    return kernel.epochShape();
  }

  @Override
  public int epoch(int[] order, int rows, int batch, boolean mean, EpochStep step, double[] params,
      double[] epochLoss) {
    int steps;
    try {
      steps = kernel.epoch(shared.params, order == null ? shared.working : shared.pristine, order, rows, batch,
          mean, step, epochLoss);
    } catch (ClassIndexException e) {
      throw located(e);
    }
    System.arraycopy(shared.params, 0, params, 0, params.length);
    return steps;
  }

  @Override
  public Objective twin(io.gradgen.runtime.Kernel other) {
    return new DoubleObjective((DoubleKernel) other, shared);
  }

  @Override
  public Objective sandbox(io.gradgen.runtime.Kernel other) {
    Shared own = new Shared(shared.pristine, shared.width, shared.rows, shared.params.length, shared.source);
    System.arraycopy(shared.params, 0, own.params, 0, own.params.length);
    return new DoubleObjective((DoubleKernel) other, own);
  }

  @Override
  public Objective copyForThread() {
    return new DoubleObjective(kernel.copy(), shared);
  }
}

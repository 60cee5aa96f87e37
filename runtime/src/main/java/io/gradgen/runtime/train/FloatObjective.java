package io.gradgen.runtime.train;

import io.gradgen.runtime.ClassIndexException;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.ModelLayout;

/**
 * A {@link FloatKernel} as an {@link Objective}; see {@link KernelObjective}, which builds it.
 * Parameters are rounded to float on the way in, and the rounded values are written back into the
 * caller's array: the optimizer then continues from exactly the values the kernel used.
 */
final class FloatObjective implements Objective, Twin {

  /**
   * What all thread copies share: the data, the parameters, the arrangement. {@code working} is
   * what the kernel reads: {@code pristine} itself until an {@link #arrange} reorders rows, then
   * {@code arranged}, a copy allocated on first use whose rows {@code [0, reordered)} may differ
   * from the pristine ones.
   */
  static final class Shared {
    final float[] pristine;
    final float[] params;
    final int width;
    final int rows;
    float[] working;
    float[] arranged;
    int reordered;

    /** Where the rows came from, for an error in one of them. */
    final String source;

    Shared(float[] pristine, int width, int rows, int parameterCount, String source) {
      this.source = source;
      this.pristine = pristine;
      this.working = pristine;
      this.params = new float[parameterCount];
      this.width = width;
      this.rows = rows;
    }
  }

  private final FloatKernel kernel;
  private final Shared shared;
  /** The direction of a Hessian-vector product, rounded to float: this copy's own. */
  private float[] floatDirection;

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

  /**
   * The direction is rounded to float, as the params are, into this copy's own array (allocated on
   * the first call, so the other methods of an objective without second order cost nothing more).
   */
  @Override
  public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
      double[] hessianVector) {
    if (!kernel.hasHessianVectorProducts()) {
      return Objective.super.lossGradientAndHessianVector(from, to, direction, gradient, hessianVector);
    }
    if (floatDirection == null) {
      floatDirection = new float[shared.params.length];
    }
    for (int i = 0; i < floatDirection.length; i++) {
      floatDirection[i] = (float) direction[i];
    }
    try {
      return kernel.lossGradientAndHessianVector(shared.params, shared.working, from, to, floatDirection, gradient,
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
    float[] from = shared.pristine;
    float[] to = shared.arranged;
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
  private static void copyRow(float[] from, int fromIndex, float[] to, int toIndex, int width) {
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
    for (int i = 0; i < params.length; i++) {
      params[i] = shared.params[i];
    }
    return steps;
  }

  @Override
  public Objective twin(io.gradgen.runtime.Kernel other) {
    return new FloatObjective((FloatKernel) other, shared);
  }

  @Override
  public Objective sandbox(io.gradgen.runtime.Kernel other) {
    Shared own = new Shared(shared.pristine, shared.width, shared.rows, shared.params.length, shared.source);
    System.arraycopy(shared.params, 0, own.params, 0, own.params.length);
    return new FloatObjective((FloatKernel) other, own);
  }

  @Override
  public Objective copyForThread() {
    return new FloatObjective(kernel.copy(), shared);
  }
}

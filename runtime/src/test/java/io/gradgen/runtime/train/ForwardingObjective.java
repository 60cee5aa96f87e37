package io.gradgen.runtime.train;

import io.gradgen.runtime.ModelLayout;

/**
 * An {@link Objective} that hands every call to another, for test fixtures that change or watch
 * one of them. Fixtures count or record calls, so they are for single-threaded trainers only.
 */
abstract class ForwardingObjective implements Objective {
  final Objective inner;

  ForwardingObjective(Objective inner) {
    this.inner = inner;
  }

  @Override
  public ModelLayout layout() {
    return inner.layout();
  }

  @Override
  public int rows() {
    return inner.rows();
  }

  @Override
  public void setParameters(double[] params) {
    inner.setParameters(params);
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    return inner.lossAndGradient(from, to, gradient);
  }

  @Override
  public double loss(int from, int to) {
    return inner.loss(from, to);
  }

  @Override
  public void predict(int row, double[] output) {
    inner.predict(row, output);
  }

  @Override
  public void arrange(int[] order) {
    inner.arrange(order);
  }

  /** Copies would count or record apart from this one: train these fixtures with one thread. */
  @Override
  public Objective copyForThread() {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is for single-threaded tests");
  }
}

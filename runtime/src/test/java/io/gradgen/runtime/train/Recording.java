package io.gradgen.runtime.train;

import io.gradgen.runtime.ModelLayout;
import java.util.ArrayList;
import java.util.List;

/** An {@link Objective} that remembers the row ranges it was asked for gradients over. */
final class Recording implements Objective {
  final Objective inner;
  final List<int[]> gradientCalls = new ArrayList<>();

  Recording(Objective inner) {
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
    gradientCalls.add(new int[] {from, to});
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

  @Override
  public Objective copyForThread() {
    throw new UnsupportedOperationException("single-threaded tests only");
  }
}

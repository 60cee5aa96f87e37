package io.gradgen.runtime.train;

import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;

/** {@link LinearKernel} in f32: float params and data, double sums, as the f32 contract says. */
final class LinearFloatKernel implements FloatKernel {

  @Override
  public ModelLayout layout() {
    return LinearKernel.layout(Precision.F32);
  }

  @Override
  public double lossAndGradient(float[] params, float[] data, int from, int to, double[] gradient) {
    double loss = 0;
    for (int row = from; row < to; row++) {
      double x = data[2 * row];
      double r = (double) params[0] * x + params[1] - data[2 * row + 1];
      loss += r * r;
      gradient[0] += 2 * r * x;
      gradient[1] += 2 * r;
    }
    return loss;
  }

  @Override
  public double loss(float[] params, float[] data, int from, int to) {
    double loss = 0;
    for (int row = from; row < to; row++) {
      double r = (double) params[0] * data[2 * row] + params[1] - data[2 * row + 1];
      loss += r * r;
    }
    return loss;
  }

  @Override
  public void predict(float[] params, float[] data, int row, double[] output) {
    output[0] = (double) params[0] * data[2 * row] + params[1];
  }

  @Override
  public FloatKernel copy() {
    return new LinearFloatKernel();
  }
}

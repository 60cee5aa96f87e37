package io.gradgen.runtime.train;

import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import java.util.List;

/** {@code param x = 0; loss (x − 2)² + 1}, no inputs: the seed example 2. Gradient {@code 2(x − 2)}. */
final class ParabolaKernel implements DoubleKernel {

  @Override
  public ModelLayout layout() {
    return new ModelLayout(
        "Parabola",
        List.of(new ParamSlot("x", List.of(), 0, new Init.Zeros())),
        List.of(),
        null,
        null,
        Precision.F64);
  }

  @Override
  public double lossAndGradient(double[] params, double[] data, int from, int to, double[] gradient) {
    double d = params[0] - 2;
    gradient[0] += 2 * d;
    return d * d + 1;
  }

  @Override
  public double loss(double[] params, double[] data, int from, int to) {
    double d = params[0] - 2;
    return d * d + 1;
  }

  @Override
  public void predict(double[] params, double[] data, int row, double[] output) {}

  @Override
  public DoubleKernel copy() {
    return this;
  }
}

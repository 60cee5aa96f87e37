package io.gradgen.runtime.train;

import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.Init;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;
import io.gradgen.runtime.Precision;
import java.util.List;

/**
 * A hand-written kernel for {@code ŷ = w·x + b}, {@code loss (ŷ − y)²}: params {@code [w, b]}, rows
 * {@code [x, y]}. Gradient by hand: {@code r = w·x + b − y}, {@code dw = 2r·x}, {@code db = 2r}.
 */
final class LinearKernel implements DoubleKernel {

  static ModelLayout layout(Precision precision) {
    return new ModelLayout(
        "Line",
        List.of(
            new ParamSlot("w", List.of(), 0, new Init.Zeros()),
            new ParamSlot("b", List.of(), 1, new Init.Zeros())),
        List.of(
            new DataSlot("x", false, List.of(), 0, List.of()),
            new DataSlot("y", true, List.of(), 1, List.of())),
        List.of(),
        "yhat",
        precision);
  }

  @Override
  public ModelLayout layout() {
    return layout(Precision.F64);
  }

  @Override
  public double lossAndGradient(double[] params, double[] data, int from, int to, double[] gradient) {
    double loss = 0;
    for (int row = from; row < to; row++) {
      double x = data[2 * row];
      double r = params[0] * x + params[1] - data[2 * row + 1];
      loss += r * r;
      gradient[0] += 2 * r * x;
      gradient[1] += 2 * r;
    }
    return loss;
  }

  @Override
  public double loss(double[] params, double[] data, int from, int to) {
    double loss = 0;
    for (int row = from; row < to; row++) {
      double r = params[0] * data[2 * row] + params[1] - data[2 * row + 1];
      loss += r * r;
    }
    return loss;
  }

  @Override
  public void predict(double[] params, double[] data, int row, double[] output) {
    output[0] = params[0] * data[2 * row] + params[1];
  }

  @Override
  public DoubleKernel copy() {
    return new LinearKernel();
  }
}

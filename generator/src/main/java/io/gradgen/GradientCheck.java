package io.gradgen;

import io.gradgen.runtime.train.Objective;

/** Central finite differences of an objective's summed loss, element by element. */
public final class GradientCheck {
  private GradientCheck() {}

  /**
   * For each parameter element, {@code |g − fd| / max(|g|, |fd|, 1e-3)}: the relative error, with
   * differences of tiny gradients measured against 1e-3 so that rounding noise does not count.
   */
  public static double[] relativeErrors(Objective objective, double[] params) {
    int rows = objective.rows();
    double[] gradient = new double[params.length];
    objective.setParameters(params.clone());
    objective.lossAndGradient(0, rows, gradient);
    double[] errors = new double[params.length];
    for (int i = 0; i < params.length; i++) {
      double h = 1e-6 * Math.max(1, Math.abs(params[i]));
      double[] shifted = params.clone();
      shifted[i] = params[i] + h;
      objective.setParameters(shifted);
      double up = objective.loss(0, rows);
      shifted[i] = params[i] - h;
      objective.setParameters(shifted);
      double down = objective.loss(0, rows);
      double estimate = (up - down) / (2 * h);
      double scale = Math.max(Math.max(Math.abs(gradient[i]), Math.abs(estimate)), 1e-3);
      errors[i] = Math.abs(gradient[i] - estimate) / scale;
    }
    objective.setParameters(params.clone());
    return errors;
  }
}

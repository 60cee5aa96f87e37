package io.gradgen;

import io.gradgen.runtime.train.Objective;
import java.util.Arrays;

/**
 * Central finite differences of an objective's summed loss, element by element: the numerical
 * oracle that {@link GradientAgreement} (and so {@code gradgen check}) and the finite-difference
 * corpus test share. The step is {@code 1e-6 · max(1, |x|)}.
 */
public final class GradientCheck {
  private GradientCheck() {}

  /**
   * {@code (L(x + h) − L(x − h)) / 2h} for each parameter element, or null if a loss it needs is
   * not finite. The objective's parameters are {@code params} again afterwards.
   */
  public static double[] centralDifferences(Objective objective, double[] params) {
    int rows = objective.rows();
    double[] estimate = new double[params.length];
    double[] shifted = params.clone();
    try {
      for (int i = 0; i < params.length; i++) {
        double h = step(params[i]);
        shifted[i] = params[i] + h;
        objective.setParameters(shifted.clone());
        double up = objective.loss(0, rows);
        shifted[i] = params[i] - h;
        objective.setParameters(shifted.clone());
        double down = objective.loss(0, rows);
        shifted[i] = params[i];
        if (!Double.isFinite(up) || !Double.isFinite(down)) {
          return null;
        }
        estimate[i] = (up - down) / (2 * h);
      }
      return estimate;
    } finally {
      objective.setParameters(params.clone());
    }
  }

  /** The step of the central difference at a parameter element of value {@code x}: {@code 1e-6 · max(1, |x|)}. */
  public static double step(double x) {
    return 1e-6 * Math.max(1, Math.abs(x));
  }

  /**
   * For each parameter element, the objective's own gradient against its central differences, as
   * {@link GradientAgreement#relativeError}: {@code |g − fd| / max(|g|, |fd|, 1e-3)}; every element
   * infinitely wrong where a loss the differences need is not finite.
   */
  public static double[] relativeErrors(Objective objective, double[] params) {
    double[] gradient = new double[params.length];
    objective.setParameters(params.clone());
    objective.lossAndGradient(0, objective.rows(), gradient);
    double[] estimate = centralDifferences(objective, params);
    double[] errors = new double[params.length];
    if (estimate == null) {
      Arrays.fill(errors, Double.POSITIVE_INFINITY);
      return errors;
    }
    for (int i = 0; i < params.length; i++) {
      errors[i] = GradientAgreement.relativeError(gradient[i], estimate[i]);
    }
    return errors;
  }
}

package io.gradgen;

import io.gradgen.runtime.train.Objective;

/**
 * The numerical oracle of second order: central differences of an objective's own gradient along a
 * direction, {@code (g(θ + h·v) − g(θ − h·v)) / 2h ≈ H·v}, which {@link HessianAgreement} (and so
 * {@code gradgen check --hessian}) compares with the Hessian-vector products of the generated and
 * the interpreted backends. The step is {@code h = 1e-6 · max(1, max|θ|) / max|v|}, the gradient
 * check's step for the largest move of any element.
 *
 * <pre>
 * double[] estimate = HessianCheck.centralDifferences(objective, theta, v);   // ≈ H·v
 * </pre>
 */
public final class HessianCheck {
  private HessianCheck() {}

  /** The step along {@code direction} from {@code params}; 0 for a zero direction. */
  static double step(double[] params, double[] direction) {
    double largest = 0;
    double scale = 1;
    for (int i = 0; i < params.length; i++) {
      largest = Math.max(largest, Math.abs(direction[i]));
      scale = Math.max(scale, Math.abs(params[i]));
    }
    return largest == 0 ? 0 : 1e-6 * scale / largest;
  }

  /**
   * Central differences of the summed gradient of {@code objective} over all its rows along {@code
   * direction}, or null where a loss or gradient element they need is not finite; the zero vector
   * for a zero direction. The objective's parameters are {@code params} again afterwards.
   */
  public static double[] centralDifferences(Objective objective, double[] params, double[] direction) {
    int n = params.length;
    double h = step(params, direction);
    double[] estimate = new double[n];
    if (h == 0) {
      return estimate;
    }
    double[] up = new double[n];
    double[] down = new double[n];
    try {
      if (!gradientAt(objective, params, direction, h, up) || !gradientAt(objective, params, direction, -h, down)) {
        return null;
      }
      for (int i = 0; i < n; i++) {
        estimate[i] = (up[i] - down[i]) / (2 * h);
      }
      return estimate;
    } finally {
      objective.setParameters(params.clone());
    }
  }

  private static boolean gradientAt(Objective objective, double[] params, double[] direction, double h,
      double[] gradient) {
    double[] shifted = new double[params.length];
    for (int i = 0; i < params.length; i++) {
      shifted[i] = params[i] + h * direction[i];
    }
    objective.setParameters(shifted);
    if (!Double.isFinite(objective.lossAndGradient(0, objective.rows(), gradient))) {
      return false;
    }
    for (double value : gradient) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }
    return true;
  }

  /** {@code H·direction} by the objective's own Hessian-vector product over all its rows, at {@code params}. */
  public static double[] product(Objective objective, double[] params, double[] direction) {
    objective.setParameters(params.clone());
    double[] gradient = new double[params.length];
    double[] product = new double[params.length];
    objective.lossGradientAndHessianVector(0, objective.rows(), direction, gradient, product);
    return product;
  }

  /** {@code a · b}, summed in index order. */
  public static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}

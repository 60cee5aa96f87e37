package io.gradgen.runtime.train;

/**
 * {@code torch.nn.utils.clip_grad_norm_(params, maxNorm)} on the flat gradient: the L2 norm of the
 * whole gradient (all parameters together) is brought down to at most {@code maxNorm}.
 *
 * <pre>
 * total = sqrt(Σ g²)
 * coef  = maxNorm / (total + 1e-6)
 * g    ← g·coef      only when coef &lt; 1
 * </pre>
 *
 * A gradient (3, 4) clipped to 1 becomes (0.6, 0.8) up to the 1e-6, exactly as PyTorch's; a
 * gradient already shorter than {@code maxNorm} is left untouched, bit for bit.
 */
final class GradientClip {
  private GradientClip() {}

  /** Clips {@code gradient} in place; returns its norm before clipping. */
  static double clip(double[] gradient, double maxNorm) {
    double sumOfSquares = 0;
    for (double g : gradient) {
      sumOfSquares += g * g;
    }
    double total = Math.sqrt(sumOfSquares);
    double coefficient = maxNorm / (total + 1e-6);
    if (coefficient < 1) {
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] *= coefficient;
      }
    }
    return total;
  }
}

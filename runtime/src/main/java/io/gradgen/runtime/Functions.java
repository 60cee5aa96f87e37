package io.gradgen.runtime;

/**
 * Elementary functions that every backend (generated Java, the interpreted autograd, constant
 * folding) computes the same way: where {@link Math}'s version is too slow for a kernel ({@link
 * #tanh}), or where one expression must give the same bits everywhere ({@link #bce}).
 *
 * <p>{@link #tanh} is Cephes's {@code tanh}: a rational approximation below 0.625 and {@code 1 −
 * 2 / (e^{2|x|} + 1)} above, with {@link Math#exp} (a JIT intrinsic). It stays within 2 ulps of
 * {@link Math#tanh} (whose own contract is 2.5 ulps of the exact value) and runs about four times
 * faster: {@code Math.tanh} is a plain Java port of fdlibm, about 20 ns a call, half the time of a
 * 64-unit tanh layer's training step.
 *
 * <pre>
 * Functions.tanh(0.5)  = 0.46211715726000974   (Math.tanh: 0.46211715726000974)
 * Functions.tanh(-0.0) = -0.0,  tanh(±∞) = ±1,  tanh(NaN) = NaN
 * </pre>
 */
public final class Functions {
  private Functions() {}

  /** Beyond this, tanh rounds to ±1 in double. */
  private static final double SATURATED = 22;

  public static double tanh(double x) {
    double z = Math.abs(x);
    if (z >= 0.625) {
      if (z > SATURATED) {
        return x > 0 ? 1.0 : -1.0;
      }
      double t = 1.0 - 2.0 / (Math.exp(2.0 * z) + 1.0);
      return x < 0 ? -t : t;
    }
    if (x == 0.0 || x != x) {
      return x; // ±0 keeps its sign; NaN stays NaN
    }
    double s = x * x;
    double p = (-9.64399179425052238628E-1 * s + -9.92877231001918586564E1) * s
        + -1.61468768441708447952E3;
    double q = ((s + 1.12811678491632931402E2) * s + 2.23548839060100448583E3) * s
        + 4.84406305325125486048E3;
    return x + x * s * (p / q);
  }

  /** PyTorch's floor for the logs of {@code bce}: {@code log 0} counts as −100. */
  public static final double BCE_LOG_CLAMP = -100;

  /**
   * PyTorch's floor for {@code p(1 − p)} in {@code bce}'s gradient: ATen's {@code EPSILON}, which
   * is declared a {@code float}, so the floor is {@code (double) 1e-12f = 9.999999960041972e-13}
   * (PyTorch 1.13: {@code p = 1, y = 0} gives 1000000003995.8029, not 1e12).
   */
  public static final double BCE_EPSILON = (double) 1e-12f;

  /**
   * One element of PyTorch's BCELoss: {@code −(y·max(log p, −100) + (1 − y)·max(log(1 − p), −100))},
   * finite at {@code p = 0} and {@code p = 1}. Every backend computes the loss through this one
   * expression, so they agree to the bit.
   */
  public static double bce(double p, double y) {
    double logP = Math.max(Math.log(p), BCE_LOG_CLAMP);
    double logNotP = Math.max(Math.log(1 - p), BCE_LOG_CLAMP);
    return -(y * logP + (1 - y) * logNotP);
  }
}

package io.gradgen.runtime;

/**
 * Elementary functions that every backend (generated Java, the interpreted autograd, constant
 * folding) computes the same way: where {@link Math}'s version is too slow for a kernel ({@link
 * #tanh}), or where one expression must give the same bits everywhere ({@link #bce}).
 *
 * <p>{@link #tanh} is Cephes's {@code tanh}: a rational approximation below 0.625 and {@code 1 −
 * 2 / (e^{2|x|} + 1)} above, with {@code e^{2|x|}} computed by fdlibm's {@code exp} algorithm
 * written out in plain arithmetic ({@link #exp}) rather than by {@link Math#exp}. It stays within
 * 2 ulps of {@link Math#tanh} (whose own contract is 2.5 ulps of the exact value) and runs about
 * four times faster: {@code Math.tanh} is a plain Java port of fdlibm, about 20 ns a call. Plain
 * arithmetic, not the JIT's {@code exp} stub, is what lets {@code
 * io.gradgen.runtime.simd.VectorFunctions} compute the very same bits four lanes at a time: IEEE
 * addition, multiplication and division round the same in a vector lane as in a scalar.
 *
 * <pre>
 * Functions.tanh(0.5)  = 0.46211715726000974   (Math.tanh: 0.46211715726000974)
 * Functions.tanh(-0.0) = -0.0,  tanh(±∞) = ±1,  tanh(NaN) = NaN
 * </pre>
 */
public final class Functions {
  private Functions() {}

  /** Below this, {@link #tanh} uses the rational approximation; from it on, the exponential. */
  public static final double TANH_RATIONAL_BELOW = 0.625;

  /** Beyond this, tanh rounds to ±1 in double. */
  public static final double TANH_SATURATED = 22;

  // Cephes's tanh: x + x·s·P(s)/Q(s), s = x², for |x| < 0.625.
  public static final double TANH_P0 = -9.64399179425052238628E-1;
  public static final double TANH_P1 = -9.92877231001918586564E1;
  public static final double TANH_P2 = -1.61468768441708447952E3;
  public static final double TANH_Q0 = 1.12811678491632931402E2;
  public static final double TANH_Q1 = 2.23548839060100448583E3;
  public static final double TANH_Q2 = 4.84406305325125486048E3;

  // fdlibm's e_exp.c: ln 2 in two parts, 1/ln 2, and the remez coefficients of its rational form.
  public static final double LN2_HI = 6.93147180369123816490e-01;
  public static final double LN2_LO = 1.90821492927058770002e-10;
  public static final double INV_LN2 = 1.44269504088896338700e+00;
  public static final double EXP_P1 = 1.66666666666666019037e-01;
  public static final double EXP_P2 = -2.77777777770155933842e-03;
  public static final double EXP_P3 = 6.61375632143793436117e-05;
  public static final double EXP_P4 = -1.65339022054652515390e-06;
  public static final double EXP_P5 = 4.13813679705723846039e-08;
  /**
   * 1.5 · 2⁵²: adding it rounds a double below 2⁵¹ in magnitude to an integer, in the current
   * rounding mode (to nearest, ties to even), and leaves that integer in the low mantissa bits.
   */
  public static final double ROUNDING_SHIFTER = 0x1.8p52;

  public static double tanh(double x) {
    double z = Math.abs(x);
    if (z >= TANH_RATIONAL_BELOW) {
      if (z > TANH_SATURATED) {
        return x > 0 ? 1.0 : -1.0;
      }
      double t = 1.0 - 2.0 / (exp(z + z) + 1.0);
      return x < 0 ? -t : t;
    }
    if (x == 0.0 || x != x) {
      return x; // ±0 keeps its sign; NaN stays NaN
    }
    double s = x * x;
    double p = (TANH_P0 * s + TANH_P1) * s + TANH_P2;
    double q = ((s + TANH_Q0) * s + TANH_Q1) * s + TANH_Q2;
    return x + x * s * (p / q);
  }

  /**
   * {@code e^a} for {@code 1 ≤ a ≤ 45} (what {@link #tanh} needs), within 1 ulp: fdlibm's reduction
   * {@code a = k·ln 2 + r}, {@code |r| ≤ ln 2 / 2}, its rational approximation of {@code e^r}, and
   * {@code 2^k} put into the exponent bits. {@code k} comes from {@link #ROUNDING_SHIFTER} rather
   * than a conversion to int, so that every step is an operation a vector lane has too. Outside
   * that range (no overflow, underflow or special-value handling) the result is meaningless.
   */
  static double exp(double a) {
    double shifted = a * INV_LN2 + ROUNDING_SHIFTER;
    double k = shifted - ROUNDING_SHIFTER;
    double hi = a - k * LN2_HI;
    double lo = k * LN2_LO;
    double r = hi - lo;
    double rr = r * r;
    double c = r - rr * (EXP_P1 + rr * (EXP_P2 + rr * (EXP_P3 + rr * (EXP_P4 + rr * EXP_P5))));
    double er = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    return er * twoToThe(Double.doubleToRawLongBits(shifted));
  }

  /** {@code 2^k} from the bits of {@code k + ROUNDING_SHIFTER}, {@code 0 ≤ k ≤ 1023}. */
  private static double twoToThe(long shiftedBits) {
    return Double.longBitsToDouble((shiftedBits << 52) + EXPONENT_ONE);
  }

  /** The bits of 1.0: a biased exponent of 1023 and an empty mantissa. */
  public static final long EXPONENT_ONE = 0x3FF0000000000000L;

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

  /**
   * Element {@code j} of the one-hot vector of class {@code k} (rounded to the nearest integer)
   * among {@code classes}: 1 or 0. A {@code k} that names no class (or is NaN) is a {@link
   * ClassIndexException}, in every backend, as PyTorch refuses it.
   */
  public static double oneHot(double k, int j, int classes) {
    long index = Math.round(k);
    if (index < 0 || index >= classes || Double.isNaN(k)) {
      throw new ClassIndexException(k, classes);
    }
    return index == j ? 1.0 : 0.0;
  }

  /**
   * Element {@code j} of the one-hot vector that reads position {@code k} (rounded to the nearest
   * integer) of an axis of {@code size}, for an index {@code v[k]}: as {@link #oneHot}, but a {@code
   * k} out of range is {@link ClassIndexException#position}, which says it is an index.
   */
  public static double position(double k, int j, int size) {
    long index = Math.round(k);
    if (index < 0 || index >= size || Double.isNaN(k)) {
      throw ClassIndexException.position(k, size, -1);
    }
    return index == j ? 1.0 : 0.0;
  }
}

package io.gradgen.runtime;

/**
 * Elementary functions that every backend (generated Java, the interpreted autograd, constant
 * folding) computes the same way: where {@link Math}'s version is too slow for a kernel ({@link
 * #tanh}), where Java has none ({@link #erf}), or where one expression must give the same bits
 * everywhere ({@link #bce}).
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

  // fdlibm's s_erf.c (Sun Microsystems, 1993), the algorithm glibc's erf, which PyTorch calls,
  // descends from: erf(x) = x + x·R(x²) below 0.84375, erx + P(s)/Q(s) with s = |x| − 1 below
  // 1.25, and 1 − exp(−x² − 0.5625 + R(1/x²)/S(1/x²)) / x up to 6, beyond which it is ±1.
  private static final double ERX = 8.45062911510467529297e-01;
  private static final double EFX = 1.28379167095512586316e-01;
  private static final double EFX8 = 1.02703333676410069053e+00;
  private static final double[] ERF_PP = {1.28379167095512558561e-01, -3.25042107247001499370e-01,
      -2.84817495755985104766e-02, -5.77027029648944159157e-03, -2.37630166566501626084e-05};
  private static final double[] ERF_QQ = {1, 3.97917223959155352819e-01, 6.50222499887672944485e-02,
      5.08130628187576562776e-03, 1.32494738004321644526e-04, -3.96022827877536812320e-06};
  private static final double[] ERF_PA = {-2.36211856075265944077e-03, 4.14856118683748331666e-01,
      -3.72207876035701323847e-01, 3.18346619901161753674e-01, -1.10894694282396677476e-01,
      3.54783043256182359371e-02, -2.16637559486879084300e-03};
  private static final double[] ERF_QA = {1, 1.06420880400844228286e-01, 5.40397917702171048937e-01,
      7.18286544141962662868e-02, 1.26171219808761642112e-01, 1.36370839120290507362e-02,
      1.19844998467991074170e-02};
  private static final double[] ERF_RA = {-9.86494403484714822705e-03, -6.93858572707181764372e-01,
      -1.05586262253232909814e+01, -6.23753324503260060396e+01, -1.62396669462573470355e+02,
      -1.84605092906711035994e+02, -8.12874355063065934246e+01, -9.81432934416914548592e+00};
  private static final double[] ERF_SA = {1, 1.96512716674392571292e+01, 1.37657754143519042600e+02,
      4.34565877475229228821e+02, 6.45387271733267880336e+02, 4.29008140027567833386e+02,
      1.08635005541779435134e+02, 6.57024977031928170135e+00, -6.04244152148580987438e-02};
  /** Where the second erfc fit takes over: about 1/0.35, as fdlibm compares the high word 0x4006DB6E. */
  private static final double ERF_RB_FROM = Double.longBitsToDouble(0x4006DB6E00000000L);
  private static final double[] ERF_RB = {-9.86494292470009928597e-03, -7.99283237680523006574e-01,
      -1.77579549177547519889e+01, -1.60636384855821916062e+02, -6.37566443368389627722e+02,
      -1.02509513161107724954e+03, -4.83519191608651397019e+02};
  private static final double[] ERF_SB = {1, 3.03380607434824582924e+01, 3.25792512996573918826e+02,
      1.53672958608443695994e+03, 3.19985821950859553908e+03, 2.55305040643316442583e+03,
      4.74528541206955367215e+02, -2.24409524465858183362e+01};

  /**
   * The error function, by fdlibm's algorithm (see the constants above), with {@link StrictMath#exp}
   * so that its bits are the same in every JVM, interpreted or compiled: within 1 ulp of glibc's
   * {@code erf}, which PyTorch's {@code torch.erf} is ({@code FunctionsTest} measures it on a grid).
   * {@code erf(±0) = ±0}, {@code erf(±∞) = ±1}, {@code erf(NaN) = NaN}.
   *
   * <pre>
   * Functions.erf(0.5) = 0.5204998778130465,  erf(1) = 0.8427007929497149
   * </pre>
   */
  public static double erf(double x) {
    if (x != x) {
      return x;
    }
    double a = Math.abs(x);
    if (a < 0.84375) {
      if (a < 0x1p-28) {
        // erf(x) = 2x/√π to double precision; 8x first keeps a subnormal x from losing its bits.
        return a < 0x1p-1015 ? 0.125 * (8.0 * x + EFX8 * x) : x + EFX * x;
      }
      double z = x * x;
      return x + x * (horner(ERF_PP, z) / horner(ERF_QQ, z));
    }
    if (a < 1.25) {
      double s = a - 1;
      double ratio = horner(ERF_PA, s) / horner(ERF_QA, s);
      return x >= 0 ? ERX + ratio : -ERX - ratio;
    }
    if (a >= 6) {
      return x >= 0 ? 1.0 : -1.0;
    }
    double s = 1 / (a * a);
    double ratio = a < ERF_RB_FROM ? horner(ERF_RA, s) / horner(ERF_SA, s) : horner(ERF_RB, s) / horner(ERF_SB, s);
    // a with the low 32 bits of its mantissa cleared: z² is exact, and (z − a)(z + a) is small.
    double z = Double.longBitsToDouble(Double.doubleToRawLongBits(a) & 0xFFFFFFFF00000000L);
    double r = StrictMath.exp(-z * z - 0.5625) * StrictMath.exp((z - a) * (z + a) + ratio);
    return x >= 0 ? 1 - r / a : r / a - 1;
  }

  /** c[0] + t·(c[1] + t·(c[2] + …)), in fdlibm's order of operations. */
  private static double horner(double[] c, double t) {
    double sum = c[c.length - 1];
    for (int i = c.length - 2; i >= 0; i--) {
      sum = c[i] + t * sum;
    }
    return sum;
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

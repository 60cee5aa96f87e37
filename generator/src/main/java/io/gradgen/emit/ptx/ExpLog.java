package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;

/**
 * {@code exp}, {@code log}, {@code log1p} and {@code pow} in f64, as PTX instruction sequences
 * written inline where a kernel uses them (PTX has no double-precision transcendental instruction;
 * {@code ex2.approx} and {@code lg2.approx} exist for f32 only and are far from double accuracy).
 * f32 kernels evaluate these in f64 and round the result once.
 *
 * <ul>
 *   <li>{@code exp}: {@code x = k·ln 2 + r}, {@code |r| ≤ ln 2 / 2} (Cody and Waite, two fused
 *       steps), {@code e^r} by its Taylor polynomial to degree 13 (truncation below 2⁻⁵⁷) in
 *       Horner form with {@code fma}, and {@code 2^k} applied in two halves so that results in
 *       the subnormal range round once. Within 1 ulp of {@link Math#exp} on the tests' grid;
 *       {@code +∞} above 709.8, {@code +0} below −745.2, NaN for NaN.
 *   <li>{@code log}: fdlibm's algorithm ({@code e_log.c}): {@code x = 2^k·(1 + f)} with {@code
 *       √2/2 ≤ 1 + f < √2}, {@code s = f / (2 + f)}, its degree-14 polynomial in {@code s},
 *       combined with {@code k·ln 2} split in two; subnormals scaled by 2⁵⁴ first. Under 1 ulp;
 *       NaN below 0, {@code −∞} at ±0, {@code +∞} at {@code +∞}.
 *   <li>{@code log1p(u) = log(w)·u / (w − 1)} with {@code w = 1 + u} (and {@code u} itself where
 *       {@code w} rounds to 1): within a few ulps for finite {@code u > −1}.
 *   <li>{@code pow(a, b) = exp(b·log|a|)}, signed for a negative base and an odd integer exponent,
 *       with {@link Math#pow}'s special cases (zero, one, NaN, infinite and negative arguments);
 *       relative error about {@code (|b·ln a| + 2)} ulps, because {@code log|a|} carries one.
 * </ul>
 */
final class ExpLog {
  private static final PtxType F64 = PtxType.F64;
  /** 1.5·2⁵²: adding it rounds a double of magnitude below 2⁵¹ to an integer. */
  static final double SHIFTER = 0x1.8p52;
  private static final double LOG2E = 1.4426950408889634;
  // ln 2 in two parts, as fdlibm splits it.
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  // ln 2 as a double, and the rest, for the fused reduction of exp.
  private static final double LN2 = 0.6931471805599453;
  private static final double LN2_REST = 2.3190468138462996e-17;
  // fdlibm's log polynomial (e_log.c, Lg1 … Lg7).
  private static final double LG1 = 6.666666666666735130e-01;
  private static final double LG2 = 3.999999999940941908e-01;
  private static final double LG3 = 2.857142874366239149e-01;
  private static final double LG4 = 2.222219843214978396e-01;
  private static final double LG5 = 1.818357216161805012e-01;
  private static final double LG6 = 1.531383769920937332e-01;
  private static final double LG7 = 1.479819860511658591e-01;
  private static final int EXP_DEGREE = 13;

  private final Asm asm;

  ExpLog(Asm asm) {
    this.asm = asm;
  }

  private static Real real(double value) {
    return new Real(F64, value);
  }

  /** {@code e^x}. */
  Reg exp(Operand input) {
    Reg x = asm.inReg(F64, input);
    Reg t = asm.fma(F64, x, real(LOG2E), real(SHIFTER));
    Reg k = asm.sub(F64, t, real(SHIFTER));
    Reg r = asm.fma(F64, k, real(-LN2), x);
    r = asm.fma(F64, k, real(-LN2_REST), r);
    Reg q = asm.mov(F64, real(1.0 / factorial(EXP_DEGREE)));
    for (int n = EXP_DEGREE - 1; n >= 0; n--) {
      q = asm.fma(F64, q, r, real(1.0 / factorial(n)));
    }
    Reg whole = asm.cvt(PtxType.S32, F64, ".rzi", k);
    Reg half = asm.shr(PtxType.S32, whole, Imm.of(1));
    Reg rest = asm.sub(PtxType.S32, whole, half);
    Reg y = asm.mul(F64, asm.mul(F64, q, powerOfTwo(half)), powerOfTwo(rest));
    y = asm.selp(F64, real(Double.POSITIVE_INFINITY), y, asm.setp(Cmp.GT, F64, x, real(709.8)));
    return asm.selp(F64, real(0.0), y, asm.setp(Cmp.LT, F64, x, real(-745.2)));
  }

  /** {@code 2^k} for {@code −1022 ≤ k ≤ 1023}, built in its exponent bits. */
  private Reg powerOfTwo(Reg k) {
    Reg biased = asm.add(PtxType.S32, k, Imm.of(1023));
    Reg high = asm.shl(PtxType.B32, biased, Imm.of(20));
    return asm.join(F64, asm.mov(PtxType.B32, Imm.of(0)), high);
  }

  /** {@code ln x}. */
  Reg log(Operand input) {
    Reg x = asm.inReg(F64, input);
    Reg subnormal = asm.setp(Cmp.LT, F64, x, real(Double.MIN_NORMAL));
    Reg scaled = asm.selp(F64, asm.mul(F64, x, real(0x1p54)), x, subnormal);
    Reg adjust = asm.selp(PtxType.S32, Imm.of(-54), Imm.of(0), subnormal);
    Reg[] halves = asm.split(scaled);
    Reg mantissa = asm.and(PtxType.B32, halves[1], Imm.of(0x000fffff));
    // 0x100000 where the mantissa is at least √2 − 1: then 1 + f is taken from [√2/2, 1) instead.
    Reg up = asm.and(PtxType.B32, asm.add(PtxType.U32, mantissa, Imm.of(0x95f64)), Imm.of(0x100000));
    Reg high = asm.or(PtxType.B32, mantissa, asm.xor(PtxType.B32, up, Imm.of(0x3ff00000)));
    Reg exponent = asm.sub(PtxType.S32, asm.shr(PtxType.S32, halves[1], Imm.of(20)), Imm.of(1023));
    exponent = asm.add(PtxType.S32, exponent, asm.shr(PtxType.U32, up, Imm.of(20)));
    exponent = asm.add(PtxType.S32, exponent, adjust);
    Reg f = asm.sub(F64, asm.join(F64, halves[0], high), real(1.0));
    Reg hfsq = asm.mul(F64, asm.mul(F64, real(0.5), f), f);
    Reg s = asm.div(F64, f, asm.add(F64, real(2.0), f));
    Reg z = asm.mul(F64, s, s);
    Reg w = asm.mul(F64, z, z);
    Reg t1 = asm.mul(F64, w, horner(w, LG2, LG4, LG6));
    Reg t2 = asm.mul(F64, z, horner(w, LG1, LG3, LG5, LG7));
    Reg big = asm.add(F64, t2, t1);
    Reg dk = asm.cvt(F64, PtxType.S32, ".rn", exponent);
    Reg inner = asm.add(F64, asm.mul(F64, s, asm.add(F64, hfsq, big)), asm.mul(F64, dk, real(LN2_LO)));
    Reg y = asm.sub(F64, asm.mul(F64, dk, real(LN2_HI)), asm.sub(F64, asm.sub(F64, hfsq, inner), f));
    y = asm.selp(F64, real(Double.NEGATIVE_INFINITY), y, asm.setp(Cmp.EQ, F64, x, real(0.0)));
    y = asm.selp(F64, real(Double.POSITIVE_INFINITY), y, asm.setp(Cmp.EQ, F64, x, real(Double.POSITIVE_INFINITY)));
    return asm.selp(F64, real(Double.NaN), y, asm.setp(Cmp.LTU, F64, x, real(0.0)));
  }

  /** {@code c0 + w·(c1 + w·(c2 + …))}, plain multiplies and adds, as fdlibm evaluates it. */
  private Reg horner(Reg w, double... coefficients) {
    Reg sum = asm.mov(F64, real(coefficients[coefficients.length - 1]));
    for (int i = coefficients.length - 2; i >= 0; i--) {
      sum = asm.add(F64, real(coefficients[i]), asm.mul(F64, w, sum));
    }
    return sum;
  }

  /** {@code ln(1 + u)}. */
  Reg log1p(Operand input) {
    Reg u = asm.inReg(F64, input);
    Reg w = asm.add(F64, real(1.0), u);
    Reg ratio = asm.div(F64, log(w), asm.sub(F64, w, real(1.0)));
    return asm.selp(F64, u, asm.mul(F64, ratio, u), asm.setp(Cmp.EQ, F64, w, real(1.0)));
  }

  /** {@code a^b}, with {@link Math#pow}'s special cases. */
  Reg pow(Operand base, Operand exponent) {
    Reg a = asm.inReg(F64, base);
    Reg b = asm.inReg(F64, exponent);
    Reg y = exp(asm.mul(F64, b, log(asm.abs(F64, a))));
    Reg truncated = asm.cvt(F64, F64, ".rzi", b);
    Reg integral = asm.setp(Cmp.EQ, F64, truncated, b);
    Reg half = asm.mul(F64, b, real(0.5));
    Reg odd = asm.andPred(integral, asm.setp(Cmp.NE, F64, asm.cvt(F64, F64, ".rzi", half), half));
    Reg negative = asm.setp(Cmp.LT, PtxType.S32, asm.split(a)[1], Imm.of(0));
    y = asm.selp(F64, asm.neg(F64, y), y, asm.andPred(negative, odd));
    Reg finiteNegative = asm.andPred(asm.setp(Cmp.LT, F64, a, real(0.0)),
        asm.setp(Cmp.GT, F64, a, real(Double.NEGATIVE_INFINITY)));
    y = asm.selp(F64, real(Double.NaN), y, asm.andPred(finiteNegative, asm.notPred(integral)));
    y = asm.selp(F64, a, y, asm.setp(Cmp.EQ, F64, b, real(1.0)));
    return asm.selp(F64, real(1.0), y, asm.setp(Cmp.EQ, F64, b, real(0.0)));
  }

  static double factorial(int n) {
    double product = 1;
    for (int i = 2; i <= n; i++) {
      product *= i;
    }
    return product;
  }
}

package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * {@code sin}, {@code cos} and {@code tan} in f64, inline. The argument is reduced by the nearest
 * multiple {@code k} of π/2 in three fused steps with π/2 split into three doubles (so the reduced
 * argument {@code |r| ≤ π/4} keeps full precision while {@code |x| < 2⁵¹}); {@code sin r} and {@code
 * cos r} are their Taylor polynomials to degree 17 and 18 (truncation below 2⁻⁶⁰ on [−π/4, π/4]),
 * {@code k mod 4} picks the quadrant, and {@code tan} is the quotient. {@code sin} and {@code cos}
 * are within 2 ulps of {@link Math#sin} and {@link Math#cos}, {@code tan} within 4, for {@code |x|
 * < 2⁵¹ ≈ 2.3·10¹⁵}; beyond that (no argument reduction is written for it) and for ±∞ and NaN the
 * result is NaN.
 */
final class Trig {
  private static final PtxType F64 = PtxType.F64;
  /** π to 60 digits, whence the constants below. */
  private static final BigDecimal PI = new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494");
  private static final MathContext WIDE = new MathContext(80);
  private static final double[] HALF_PI = split(PI.divide(BigDecimal.valueOf(2), WIDE));
  private static final double TWO_OVER_PI = BigDecimal.valueOf(2).divide(PI, WIDE).doubleValue();
  private static final double LIMIT = 0x1p51;

  private final Asm asm;

  Trig(Asm asm) {
    this.asm = asm;
  }

  /** {@code value} as three doubles whose exact sum is within 2⁻¹⁶⁰ of it. */
  private static double[] split(BigDecimal value) {
    double[] parts = new double[3];
    BigDecimal rest = value;
    for (int i = 0; i < parts.length; i++) {
      parts[i] = rest.doubleValue();
      rest = rest.subtract(new BigDecimal(parts[i]), WIDE);
    }
    return parts;
  }

  private static Real real(double value) {
    return new Real(F64, value);
  }

  enum Function { SIN, COS, TAN }

  Reg apply(Function function, Operand input) {
    Reg x = asm.inReg(F64, input);
    Reg t = asm.fma(F64, x, real(TWO_OVER_PI), real(ExpLog.SHIFTER));
    Reg k = asm.sub(F64, t, real(ExpLog.SHIFTER));
    Reg quadrant = asm.split(t)[0];
    Reg r = x;
    for (double part : HALF_PI) {
      r = asm.fma(F64, k, real(-part), r);
    }
    Reg z = asm.mul(F64, r, r);
    // sin r = r + r·z·(−1/3! + z/5! − …), cos r = 1 + z·(−1/2! + z/4! − …)
    Reg sin = asm.fma(F64, asm.mul(F64, r, z), series(z, 3, 17), r);
    Reg cos = asm.fma(F64, z, series(z, 2, 18), real(1.0));
    Reg odd = asm.setp(Cmp.NE, PtxType.U32, asm.and(PtxType.B32, quadrant, Imm.of(1)), Imm.of(0));
    Reg second = asm.setp(Cmp.NE, PtxType.U32, asm.and(PtxType.B32, quadrant, Imm.of(2)), Imm.of(0));
    Reg y = switch (function) {
      case SIN -> {
        Reg v = asm.selp(F64, cos, sin, odd);
        yield asm.selp(F64, asm.neg(F64, v), v, second);
      }
      case COS -> {
        Reg v = asm.selp(F64, sin, cos, odd);
        yield asm.selp(F64, asm.neg(F64, v), v, asm.xor(PtxType.PRED, odd, second));
      }
      case TAN -> asm.selp(F64, asm.neg(F64, asm.div(F64, cos, sin)), asm.div(F64, sin, cos), odd);
    };
    return asm.selp(F64, real(Double.NaN), y, asm.setp(Cmp.GEU, F64, asm.abs(F64, x), real(LIMIT)));
  }

  /** {@code Σ (−1)^(m+1) z^m / (first + 2m)!} for the terms up to degree {@code last} of the series. */
  private Reg series(Reg z, int first, int last) {
    int terms = (last - first) / 2 + 1;
    Reg sum = asm.mov(F64, real(coefficient(first + 2 * (terms - 1), terms - 1)));
    for (int m = terms - 2; m >= 0; m--) {
      sum = asm.fma(F64, sum, z, real(coefficient(first + 2 * m, m)));
    }
    return sum;
  }

  private static double coefficient(int degree, int m) {
    double value = 1.0 / ExpLog.factorial(degree);
    return m % 2 == 0 ? -value : value;
  }
}

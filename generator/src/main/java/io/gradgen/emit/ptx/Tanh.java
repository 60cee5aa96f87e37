package io.gradgen.emit.ptx;

import static io.gradgen.runtime.Functions.EXPONENT_ONE;
import static io.gradgen.runtime.Functions.EXP_P1;
import static io.gradgen.runtime.Functions.EXP_P2;
import static io.gradgen.runtime.Functions.EXP_P3;
import static io.gradgen.runtime.Functions.EXP_P4;
import static io.gradgen.runtime.Functions.EXP_P5;
import static io.gradgen.runtime.Functions.INV_LN2;
import static io.gradgen.runtime.Functions.LN2_HI;
import static io.gradgen.runtime.Functions.LN2_LO;
import static io.gradgen.runtime.Functions.ROUNDING_SHIFTER;
import static io.gradgen.runtime.Functions.TANH_P0;
import static io.gradgen.runtime.Functions.TANH_P1;
import static io.gradgen.runtime.Functions.TANH_P2;
import static io.gradgen.runtime.Functions.TANH_Q0;
import static io.gradgen.runtime.Functions.TANH_Q1;
import static io.gradgen.runtime.Functions.TANH_Q2;
import static io.gradgen.runtime.Functions.TANH_RATIONAL_BELOW;
import static io.gradgen.runtime.Functions.TANH_SATURATED;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Operand.Imm;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;

/**
 * {@code tanh} in f64: {@link io.gradgen.runtime.Functions#tanh} operation for operation, so that
 * the GPU's tanh is the Java kernel's to the bit. Both of its branches (Cephes's rational form below
 * 0.625, {@code 1 − 2/(e^{2|x|} + 1)} with fdlibm's {@code exp} in plain arithmetic above) are
 * computed and one is selected, as {@code VectorFunctions.tanh} does for a vector lane: no
 * divergent branch, and every step an IEEE operation rounded to nearest.
 */
final class Tanh {
  private static final PtxType F64 = PtxType.F64;

  private final Asm asm;

  Tanh(Asm asm) {
    this.asm = asm;
  }

  private static Real real(double value) {
    return new Real(F64, value);
  }

  Reg tanh(Operand input) {
    Reg x = asm.inReg(F64, input);
    Reg z = asm.abs(F64, x);
    Reg s = asm.mul(F64, x, x);
    Reg p = asm.add(F64, asm.mul(F64, asm.add(F64, asm.mul(F64, real(TANH_P0), s), real(TANH_P1)), s), real(TANH_P2));
    Reg q = asm.add(F64, asm.mul(F64, asm.add(F64, asm.mul(F64, asm.add(F64, s, real(TANH_Q0)), s), real(TANH_Q1)), s),
        real(TANH_Q2));
    Reg rational = asm.add(F64, x, asm.mul(F64, asm.mul(F64, x, s), asm.div(F64, p, q)));
    Reg small = asm.orPred(asm.setp(Cmp.EQ, F64, x, real(0.0)), asm.setp(Cmp.NAN, F64, x, x));
    rational = asm.selp(F64, x, rational, small);

    Reg t = asm.sub(F64, real(1.0), asm.div(F64, real(2.0), asm.add(F64, exp(asm.add(F64, z, z)), real(1.0))));
    Reg signed = asm.selp(F64, asm.neg(F64, t), t, asm.setp(Cmp.LT, F64, x, real(0.0)));
    Reg saturated = asm.selp(F64, real(1.0), real(-1.0), asm.setp(Cmp.GT, F64, x, real(0.0)));
    Reg large = asm.selp(F64, saturated, signed, asm.setp(Cmp.GT, F64, z, real(TANH_SATURATED)));
    return asm.selp(F64, large, rational, asm.setp(Cmp.GE, F64, z, real(TANH_RATIONAL_BELOW)));
  }

  /** {@code Functions.exp}: {@code e^a} for {@code 1 ≤ a ≤ 45}. */
  private Reg exp(Reg a) {
    Reg shifted = asm.add(F64, asm.mul(F64, a, real(INV_LN2)), real(ROUNDING_SHIFTER));
    Reg k = asm.sub(F64, shifted, real(ROUNDING_SHIFTER));
    Reg hi = asm.sub(F64, a, asm.mul(F64, k, real(LN2_HI)));
    Reg lo = asm.mul(F64, k, real(LN2_LO));
    Reg r = asm.sub(F64, hi, lo);
    Reg rr = asm.mul(F64, r, r);
    Reg poly = real5(rr);
    Reg c = asm.sub(F64, r, asm.mul(F64, rr, poly));
    Reg quotient = asm.div(F64, asm.mul(F64, r, c), asm.sub(F64, real(2.0), c));
    Reg er = asm.sub(F64, real(1.0), asm.sub(F64, asm.sub(F64, lo, quotient), hi));
    Reg bits = asm.shl(PtxType.B64, asm.bits(PtxType.B64, shifted), Imm.of(52));
    Reg scale = asm.bits(F64, asm.add(PtxType.S64, bits, Imm.of(EXPONENT_ONE)));
    return asm.mul(F64, er, scale);
  }

  /** {@code P1 + rr·(P2 + rr·(P3 + rr·(P4 + rr·P5)))}. */
  private Reg real5(Reg rr) {
    Reg sum = asm.add(F64, real(EXP_P4), asm.mul(F64, rr, real(EXP_P5)));
    sum = asm.add(F64, real(EXP_P3), asm.mul(F64, rr, sum));
    sum = asm.add(F64, real(EXP_P2), asm.mul(F64, rr, sum));
    return asm.add(F64, real(EXP_P1), asm.mul(F64, rr, sum));
  }
}

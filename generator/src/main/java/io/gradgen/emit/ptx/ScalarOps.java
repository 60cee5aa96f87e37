package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Asm.Cmp;
import io.gradgen.emit.ptx.Operand.Real;
import io.gradgen.emit.ptx.Operand.Reg;
import io.gradgen.ir.Op;
import io.gradgen.runtime.Functions;

/**
 * How each elementwise primitive is computed in a kernel's type {@code T} (f32 or f64): the same
 * meaning as {@link Op#apply} and the Java emitter's {@code JavaSyntax}, as instructions. Additions,
 * products, quotients, square roots, signs and selections are single IEEE instructions in {@code T};
 * the functions ({@link ExpLog}, {@link Trig}, {@link Tanh}) are f64 sequences, which an f32 kernel
 * feeds with the widened operand and rounds once. {@code max} and {@code min} are written as
 * comparisons, not PTX's {@code max}, to keep {@link Math#max}'s answers: NaN if either operand is,
 * and {@code +0} over {@code −0} (PTX's returns the other operand for a NaN). Two immediates fold
 * here, with {@link Op#apply}.
 *
 * <pre>
 * binary(MUL, %fd3, %fd4)   → mul.rn.f64 %fd5, %fd3, %fd4;
 * unary(RELU, %f2)          → setp.gt.f32 %p1, %f2, 0f00000000;  selp.f32 %f3, %f2, 0f00000000, %p1;
 * </pre>
 */
final class ScalarOps {
  /**
   * The ops the PTX backend has no code for: each needs an f64 polynomial or rational fit of its own
   * (erf, the inverse trigonometric functions) or a cancellation-free form ({@code expm1}, {@code
   * sinh}, {@code cosh} near 0) that nothing here provides yet. A model using one is refused with
   * {@link #unsupported}, and the PTX tests skip exactly those models (docs/CUDA.md).
   */
  static final java.util.Set<Op> WITHOUT_CODE = java.util.EnumSet.of(Op.ERF, Op.EXPM1, Op.ASIN, Op.ACOS, Op.ATAN,
      Op.SINH, Op.COSH);

  private final Asm asm;
  private final PtxType type;

  ScalarOps(Asm asm, PtxType type) {
    this.asm = asm;
    this.type = type;
  }

  private Real real(double value) {
    return new Real(type, value);
  }

  Operand unary(Op op, Operand x) {
    if (x instanceof Real literal) {
      return real(op.apply(literal.value()));
    }
    return switch (op) {
      case NEG -> asm.neg(type, x);
      case ABS -> asm.abs(type, x);
      case SQRT -> asm.sqrt(type, x);
      case SIGN -> {
        Reg v = asm.selp(type, real(1.0), x, asm.setp(Cmp.GT, type, x, real(0.0)));
        yield asm.selp(type, real(-1.0), v, asm.setp(Cmp.LT, type, x, real(0.0)));
      }
      case STEP -> asm.selp(type, real(1.0), real(0.0), asm.setp(Cmp.GT, type, x, real(0.0)));
      case RELU -> asm.selp(type, x, real(0.0), asm.setp(Cmp.GT, type, x, real(0.0)));
      default -> narrow(wideUnary(op, widen(x)));
    };
  }

  Operand binary(Op op, Operand a, Operand b) {
    if (a instanceof Real left && b instanceof Real right) {
      return real(op.apply(left.value(), right.value()));
    }
    return switch (op) {
      case ADD -> asm.add(type, a, b);
      case MUL -> asm.mul(type, a, b);
      case DIV -> asm.div(type, a, b);
      case MAX, CLAMP_MIN -> extremum(a, b, true);
      case MIN, CLAMP_MAX -> extremum(a, b, false);
      case LESS -> comparison(Cmp.LT, a, b);
      case LESS_EQUAL -> comparison(Cmp.LE, a, b);
      case EQUAL -> comparison(Cmp.EQ, a, b);
      case NOT_EQUAL -> comparison(Cmp.NEU, a, b);
      case SAFE_DIV -> asm.selp(type, real(0.0), asm.div(type, a, b), asm.setp(Cmp.EQ, type, b, real(0.0)));
      case POW -> narrow(new ExpLog(asm).pow(widen(a), widen(b)));
      case BCE -> narrow(bce(widen(a), widen(b)));
      default -> throw unsupported(op);
    };
  }

  /** The f64 functions, on an f64 operand. */
  private Reg wideUnary(Op op, Operand x) {
    PtxType f64 = PtxType.F64;
    ExpLog expLog = new ExpLog(asm);
    return switch (op) {
      case EXP -> expLog.exp(x);
      case LOG -> expLog.log(x);
      case SAFE_LOG -> asm.selp(f64, new Real(f64, 0.0), expLog.log(x), asm.setp(Cmp.EQ, f64, x, new Real(f64, 0.0)));
      case SIN -> new Trig(asm).apply(Trig.Function.SIN, x);
      case COS -> new Trig(asm).apply(Trig.Function.COS, x);
      case TAN -> new Trig(asm).apply(Trig.Function.TAN, x);
      case TANH -> new Tanh(asm).tanh(x);
      case SIGMOID -> asm.div(f64, new Real(f64, 1.0),
          asm.add(f64, new Real(f64, 1.0), expLog.exp(asm.neg(f64, x))));
      case SOFTPLUS -> asm.selp(f64, x, expLog.log1p(expLog.exp(x)), asm.setp(Cmp.GT, f64, x, new Real(f64, 20.0)));
      case LOG1P -> expLog.log1p(x);
      default -> throw unsupported(op);
    };
  }

  /** 1 where {@code a CMP b}, else 0; {@code NEU} (unordered or not equal) makes {@code !=} true for NaN, as Java's. */
  private Operand comparison(Cmp cmp, Operand a, Operand b) {
    return asm.selp(type, real(1.0), real(0.0), asm.setp(cmp, type, asm.inReg(type, a), b));
  }

  /** PyTorch's BCELoss element, as {@link Functions#bce}, in f64. */
  private Reg bce(Operand p, Operand y) {
    PtxType f64 = PtxType.F64;
    ExpLog expLog = new ExpLog(asm);
    Real one = new Real(f64, 1.0);
    Real clamp = new Real(f64, Functions.BCE_LOG_CLAMP);
    Operand logP = new ScalarOps(asm, f64).extremum(expLog.log(p), clamp, true);
    Operand logNotP = new ScalarOps(asm, f64).extremum(expLog.log(asm.sub(f64, one, p)), clamp, true);
    Reg sum = asm.add(f64, asm.mul(f64, y, logP), asm.mul(f64, asm.sub(f64, one, y), logNotP));
    return asm.neg(f64, sum);
  }

  /**
   * {@link Math#max} ({@code larger}) or {@link Math#min}: the larger (smaller) operand; where they
   * are equal the AND (OR) of their bits, which is {@code +0} ({@code −0}) for two zeros of
   * opposite signs and the value itself otherwise; NaN if either is NaN.
   */
  Operand extremum(Operand a, Operand b, boolean larger) {
    PtxType bits = type == PtxType.F64 ? PtxType.B64 : PtxType.B32;
    Reg x = asm.inReg(type, a);
    Reg y = asm.inReg(type, b);
    Reg pick = asm.selp(type, x, y, asm.setp(larger ? Cmp.GT : Cmp.LT, type, x, y));
    Reg xb = asm.bits(bits, x);
    Reg yb = asm.bits(bits, y);
    Reg tie = asm.bits(type, larger ? asm.and(bits, xb, yb) : asm.or(bits, xb, yb));
    pick = asm.selp(type, tie, pick, asm.setp(Cmp.EQ, type, x, y));
    return asm.selp(type, asm.add(type, x, y), pick, asm.setp(Cmp.NAN, type, x, y));
  }

  /** {@code x} as an f64 operand: itself in an f64 kernel, widened (exactly) in an f32 one. */
  Operand widen(Operand x) {
    if (type == PtxType.F64) {
      return x;
    }
    if (x instanceof Real literal) {
      return new Real(PtxType.F64, literal.value());
    }
    return asm.cvt(PtxType.F64, PtxType.F32, null, x);
  }

  /** An f64 result in the kernel's type: rounded once in an f32 kernel. */
  Operand narrow(Reg wide) {
    return type == PtxType.F64 ? wide : asm.cvt(PtxType.F32, PtxType.F64, ".rn", wide);
  }

  /** An op the PTX emitter has no code for: a one-line refusal naming it. */
  static UnsupportedPtxException unsupported(Op op) {
    return new UnsupportedPtxException("the PTX backend has no code for op " + op.name().toLowerCase(java.util.Locale.ROOT)
        + "; use --backend java");
  }
}

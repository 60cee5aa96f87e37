package io.gradgen.emit.ptx;

import io.gradgen.emit.ptx.Insn.Operand;
import io.gradgen.emit.ptx.Insn.Type;

/**
 * What each computing instruction of the subset does to the bits it reads, after the PTX ISA's
 * descriptions: integer arithmetic wraps at the type's width ({@code .lo} keeps the low half of a
 * product, {@code .wide} the whole 64-bit one); shifts past the width give 0 (or the sign, for
 * {@code shr.s32}); {@code .rn} floating-point operations round to nearest even, as Java's do;
 * {@code neg} and {@code abs} only touch the sign bit; comparisons without {@code u} are false
 * where an operand is NaN, those with it true; {@code cvt.rzi} to an integer saturates and turns NaN
 * into 0. Part of the reference interpreter ({@link PtxInterpreter}).
 */
final class Semantics {
  private static final long LOW = 0xffffffffL;

  private Semantics() {}

  static long compute(Insn insn, Object launch, int t) {
    Operand[] o = insn.operands;
    long a = o.length > 1 ? PtxInterpreter.operand(launch, t, o[1]) : 0;
    long b = o.length > 2 ? PtxInterpreter.operand(launch, t, o[2]) : 0;
    long c = o.length > 3 ? PtxInterpreter.operand(launch, t, o[3]) : 0;
    Type type = insn.type;
    switch (insn.op) {
      case ADD:
        return type == Type.F64 ? d(dv(a) + dv(b)) : type == Type.F32 ? f(fv(a) + fv(b)) : width(type, a + b);
      case SUB:
        return type == Type.F64 ? d(dv(a) - dv(b)) : type == Type.F32 ? f(fv(a) - fv(b)) : width(type, a - b);
      case MUL:
        if (type == Type.F64) {
          return d(dv(a) * dv(b));
        }
        if (type == Type.F32) {
          return f(fv(a) * fv(b));
        }
        if (insn.wide) {
          return type == Type.S32 ? (long) (int) a * (int) b : (a & LOW) * (b & LOW);
        }
        return (a * b) & LOW;
      case MAD:
        if (insn.wide) {
          return (a & LOW) * (b & LOW) + c;
        }
        return (a * b + c) & LOW;
      case FMA:
        return type == Type.F64 ? d(Math.fma(dv(a), dv(b), dv(c))) : f(Math.fma(fv(a), fv(b), fv(c)));
      case DIV:
        return type == Type.F64 ? d(dv(a) / dv(b)) : f(fv(a) / fv(b));
      case SQRT:
        return type == Type.F64 ? d(Math.sqrt(dv(a))) : f((float) Math.sqrt(fv(a)));
      case NEG:
        return type == Type.F64 ? a ^ Long.MIN_VALUE : (a ^ 0x80000000L) & LOW;
      case ABS:
        return type == Type.F64 ? a & Long.MAX_VALUE : a & 0x7fffffffL;
      case MIN:
        return type == Type.S32 ? (Math.min((int) a, (int) b) & LOW) : Math.min(a & LOW, b & LOW);
      case AND:
        return a & b;
      case OR:
        return a | b;
      case XOR:
        return a ^ b;
      case NOT:
        return a == 0 ? 1 : 0;
      case SHL: {
        long shift = b & LOW;
        if (type.bytes == 4) {
          return shift >= 32 ? 0 : (a << shift) & LOW;
        }
        return shift >= 64 ? 0 : a << shift;
      }
      case SHR: {
        long shift = b & LOW;
        if (type.bytes == 4) {
          if (type == Type.S32) {
            return ((int) a >> Math.min(shift, 31)) & LOW;
          }
          return shift >= 32 ? 0 : (a & LOW) >>> shift;
        }
        if (type == Type.S64) {
          return a >> Math.min(shift, 63);
        }
        return shift >= 64 ? 0 : a >>> shift;
      }
      case SETP:
        return compare(insn, a, b) ? 1 : 0;
      case SELP:
        return c != 0 ? a : b;
      case MOV:
        return type.bytes == 4 ? a & LOW : a;
      case CVTA:
        return a;
      case CVT:
        return convert(insn, a);
      default:
        throw new PtxException(insn + ": no semantics");
    }
  }

  private static boolean compare(Insn insn, long a, long b) {
    Type type = insn.type;
    if (type.isFloat) {
      double x = type == Type.F64 ? dv(a) : fv(a);
      double y = type == Type.F64 ? dv(b) : fv(b);
      boolean unordered = Double.isNaN(x) || Double.isNaN(y);
      return switch (insn.cmp) {
        case EQ -> x == y;
        case NE -> !unordered && x != y;
        case LT -> x < y;
        case LE -> x <= y;
        case GT -> x > y;
        case GE -> x >= y;
        case EQU -> unordered || x == y;
        case NEU -> x != y;
        case LTU -> !(x >= y);
        case LEU -> !(x > y);
        case GTU -> !(x <= y);
        case GEU -> !(x < y);
        case NUM -> !unordered;
        case NAN -> unordered;
      };
    }
    int order;
    if (type.bytes == 4) {
      order = type.signed ? Integer.compare((int) a, (int) b) : Integer.compareUnsigned((int) a, (int) b);
    } else {
      order = type.signed ? Long.compare(a, b) : Long.compareUnsigned(a, b);
    }
    return switch (insn.cmp) {
      case EQ -> order == 0;
      case NE -> order != 0;
      case LT -> order < 0;
      case LE -> order <= 0;
      case GT -> order > 0;
      case GE -> order >= 0;
      default -> throw new PtxException(insn + ": an integer comparison must be eq ne lt le gt ge");
    };
  }

  private static long convert(Insn insn, long a) {
    Type to = insn.type;
    Type from = insn.from;
    switch (insn.rounding) {
      case NONE:
        if (to == Type.F64 && from == Type.F32) {
          return d(fv(a));
        }
        if (to == Type.U64 && from == Type.U32) {
          return a & LOW;
        }
        if (to == Type.S64 && from == Type.S32) {
          return (int) a;
        }
        if (to == Type.U32 && from == Type.U64) {
          return a & LOW;
        }
        break;
      case RN:
        if (to == Type.F32 && from == Type.F64) {
          return f((float) dv(a));
        }
        if (from == Type.U32 || from == Type.S32) {
          long integer = from == Type.U32 ? a & LOW : (int) a;
          return to == Type.F64 ? d((double) integer) : f((float) integer);
        }
        break;
      case RNI:
      case RMI:
      case RZI:
        if (to.isFloat) {
          double x = to == Type.F64 ? dv(a) : fv(a);
          double r = switch (insn.rounding) {
            case RNI -> Math.rint(x);
            case RMI -> Math.floor(x);
            default -> x < 0 ? Math.ceil(x) : Math.floor(x);
          };
          return to == Type.F64 ? d(r) : f((float) r);
        }
        if (to == Type.S32 && insn.rounding == Insn.Rounding.RZI) {
          double x = from == Type.F64 ? dv(a) : fv(a);
          return ((int) x) & LOW;
        }
        break;
      default:
        break;
    }
    throw new PtxException(insn + ": no such conversion");
  }

  private static long width(Type type, long value) {
    return type.bytes == 4 ? value & LOW : value;
  }

  static double dv(long bits) {
    return Double.longBitsToDouble(bits);
  }

  static float fv(long bits) {
    return Float.intBitsToFloat((int) bits);
  }

  static long d(double value) {
    return Double.doubleToRawLongBits(value);
  }

  static long f(float value) {
    return Float.floatToRawIntBits(value) & LOW;
  }
}

package io.gradgen.emit.ptx;

import java.util.Arrays;

/**
 * One decoded instruction of the subset of PTX that gradgen emits (see {@link PtxParser} for the
 * list): its opcode, modifiers and types, its guard predicate, and its operands resolved to register
 * numbers, immediates, addresses and branch targets. Part of the reference interpreter.
 */
final class Insn {
  enum Op {
    ADD, SUB, MUL, MAD, FMA, DIV, NEG, ABS, SQRT, MIN, AND, OR, XOR, NOT, SHL, SHR,
    SETP, SELP, MOV, MOV_SPLIT, MOV_JOIN, CVT, CVTA, LD, ST, BRA, RET, BAR, SHFL
  }

  enum Type {
    PRED(0, false, false), B32(4, false, false), U32(4, false, false), S32(4, false, true), B64(8, false, false),
    U64(8, false, false), S64(8, false, true), F32(4, true, true), F64(8, true, true);

    final int bytes;
    final boolean isFloat;
    final boolean signed;

    Type(int bytes, boolean isFloat, boolean signed) {
      this.bytes = bytes;
      this.isFloat = isFloat;
      this.signed = signed;
    }

    static Type of(String name) {
      return switch (name) {
        case "pred" -> PRED;
        case "b32" -> B32;
        case "u32" -> U32;
        case "s32" -> S32;
        case "b64" -> B64;
        case "u64" -> U64;
        case "s64" -> S64;
        case "f32" -> F32;
        case "f64" -> F64;
        default -> null;
      };
    }
  }

  enum Space { GLOBAL, SHARED, CONST, LOCAL, PARAM }

  enum Cmp { EQ, NE, LT, LE, GT, GE, EQU, NEU, LTU, LEU, GTU, GEU, NUM, NAN }

  /** Rounding of {@code cvt}: none, to nearest, or to an integer (nearest even, down, toward zero). */
  enum Rounding { NONE, RN, RNI, RMI, RZI }

  /**
   * An operand: a register ({@code reg ≥ 0}), an immediate ({@code bits}), or an address ({@code
   * reg} or {@code symbolOffset} plus {@code offset}); {@code special} names a special register
   * ({@code %tid.x} …).
   */
  record Operand(Kind kind, int reg, long bits, long offset, String text) {
    enum Kind { REG, IMM, ADDRESS_REG, ADDRESS_SYMBOL, SPECIAL, LABEL, SYMBOL }

    static Operand reg(int reg, String text) {
      return new Operand(Kind.REG, reg, 0, 0, text);
    }

    static Operand imm(long bits, String text) {
      return new Operand(Kind.IMM, -1, bits, 0, text);
    }
  }

  Op op;
  final String text;
  final int line;
  Type type;
  Type from;
  Cmp cmp;
  Space space;
  Rounding rounding = Rounding.NONE;
  boolean wide;
  int guard = -1;
  boolean guardNegated;
  int target = -1;
  Operand[] operands;

  Insn(Op op, String text, int line) {
    this.op = op;
    this.text = text;
    this.line = line;
  }

  @Override
  public String toString() {
    return "line " + line + ": " + text + (operands == null ? "" : " " + Arrays.toString(operands));
  }
}

package io.gradgen.emit.ptx;

import java.util.Locale;

/**
 * An instruction operand as PTX writes it: a {@linkplain Reg register}, an {@linkplain Imm
 * immediate} (an integer, a special register such as {@code %tid.x}, a symbol's address, a
 * label), a {@linkplain Real floating-point immediate} or an {@linkplain Address address} in
 * brackets. Floating-point immediates are written as their bits ({@code 0d3FF0000000000000} is
 * 1.0), so that every constant reads back exactly.
 *
 * <pre>
 * new Real(PtxType.F64, 1.0)   → 0d3FF0000000000000
 * new Real(PtxType.F32, 0.5)   → 0f3F000000
 * new Address("%rd4", 8)       → [%rd4+8]
 * new Address("tile", 0)       → [tile]
 * </pre>
 */
sealed interface Operand permits Operand.Reg, Operand.Imm, Operand.Real, Operand.Address {
  String text();

  /** A virtual register: {@code %fd12}. Only {@link Registers} makes them. */
  record Reg(RegClass regClass, int number) implements Operand {
    @Override
    public String text() {
      return regClass.prefix() + number;
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** An immediate, a special register or a symbol, written as it is. */
  record Imm(String text) implements Operand {
    static Imm of(long value) {
      return new Imm(Long.toString(value));
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /** A floating-point immediate of {@code type}; an f32 one holds {@code value} rounded to float. */
  record Real(PtxType type, double value) implements Operand {
    public Real {
      if (!type.isFloat()) {
        throw new IllegalArgumentException(type + " is not a floating-point type");
      }
      value = type == PtxType.F32 ? (double) (float) value : value;
    }

    @Override
    public String text() {
      return type == PtxType.F32
          ? String.format(Locale.ROOT, "0f%08X", Float.floatToRawIntBits((float) value))
          : String.format(Locale.ROOT, "0d%016X", Double.doubleToRawLongBits(value));
    }

    @Override
    public String toString() {
      return text();
    }
  }

  /** {@code [base+offset]}: base a register or a symbol, offset in bytes. */
  record Address(String base, long offset) implements Operand {
    public Address {
      if (offset < 0) {
        throw new IllegalArgumentException("negative offset " + offset);
      }
    }

    public Address(Reg base, long offset) {
      this(base.text(), offset);
    }

    Address plus(long bytes) {
      return new Address(base, offset + bytes);
    }

    @Override
    public String text() {
      return offset == 0 ? "[" + base + "]" : "[" + base + "+" + offset + "]";
    }

    @Override
    public String toString() {
      return text();
    }
  }
}

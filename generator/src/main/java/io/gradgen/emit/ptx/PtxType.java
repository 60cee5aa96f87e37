package io.gradgen.emit.ptx;

/**
 * The PTX types the kernels compute with, each held in one {@link RegClass}: {@code .u32},
 * {@code .s32} and {@code .b32} share the 32-bit registers, {@code .u64}, {@code .s64} and
 * {@code .b64} the 64-bit ones.
 */
enum PtxType {
  PRED("pred", RegClass.PRED, 0),
  U32("u32", RegClass.B32, 4),
  S32("s32", RegClass.B32, 4),
  B32("b32", RegClass.B32, 4),
  U64("u64", RegClass.B64, 8),
  S64("s64", RegClass.B64, 8),
  B64("b64", RegClass.B64, 8),
  F32("f32", RegClass.F32, 4),
  F64("f64", RegClass.F64, 8);

  private final String name;
  private final RegClass regClass;
  private final int bytes;

  PtxType(String name, RegClass regClass, int bytes) {
    this.name = name;
    this.regClass = regClass;
    this.bytes = bytes;
  }

  /** {@code .f64}: how an instruction names the type. */
  String suffix() {
    return "." + name;
  }

  RegClass regClass() {
    return regClass;
  }

  int bytes() {
    return bytes;
  }

  boolean isFloat() {
    return this == F32 || this == F64;
  }

  /** The floating-point type a kernel of {@code precision} stores and computes with. */
  static PtxType of(io.gradgen.runtime.Precision precision) {
    return precision == io.gradgen.runtime.Precision.F32 ? F32 : F64;
  }
}

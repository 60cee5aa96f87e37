package io.gradgen.emit.ptx;

/**
 * The kinds of PTX register gradgen's kernels declare, each with the prefix its names take and the
 * type it is declared with: {@code .reg .f64 %fd<12>;} declares {@code %fd0 … %fd11}.
 */
enum RegClass {
  PRED("%p", ".pred"),
  B32("%r", ".b32"),
  B64("%rd", ".b64"),
  F32("%f", ".f32"),
  F64("%fd", ".f64");

  private final String prefix;
  private final String declared;

  RegClass(String prefix, String declared) {
    this.prefix = prefix;
    this.declared = declared;
  }

  String prefix() {
    return prefix;
  }

  String declared() {
    return declared;
  }
}

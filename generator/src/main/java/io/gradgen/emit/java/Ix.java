package io.gradgen.emit.java;

/**
 * An index in generated code: a constant (in an unrolled nest) or an int expression over loop
 * variables (in a rolled one). Arithmetic on two constants folds, so unrolled code reads {@code
 * p[4]} rather than {@code p[1 * 3 + 1]}.
 */
record Ix(int value, String expression) {

  static Ix of(int value) {
    return new Ix(value, null);
  }

  static Ix variable(String name) {
    return new Ix(0, name);
  }

  boolean isConstant() {
    return expression == null;
  }

  String code() {
    return isConstant() ? Integer.toString(value) : expression;
  }

  /** {@code this * factor + other}, folded where it can be. */
  Ix times(int factor) {
    if (isConstant()) {
      return of(value * factor);
    }
    return factor == 1 ? this : variable(expression + " * " + factor);
  }

  Ix plus(Ix other) {
    if (isConstant() && other.isConstant()) {
      return of(value + other.value);
    }
    if (isConstant() && value == 0) {
      return other;
    }
    if (other.isConstant() && other.value == 0) {
      return this;
    }
    return variable(code() + " + " + other.code());
  }

  Ix plus(int offset) {
    return plus(of(offset));
  }
}

package io.gradgen.emit.java;

import io.gradgen.ir.Shape;
import java.util.Set;
import java.util.TreeSet;

/**
 * An index in generated code: a constant (in an unrolled nest) or an int expression over loop
 * variables (in a rolled one), knowing which loop variables it reads, whether its text is plain (no
 * parentheses) and whether it is a sum (so that a product of it needs them). Arithmetic on two
 * constants folds, so unrolled code reads {@code p[4]} rather than {@code p[1 * 3 + 1]}.
 *
 * <pre>
 * Ix.flatten([2, 3], {i, j})            → i * 3 + j          reads {i, j}
 * Ix.flatten([9, 2], {k + 1, j})        → (k + 1) * 2 + j    not plain
 * Ix.unflatten([2, 3], Ix.of(4))        → {1, 1}
 * Ix.unflatten([2, 3], k)               → {(k) / 3, (k) % 3}  not plain
 * </pre>
 */
record Ix(int value, String expression, Set<String> variables, boolean plain, boolean sum) {

  Ix {
    variables = Set.copyOf(variables);
  }

  static Ix of(int value) {
    return new Ix(value, null, Set.of(), true, false);
  }

  /** A loop variable. */
  static Ix variable(String name) {
    return new Ix(0, name, Set.of(name), true, false);
  }

  boolean isConstant() {
    return expression == null;
  }

  String code() {
    return isConstant() ? Integer.toString(value) : expression;
  }

  /** Whether the index varies with loop variable {@code v}. */
  boolean reads(Ix v) {
    return !v.isConstant() && variables.contains(v.expression);
  }

  Ix times(int factor) {
    if (isConstant()) {
      return of(value * factor);
    }
    if (factor == 1) {
      return this;
    }
    return sum
        ? new Ix(0, "(" + expression + ") * " + factor, variables, false, false)
        : new Ix(0, expression + " * " + factor, variables, plain, false);
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
    Set<String> both = new TreeSet<>(variables);
    both.addAll(other.variables);
    return new Ix(0, code() + " + " + other.code(), both, plain && other.plain, true);
  }

  Ix plus(int offset) {
    return plus(of(offset));
  }

  /** The flat, row-major position of {@code index} in a value of {@code shape}. */
  static Ix flatten(Shape shape, Ix[] index) {
    if (shape.rank() == 0) {
      return of(0);
    }
    if (shape.rank() == 1) {
      return index[0];
    }
    return index[0].times(shape.dim(1)).plus(index[1]);
  }

  /** The index of flat position {@code flat}, constant or not. */
  static Ix[] unflatten(Shape shape, Ix flat) {
    if (flat.isConstant()) {
      return unflatten(shape, flat.value());
    }
    if (shape.rank() < 2) {
      return shape.rank() == 0 ? new Ix[0] : new Ix[] {flat};
    }
    String position = "(" + flat.code() + ")";
    return new Ix[] {
      new Ix(0, position + " / " + shape.dim(1), flat.variables, false, false),
      new Ix(0, position + " % " + shape.dim(1), flat.variables, false, false)
    };
  }

  static Ix[] unflatten(Shape shape, int flat) {
    if (shape.rank() == 0) {
      return new Ix[0];
    }
    if (shape.rank() == 1) {
      return new Ix[] {of(flat)};
    }
    return new Ix[] {of(flat / shape.dim(1)), of(flat % shape.dim(1))};
  }
}

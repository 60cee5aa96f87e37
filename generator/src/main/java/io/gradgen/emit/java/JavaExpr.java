package io.gradgen.emit.java;

import com.palantir.javapoet.CodeBlock;

/**
 * A Java expression as the emitter builds it: its code (JavaPoet, so that types are imported and
 * names are never pasted), and whether it stands as an operand of {@code +} without parentheses: a
 * name, an array element with a plain index, or a whole in parentheses are; a call, a bare literal
 * or a sum are not.
 *
 * <pre>
 * JavaExpr.atom("$N[$L]", "p", 3).operand()             → p[3]
 * JavaExpr.compound("$T.exp($L)", Math.class, x).operand() → (Math.exp(x))
 * </pre>
 */
record JavaExpr(CodeBlock code, boolean atomic) {

  static JavaExpr atom(String format, Object... args) {
    return new JavaExpr(CodeBlock.of(format, args), true);
  }

  static JavaExpr compound(String format, Object... args) {
    return new JavaExpr(CodeBlock.of(format, args), false);
  }

  static JavaExpr name(String name) {
    return atom("$N", name);
  }

  /** This expression as an operand of {@code +}: parenthesized unless it is atomic. */
  JavaExpr operand() {
    return atomic ? this : atom("($L)", code);
  }

  @Override
  public String toString() {
    return code.toString();
  }
}

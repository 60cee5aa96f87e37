package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;
import org.junit.jupiter.api.Test;

class JavaSyntaxTest {
  private static final JavaExpr X = JavaExpr.name("x");
  private static final JavaExpr Y = JavaExpr.name("y");

  @Test
  void literalsReadBackAsTheirValue() {
    assertEquals("2.0", JavaSyntax.literal(2).toString());
    assertEquals("(-2.5)", JavaSyntax.literal(-2.5).toString(), "a negative literal is parenthesized");
    assertEquals("1.0E-12", JavaSyntax.literal(1e-12).toString());
    assertEquals("java.lang.Double.NaN", JavaSyntax.literal(Double.NaN).toString());
    assertEquals("java.lang.Double.NEGATIVE_INFINITY", JavaSyntax.literal(Double.NEGATIVE_INFINITY).toString());
    assertTrue(JavaSyntax.literal(-1).atomic());
    assertFalse(JavaSyntax.literal(1).atomic(), "2.0 + … is fine, but the operand form parenthesizes it");
  }

  @Test
  void everyElementwiseOpHasASpelling() {
    for (Op op : Op.values()) {
      if (op.kind() == Op.Kind.UNARY) {
        assertTrue(JavaSyntax.unary(op, X).toString().contains("x"), op.toString());
      } else if (op.kind() == Op.Kind.BINARY) {
        String text = JavaSyntax.binary(op, X, Y).toString();
        assertTrue(text.contains("x") && text.contains("y"), op + ": " + text);
      }
    }
    assertEquals("(x == 0.0 ? 0.0 : y / x)", JavaSyntax.binary(Op.SAFE_DIV, Y, X).toString());
  }

  /** erf is the runtime's (Java has none); the comparisons are 1.0 or 0.0; clamp's bounds are max and min. */
  @Test
  void pyTorchsFunctionsAndComparisonsAreSpelledForJaninoAndJavac() {
    assertEquals("io.gradgen.runtime.Functions.erf(x)", JavaSyntax.unary(Op.ERF, X).toString());
    assertEquals("java.lang.Math.expm1(x)", JavaSyntax.unary(Op.EXPM1, X).toString());
    assertEquals("(x < y ? 1.0 : 0.0)", JavaSyntax.binary(Op.LESS, X, Y).toString());
    assertEquals("(x <= y ? 1.0 : 0.0)", JavaSyntax.binary(Op.LESS_EQUAL, X, Y).toString());
    assertEquals("(x == y ? 1.0 : 0.0)", JavaSyntax.binary(Op.EQUAL, X, Y).toString());
    assertEquals("(x != y ? 1.0 : 0.0)", JavaSyntax.binary(Op.NOT_EQUAL, X, Y).toString());
    assertEquals("java.lang.Math.max(x, y)", JavaSyntax.binary(Op.CLAMP_MIN, X, Y).toString());
    assertEquals("java.lang.Math.min(x, y)", JavaSyntax.binary(Op.CLAMP_MAX, X, Y).toString());
  }

  @Test
  void operandsAreParenthesizedOnlyWhereTheyNeedIt() {
    assertEquals("(-x)", JavaSyntax.unary(Op.NEG, X).operand().toString());
    assertEquals("(java.lang.Math.exp(x))", JavaSyntax.unary(Op.EXP, X).operand().toString());
    assertEquals("x", X.operand().toString());
  }

  @Test
  void commentsQuoteTheModelEscaped() {
    assertEquals("yhat = w @ x + b  (9:1)", JavaSyntax.comment(new Origin("yhat = w @ x + b", 9, 1, false)));
    assertEquals("grad of w @ x  (9:8)", JavaSyntax.comment(new Origin("w @ x", 9, 8, true)));
    assertEquals("a \\\\u000a b U+00E9  (1:1)", JavaSyntax.comment(new Origin("a \\u000a b é", 1, 1, false)),
        "no unicode escape can form, nothing outside ASCII");
    String long_ = JavaSyntax.comment(new Origin("x".repeat(300), 1, 1, false));
    assertTrue(long_.length() < 120 && long_.endsWith("...  (1:1)"), long_);
  }
}

package io.gradgen.emit.java;

import com.palantir.javapoet.ClassName;
import io.gradgen.ir.Op;
import io.gradgen.ir.Origin;

/**
 * How each elementwise primitive is written in Java: the same meaning as {@link Op#apply}, spelled
 * so that Janino and javac both compile it. Operands are always simple (a local, an array element
 * or a literal), so an operand written twice is read twice, never computed twice.
 *
 * <pre>
 * unary(EXP, x)        → Math.exp(x)
 * binary(MAX, a, b)    → Math.max(a, b)
 * literal(-2.0)        → (-2.0)
 * </pre>
 */
final class JavaSyntax {
  static final ClassName FUNCTIONS = ClassName.get("io.gradgen.runtime", "Functions");

  private JavaSyntax() {}

  static JavaExpr unary(Op op, JavaExpr operand) {
    Object x = operand.code();
    return switch (op) {
      case NEG -> JavaExpr.atom("(-$L)", x);
      case EXP -> JavaExpr.compound("$T.exp($L)", Math.class, x);
      case LOG -> JavaExpr.compound("$T.log($L)", Math.class, x);
      case SAFE_LOG -> JavaExpr.atom("($L == 0.0 ? 0.0 : $T.log($L))", x, Math.class, x);
      case SQRT -> JavaExpr.compound("$T.sqrt($L)", Math.class, x);
      case ABS -> JavaExpr.compound("$T.abs($L)", Math.class, x);
      case SIGN -> JavaExpr.compound("$T.signum($L)", Math.class, x);
      case STEP -> JavaExpr.atom("($L > 0.0 ? 1.0 : 0.0)", x);
      case SIN -> JavaExpr.compound("$T.sin($L)", Math.class, x);
      case COS -> JavaExpr.compound("$T.cos($L)", Math.class, x);
      case TAN -> JavaExpr.compound("$T.tan($L)", Math.class, x);
      case TANH -> JavaExpr.compound("$T.tanh($L)", FUNCTIONS, x);
      case SIGMOID -> JavaExpr.atom("(1.0 / (1.0 + $T.exp(-$L)))", Math.class, x);
      case RELU -> JavaExpr.atom("($L > 0.0 ? $L : 0.0)", x, x);
      case SOFTPLUS -> JavaExpr.atom("($L > 20.0 ? $L : $T.log1p($T.exp($L)))", x, x, Math.class, Math.class, x);
      case ERF -> JavaExpr.compound("$T.erf($L)", FUNCTIONS, x);
      case LOG1P -> JavaExpr.compound("$T.log1p($L)", Math.class, x);
      case EXPM1 -> JavaExpr.compound("$T.expm1($L)", Math.class, x);
      case ASIN -> JavaExpr.compound("$T.asin($L)", Math.class, x);
      case ACOS -> JavaExpr.compound("$T.acos($L)", Math.class, x);
      case ATAN -> JavaExpr.compound("$T.atan($L)", Math.class, x);
      case SINH -> JavaExpr.compound("$T.sinh($L)", Math.class, x);
      case COSH -> JavaExpr.compound("$T.cosh($L)", Math.class, x);
      default -> throw new IllegalArgumentException(op + " is not unary");
    };
  }

  static JavaExpr binary(Op op, JavaExpr left, JavaExpr right) {
    Object a = left.code();
    Object b = right.code();
    return switch (op) {
      case ADD -> JavaExpr.atom("($L + $L)", a, b);
      case MUL -> JavaExpr.atom("($L * $L)", a, b);
      case DIV -> JavaExpr.atom("($L / $L)", a, b);
      case POW -> JavaExpr.compound("$T.pow($L, $L)", Math.class, a, b);
      case MAX -> JavaExpr.compound("$T.max($L, $L)", Math.class, a, b);
      case MIN -> JavaExpr.compound("$T.min($L, $L)", Math.class, a, b);
      case SAFE_DIV -> JavaExpr.atom("($L == 0.0 ? 0.0 : $L / $L)", b, a, b);
      case BCE -> JavaExpr.compound("$T.bce($L, $L)", FUNCTIONS, a, b);
      case CLAMP_MIN -> JavaExpr.compound("$T.max($L, $L)", Math.class, a, b);
      case CLAMP_MAX -> JavaExpr.compound("$T.min($L, $L)", Math.class, a, b);
      case LESS -> JavaExpr.atom("($L < $L ? 1.0 : 0.0)", a, b);
      case LESS_EQUAL -> JavaExpr.atom("($L <= $L ? 1.0 : 0.0)", a, b);
      case EQUAL -> JavaExpr.atom("($L == $L ? 1.0 : 0.0)", a, b);
      case NOT_EQUAL -> JavaExpr.atom("($L != $L ? 1.0 : 0.0)", a, b);
      default -> throw new IllegalArgumentException(op + " is not binary");
    };
  }

  /** A double literal that reads back as exactly {@code value}. */
  static JavaExpr literal(double value) {
    if (Double.isNaN(value)) {
      return JavaExpr.compound("$T.NaN", Double.class);
    }
    if (Double.isInfinite(value)) {
      return JavaExpr.compound(value > 0 ? "$T.POSITIVE_INFINITY" : "$T.NEGATIVE_INFINITY", Double.class);
    }
    String text = Double.toString(value);
    return text.startsWith("-") ? JavaExpr.atom("($L)", text) : JavaExpr.compound("$L", text);
  }

  /**
   * A comment's text for where a block of code comes from in the model: {@code yhat = w @ x + b
   * (9:1)}. Model text is escaped as everywhere: a backslash is doubled (so that no backslash-u
   * escape can form, which javac would read even inside a comment) and anything outside printable
   * ASCII is written as {@code U+XXXX}.
   */
  static String comment(Origin origin) {
    String text = origin.describe();
    if (text.length() > MAX_COMMENT) {
      text = text.substring(0, MAX_COMMENT - 1) + "…";
    }
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (c == '\\') {
        out.append("\\\\");
      } else if (c >= 0x20 && c < 0x7f) {
        out.append((char) c);
      } else if (c == '…') {
        out.append("...");
      } else {
        out.append(String.format(java.util.Locale.ROOT, "U+%04X", c));
      }
    });
    return out.append("  (").append(origin.where()).append(')').toString();
  }

  private static final int MAX_COMMENT = 100;
}

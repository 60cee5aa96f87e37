package io.gradgen.emit.java;

import io.gradgen.ir.Op;

/**
 * How each elementwise primitive is written in Java: the same meaning as {@link Op#apply}, spelled
 * so that Janino and javac both compile it. Operands are always simple (a local, an array element
 * or a literal), so an operand written twice is read twice, never computed twice.
 */
final class JavaSyntax {
  private JavaSyntax() {}

  static String unary(Op op, String x) {
    return switch (op) {
      case NEG -> "(-" + x + ")";
      case EXP -> "Math.exp(" + x + ")";
      case LOG -> "Math.log(" + x + ")";
      case SAFE_LOG -> "(" + x + " == 0.0 ? 0.0 : Math.log(" + x + "))";
      case SQRT -> "Math.sqrt(" + x + ")";
      case ABS -> "Math.abs(" + x + ")";
      case SIGN -> "Math.signum(" + x + ")";
      case STEP -> "(" + x + " > 0.0 ? 1.0 : 0.0)";
      case SIN -> "Math.sin(" + x + ")";
      case COS -> "Math.cos(" + x + ")";
      case TAN -> "Math.tan(" + x + ")";
      case TANH -> "io.gradgen.runtime.Functions.tanh(" + x + ")";
      case SIGMOID -> "(1.0 / (1.0 + Math.exp(-" + x + ")))";
      case RELU -> "(" + x + " > 0.0 ? " + x + " : 0.0)";
      case SOFTPLUS -> "(" + x + " > 20.0 ? " + x + " : Math.log1p(Math.exp(" + x + ")))";
      default -> throw new IllegalArgumentException(op + " is not unary");
    };
  }

  static String binary(Op op, String a, String b) {
    return switch (op) {
      case ADD -> "(" + a + " + " + b + ")";
      case MUL -> "(" + a + " * " + b + ")";
      case DIV -> "(" + a + " / " + b + ")";
      case POW -> "Math.pow(" + a + ", " + b + ")";
      case MAX -> "Math.max(" + a + ", " + b + ")";
      case MIN -> "Math.min(" + a + ", " + b + ")";
      case SAFE_DIV -> "(" + b + " == 0.0 ? 0.0 : " + a + " / " + b + ")";
      case BCE -> "io.gradgen.runtime.Functions.bce(" + a + ", " + b + ")";
      default -> throw new IllegalArgumentException(op + " is not binary");
    };
  }

  /** A double literal that reads back as exactly {@code value}. */
  static String literal(double value) {
    if (Double.isNaN(value)) {
      return "Double.NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
    }
    String text = Double.toString(value);
    return text.startsWith("-") ? "(" + text + ")" : text;
  }
}

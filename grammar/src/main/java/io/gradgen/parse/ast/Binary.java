package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code a + b}, {@code w @ x}, {@code x ^ 2}, {@code a < b}. The position is the operator's. */
public record Binary(SourcePosition position, Operator operator, Expr left, Expr right)
    implements Expr {

  public enum Operator {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/"),
    MATMUL("@"),
    POWER("^"),
    /** The comparisons give 0 or 1; {@code a > b} and {@code a >= b} keep their own operators. */
    EQUAL("=="),
    NOT_EQUAL("!="),
    LESS("<"),
    LESS_EQUAL("<="),
    GREATER(">"),
    GREATER_EQUAL(">=");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    public boolean isComparison() {
      return ordinal() >= EQUAL.ordinal();
    }
  }
}

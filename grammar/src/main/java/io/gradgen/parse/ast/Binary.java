package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code a + b}, {@code w @ x}, {@code x ^ 2}. The position is the operator's. */
public record Binary(SourcePosition position, Operator operator, Expr left, Expr right)
    implements Expr {

  public enum Operator {
    ADD("+"),
    SUBTRACT("-"),
    MULTIPLY("*"),
    DIVIDE("/"),
    MATMUL("@"),
    POWER("^");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }
}

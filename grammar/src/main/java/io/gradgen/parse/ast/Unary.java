package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code -x}. The only unary operator is negation. */
public record Unary(SourcePosition position, Expr operand) implements Expr {}

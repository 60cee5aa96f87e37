package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code m'}. */
public record Transpose(SourcePosition position, Expr operand) implements Expr {}

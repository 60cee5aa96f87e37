package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code loss mse(yhat, y)}. */
public record LossDecl(SourcePosition position, Expr value) implements Declaration {}

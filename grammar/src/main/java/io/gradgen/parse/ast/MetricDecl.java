package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code metric abs_err = abs(yhat - y)}: a per-sample scalar reported each epoch, never differentiated. */
public record MetricDecl(SourcePosition position, String name, Expr value) implements Declaration {}

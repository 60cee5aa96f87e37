package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** One argument of a call; {@code name} is null for a positional one. */
public record Argument(SourcePosition position, String name, Expr value) {}

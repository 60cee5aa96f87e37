package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** One CSV header name in a {@code <-} binding, unquoted. */
public record ColumnRef(SourcePosition position, String name) {}

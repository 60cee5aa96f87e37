package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** {@code z = dot(w, x) + c}, or with {@code output} in front, the model's prediction. */
public record LetDecl(SourcePosition position, String name, Expr value, boolean output)
    implements Declaration {}

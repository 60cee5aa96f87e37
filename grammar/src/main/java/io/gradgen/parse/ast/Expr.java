package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;

/** An expression, as written. Every node knows where it starts. */
public sealed interface Expr
    permits NumberLit, NameRef, ArrayLit, Unary, Binary, Call, Index, Transpose {
  SourcePosition position();
}

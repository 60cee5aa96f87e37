package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/** {@code v[2]} or {@code m[1, 0]}: indices are integer literals, 0-based. */
public record Index(SourcePosition position, Expr target, List<Integer> indices) implements Expr {
  public Index {
    indices = List.copyOf(indices);
  }
}

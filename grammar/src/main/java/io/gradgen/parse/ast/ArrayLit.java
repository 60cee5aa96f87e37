package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/** {@code [1, 2, 3]} or {@code [[4, 1], [1, 3]]}: nested for rank 2. */
public record ArrayLit(SourcePosition position, List<Expr> elements) implements Expr {
  public ArrayLit {
    elements = List.copyOf(elements);
  }
}

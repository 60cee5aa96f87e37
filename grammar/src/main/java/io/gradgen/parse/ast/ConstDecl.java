package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/** {@code const A[3,3] = [[4, 1, 0], …]}: a fixed tensor, folded into the kernel. */
public record ConstDecl(SourcePosition position, String name, List<Integer> shape, Expr value)
    implements Declaration {
  public ConstDecl {
    shape = List.copyOf(shape);
  }
}

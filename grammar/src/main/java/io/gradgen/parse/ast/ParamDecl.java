package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/**
 * {@code param w[2,3] = randn(seed = 42)}: a trainable tensor. {@code shape} is empty for a scalar;
 * {@code init} is null when the declaration has no {@code = …} (zeros). The initialiser is an
 * ordinary expression (a number, an array literal, {@code zeros}, or a call such as
 * {@code randn(seed = 42)}); the checker decides what it means.
 */
public record ParamDecl(SourcePosition position, String name, List<Integer> shape, Expr init)
    implements Declaration {
  public ParamDecl {
    shape = List.copyOf(shape);
  }
}

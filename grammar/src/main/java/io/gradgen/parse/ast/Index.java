package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/**
 * {@code v[2]}, {@code m[1, 0]}, {@code m[i]} or {@code v[k]}: 0-based indices, each an integer
 * literal or any scalar expression (an input, a target, {@code argmax(z)}), rounded to the nearest
 * integer.
 */
public record Index(SourcePosition position, Expr target, List<Expr> indices) implements Expr {
  public Index {
    indices = List.copyOf(indices);
  }
}

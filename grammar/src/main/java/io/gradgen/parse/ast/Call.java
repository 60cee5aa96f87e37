package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/** {@code huber(a, b, delta = 0.5)}: a function with positional and named arguments in order. */
public record Call(SourcePosition position, String function, List<Argument> arguments)
    implements Expr {
  public Call {
    arguments = List.copyOf(arguments);
  }
}

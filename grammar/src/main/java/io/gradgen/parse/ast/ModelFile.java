package io.gradgen.parse.ast;

import io.gradgen.parse.SourcePosition;
import java.util.List;

/**
 * A whole {@code .model} file: {@code model Name} and its declarations in source order.
 *
 * <pre>
 * model Cubic            → ModelFile("Cubic", …, [ParamDecl a, ParamDecl b, LossDecl])
 * param a = 5
 * param b = 6
 * loss a^3 - b^2
 * </pre>
 */
public record ModelFile(String name, SourcePosition position, List<Declaration> declarations) {
  public ModelFile {
    declarations = List.copyOf(declarations);
  }
}

package io.gradgen.check;

import io.gradgen.ir.Origin;
import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelPrinter;
import io.gradgen.parse.SourcePosition;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Declaration;
import io.gradgen.parse.ast.Expr;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each node of a model's graph comes from: the {@link Origin} of an expression (its text, at
 * most {@value #MAX_CHARS} characters, and where that text starts) or of a whole declaration (the
 * statement on one line, at its first token).
 *
 * <pre>
 * 11 | output yhat = w @ x + b
 * of(w @ x)                     → 11:15 w @ x
 * of(the output declaration)    → 11:1 output yhat = w @ x + b
 * </pre>
 *
 * <p>A binary operation is positioned at its operator in the AST (where an error about it
 * points); its text starts where its left operand's does. Both are remembered by identity, so
 * that the origins of every sub-expression of a 2,000-term sum cost in proportion to the sum.
 */
final class Origins {
  static final int MAX_CHARS = 60;

  private final ExprPrinter.Abbreviator texts = new ExprPrinter.Abbreviator(MAX_CHARS);
  private final Map<Expr, SourcePosition> starts = new IdentityHashMap<>();

  Origin of(Expr expr) {
    SourcePosition start = start(expr);
    return new Origin(texts.print(expr), start.line(), start.column(), false);
  }

  Origin of(Declaration declaration) {
    SourcePosition position = declaration.position();
    return new Origin(ModelPrinter.print(declaration, MAX_CHARS), position.line(), position.column(), false);
  }

  private SourcePosition start(Expr expr) {
    List<Expr> spine = new ArrayList<>();
    Expr first = expr;
    while (first instanceof Binary binary && !starts.containsKey(binary)) {
      spine.add(binary);
      first = binary.left();
    }
    SourcePosition start = first instanceof Binary ? starts.get(first) : first.position();
    for (Expr binary : spine) {
      starts.put(binary, start);
    }
    return start;
  }
}

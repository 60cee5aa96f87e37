package io.gradgen.check;

import io.gradgen.parse.ast.Argument;
import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.Index;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.Transpose;
import io.gradgen.parse.ast.Unary;
import java.util.stream.Collectors;

/**
 * Writes an expression back as text, fully parenthesised only where needed for reading, so that an
 * error can quote the offending text: {@code cannot add [2] and [3] in 'w @ x + c'}.
 */
final class ExprPrinter {
  private ExprPrinter() {}

  static String print(Expr expr) {
    if (expr instanceof NumberLit number) {
      return number.text();
    }
    if (expr instanceof NameRef name) {
      return name.name();
    }
    if (expr instanceof ArrayLit array) {
      return array.elements().stream().map(ExprPrinter::print).collect(Collectors.joining(", ", "[", "]"));
    }
    if (expr instanceof Unary unary) {
      return "-" + operand(unary.operand());
    }
    if (expr instanceof Binary binary) {
      return operand(binary.left()) + " " + binary.operator().symbol() + " " + operand(binary.right());
    }
    if (expr instanceof Call call) {
      return call.function() + call.arguments().stream().map(ExprPrinter::argument)
          .collect(Collectors.joining(", ", "(", ")"));
    }
    if (expr instanceof Index index) {
      return operand(index.target()) + index.indices().stream().map(String::valueOf)
          .collect(Collectors.joining(", ", "[", "]"));
    }
    return operand(((Transpose) expr).operand()) + "'";
  }

  private static String argument(Argument argument) {
    return (argument.name() == null ? "" : argument.name() + " = ") + print(argument.value());
  }

  private static String operand(Expr expr) {
    String text = print(expr);
    return expr instanceof Binary || expr instanceof Unary ? "(" + text + ")" : text;
  }
}

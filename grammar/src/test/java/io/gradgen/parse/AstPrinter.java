package io.gradgen.parse;

import io.gradgen.parse.ast.Argument;
import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.Index;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.Setting;
import io.gradgen.parse.ast.Transpose;
import io.gradgen.parse.ast.Unary;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints an expression as a fully parenthesised S-expression, so a test can state a tree's shape in
 * one line: {@code -x^2 + w' @ v[1]} prints as {@code (+ (neg (^ x 2)) (@ (T w) (index v 1)))}.
 */
final class AstPrinter {
  private AstPrinter() {}

  static String print(Expr expr) {
    if (expr instanceof NumberLit number) {
      return number.text();
    }
    if (expr instanceof NameRef name) {
      return name.name();
    }
    if (expr instanceof Unary unary) {
      return "(neg " + print(unary.operand()) + ")";
    }
    if (expr instanceof Binary binary) {
      return "("
          + binary.operator().symbol()
          + " "
          + print(binary.left())
          + " "
          + print(binary.right())
          + ")";
    }
    if (expr instanceof Call call) {
      List<String> words = new ArrayList<>();
      words.add(call.function());
      for (Argument argument : call.arguments()) {
        String value = print(argument.value());
        words.add(argument.name() == null ? value : argument.name() + "=" + value);
      }
      return "(call " + String.join(" ", words) + ")";
    }
    if (expr instanceof Index index) {
      List<String> words = new ArrayList<>();
      words.add(print(index.target()));
      index.indices().forEach(i -> words.add(print(i)));
      return "(index " + String.join(" ", words) + ")";
    }
    if (expr instanceof Transpose transpose) {
      return "(T " + print(transpose.operand()) + ")";
    }
    ArrayLit array = (ArrayLit) expr;
    List<String> elements = new ArrayList<>();
    array.elements().forEach(e -> elements.add(print(e)));
    return "[" + String.join(" ", elements) + "]";
  }

  /** {@code shuffle seed 7} prints as {@code shuffle seed 7}; a call as above. */
  static String print(Setting setting) {
    List<String> words = new ArrayList<>();
    words.add(setting.key());
    setting.values().forEach(v -> words.add(print(v)));
    return String.join(" ", words);
  }
}

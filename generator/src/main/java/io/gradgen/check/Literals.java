package io.gradgen.check;

import io.gradgen.ir.Shape;
import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.Unary;
import java.util.ArrayList;
import java.util.List;

/** Numbers and array literals read as values: {@code -2.5}, {@code [[4, 1], [1, 3]]}. */
final class Literals {
  private Literals() {}

  record Tensor(Shape shape, double[] values) {}

  /** A number, possibly negated; anything else is an error naming {@code what}. */
  static double number(Expr expr, String what) {
    if (expr instanceof NumberLit number) {
      return number.value();
    }
    if (expr instanceof Unary unary && unary.operand() instanceof NumberLit number) {
      return -number.value();
    }
    throw new ModelException(expr.position(), what + " must be a number, not '" + ExprPrinter.parenthesized(expr) + "'");
  }

  static boolean isNumber(Expr expr) {
    return expr instanceof NumberLit || (expr instanceof Unary unary && unary.operand() instanceof NumberLit);
  }

  /** A rank-1 or rank-2 array literal with rows of equal length. */
  static Tensor evaluate(ArrayLit array) {
    if (array.elements().isEmpty()) {
      throw new ModelException(array.position(), "an array literal needs at least one element");
    }
    boolean nested = array.elements().get(0) instanceof ArrayLit;
    List<Double> values = new ArrayList<>();
    int columns = -1;
    for (Expr element : array.elements()) {
      if (nested) {
        if (!(element instanceof ArrayLit row)) {
          throw new ModelException(element.position(), "every row of a matrix literal must be an array");
        }
        if (columns >= 0 && row.elements().size() != columns) {
          throw new ModelException(row.position(), "matrix rows must have equal lengths: this row has "
              + row.elements().size() + (row.elements().size() == 1 ? " element" : " elements")
              + ", the first has " + columns);
        }
        columns = row.elements().size();
        for (Expr cell : row.elements()) {
          if (cell instanceof ArrayLit) {
            throw new ModelException(cell.position(), "only rank 1 and 2 are supported");
          }
          values.add(number(cell, "an array element"));
        }
      } else {
        if (element instanceof ArrayLit) {
          throw new ModelException(element.position(), "every row of a matrix literal must be an array");
        }
        values.add(number(element, "an array element"));
      }
    }
    if (nested && columns == 0) {
      throw new ModelException(array.position(), "an array literal needs at least one element");
    }
    Shape shape = nested ? Shape.matrix(array.elements().size(), columns) : Shape.vector(values.size());
    return new Tensor(shape, values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}

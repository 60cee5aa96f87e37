package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ModelReader;
import io.gradgen.parse.SourcePosition;
import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Expr;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteralsTest {
  private static Expr expr(String text) {
    return ModelReader.parseExpression(text, "e");
  }

  private static String error(Runnable reading) {
    return assertThrows(ModelException.class, reading::run).format();
  }

  @Test
  void aNumberMayBeNegated() {
    assertEquals(2.5, Literals.number(expr("2.5"), "x"));
    assertEquals(-1e-3, Literals.number(expr("-1e-3"), "x"));
    assertTrue(Literals.isNumber(expr("-7")));
    assertFalse(Literals.isNumber(expr("-(-7)")));
    assertFalse(Literals.isNumber(expr("2 * 3")));
    assertEquals("e:1:1: error: the rate must be a number, not '-(-7)'", error(() -> Literals.number(expr("-(-7)"), "the rate")));
    // A binary operation is placed at its operator.
    assertEquals("e:1:3: error: lr must be a number, not 'a + 1'", error(() -> Literals.number(expr("a + 1"), "lr")));
  }

  @Test
  void aVectorAndAMatrixReadRowMajor() {
    Literals.Tensor vector = Literals.evaluate((ArrayLit) expr("[1, -2, 3.5]"));
    assertEquals(Shape.vector(3), vector.shape());
    assertArrayEquals(new double[] {1, -2, 3.5}, vector.values());
    Literals.Tensor matrix = Literals.evaluate((ArrayLit) expr("[[1, 2, 3], [4, 5, 6]]"));
    assertEquals(Shape.matrix(2, 3), matrix.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, matrix.values());
  }

  @Test
  void anEmptyLiteralIsAnError() {
    // The grammar has no empty array literal; an AST built otherwise may hold one.
    ArrayLit empty = new ArrayLit(SourcePosition.of("e"), List.of());
    assertEquals("e:1:1: error: an array literal needs at least one element", error(() -> Literals.evaluate(empty)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[[1, 2], [3]]     | 1:10 matrix rows must have equal lengths: this row has 1 element, the first has 2",
        "[[1], [2, 3]]     | 1:7 matrix rows must have equal lengths: this row has 2 elements, the first has 1",
        "[[1, 2], 3]       | 1:10 every row of a matrix literal must be an array",
        "[1, [2]]          | 1:5 every row of a matrix literal must be an array",
        "[[[1]]]           | 1:3 only rank 1 and 2 are supported",
        "[1, x]            | 1:5 an array element must be a number, not 'x'",
        "[[1, 2 * 3]]      | 1:8 an array element must be a number, not '2 * 3'",
      })
  void aLiteralThatIsNotATensorIsAnErrorAtItsElement(String literal, String message) {
    assertEquals("e:" + message.replaceFirst(" ", ": error: "), error(() -> Literals.evaluate((ArrayLit) expr(literal))));
  }
}

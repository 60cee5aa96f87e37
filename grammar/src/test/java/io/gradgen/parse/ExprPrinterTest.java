package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.Index;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.Transpose;
import io.gradgen.parse.ast.Unary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprPrinterTest {

  private static Expr expr(String text) {
    return ModelReader.parseExpression(text, "e");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        // precedence and associativity: parentheses only where the tree needs them
        "((w @ x)) + (b)      | w @ x + b",
        "a - b - c            | a - b - c",
        "a - (b - c)          | a - (b - c)",
        "a + (b + c)          | a + (b + c)",
        "(a + b) * c          | (a + b) * c",
        "a * (b / c)          | a * (b / c)",
        "a * b / c @ d        | a * b / c @ d",
        // unary minus
        "-x                   | -x",
        "-(-x)                | -(-x)",
        "-(a * b)             | -(a * b)",
        "(-a) * b             | -a * b",
        "a - -b               | a - -b",
        "a * -b + c           | a * -b + c",
        "-x^2                 | -x ^ 2",
        // power: right-associative, a negation as exponent, a negated base in parentheses
        "2^3^2                | 2 ^ 3 ^ 2",
        "(2^3)^2              | (2 ^ 3) ^ 2",
        "(-x)^2               | (-x) ^ 2",
        "2^-1                 | 2 ^ -1",
        "2^(-1)^2             | 2 ^ (-1) ^ 2",
        "a^(b * c)            | a ^ (b * c)",
        "(x - 2)^2 + 1        | (x - 2) ^ 2 + 1",
        // transpose and indexing bind tightest
        "m' @ v               | m' @ v",
        "-m'                  | -m'",
        "(-m)'                | (-m)'",
        "x^2'                 | x ^ 2'",
        "(x^2)'               | (x ^ 2)'",
        "(a @ b)'[0, 1]       | (a @ b)'[0, 1]",
        "m'[0]                | m'[0]",
        "v[1]^2               | v[1] ^ 2",
        "m[k+1, argmax(z)]    | m[k + 1, argmax(z)]",
        "f(x)'                | f(x)'",
        // calls, named arguments, array literals
        "huber(a, b, delta = 0.5) | huber(a, b, delta = 0.5)",
        "randn()              | randn()",
        "sum((A @ x - b)^2)   | sum((A @ x - b) ^ 2)",
        "[[1, 2], [3, -4.50]] | [[1, 2], [3, -4.50]]",
        "[-1, x + 1]          | [-1, x + 1]",
        // numbers as written
        "1e-5 + .5 + 3. + 007 | 1e-5 + .5 + 3. + 007",
        // comparisons: loosest, and a comparison operand of one keeps its parentheses (no chains)
        "(a + 1) < (b * 2)    | a + 1 < b * 2",
        "(a < b) < c          | (a < b) < c",
        "a == (b != c)        | a == (b != c)",
        "(a < b) * 2          | (a < b) * 2",
        "a<-1                 | a < -1",
        "a >= -b              | a >= -b",
      })
  void printsTheFewestParenthesesThatKeepTheTree(String text, String expected) {
    assertEquals(expected, ExprPrinter.print(expr(text)));
    assertEquals(ModelPrinterTest.withoutPositions(expr(text)),
        ModelPrinterTest.withoutPositions(expr(expected)), "reparsed");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "w @ x + c       | (w @ x) + c",
        "-(-x)           | -(-x)",
        "-x^2            | -(x ^ 2)",
        "(a + b)'        | (a + b)'",
        "(a + b)[0]      | (a + b)[0]",
        "f(a + b, k = -1) | f(a + b, k = -1)",
        "[a + b]         | [a + b]",
      })
  void theMessageFormParenthesizesEveryOperation(String text, String expected) {
    assertEquals(expected, ExprPrinter.parenthesized(expr(text)));
  }

  @Test
  void theLimitedFormCutsWithAnEllipsis() {
    Expr e = expr("sum((A @ x - b)^2)");
    assertEquals("sum((A @ x - b) ^ 2)", ExprPrinter.print(e, 20));
    assertEquals("sum((A @ x …", ExprPrinter.print(e, 12));
    assertEquals("…", ExprPrinter.print(e, 1));
    assertThrows(IllegalArgumentException.class, () -> ExprPrinter.print(e, 0));
  }

  @Test
  void anAbbreviatorPrintsWhatTheLimitedFormPrints() {
    Expr e = expr("huber(a * b + [1, 2, 3], c ^ -d' @ m[0, 1], delta = 0.5) - (x - y) / sum(z)");
    for (int max : new int[] {1, 5, 12, 30, 200}) {
      ExprPrinter.Abbreviator abbreviator = new ExprPrinter.Abbreviator(max);
      for (Expr sub : subExpressions(e)) {
        assertEquals(ExprPrinter.print(sub, max), abbreviator.print(sub), sub + " at " + max);
      }
    }
  }

  /**
   * A 20,000-term sum is a tree 20,000 deep on its left. Quoting each of its sub-expressions must
   * cost about the limit each: written out whole, these would be 20,000 strings of up to 160,000
   * characters (1.6 billion characters in all).
   */
  @Test
  void quotingEverySubExpressionOfAHugeSumStaysLinear() {
    int terms = 20_000;
    Expr sum = new NameRef(SourcePosition.of("e"), "x0");
    List<Expr> all = new ArrayList<>();
    all.add(sum);
    for (int i = 1; i < terms; i++) {
      sum = new Binary(SourcePosition.of("e"), Binary.Operator.ADD, sum,
          new NameRef(SourcePosition.of("e"), "x" + i));
      all.add(sum);
    }
    ExprPrinter.Abbreviator abbreviator = new ExprPrinter.Abbreviator(60);
    long start = System.nanoTime();
    int characters = 0;
    // Parents first, as lowering quotes them: the first call walks down the left side once.
    for (int i = all.size() - 1; i >= 0; i--) {
      characters += abbreviator.print(all.get(i)).length();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    assertTrue(characters <= 60 * terms);
    assertEquals("x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11…",
        abbreviator.print(all.get(terms - 1)));
    assertTrue(seconds < 5, seconds + " s");
  }

  @Test
  void aSumTwentyThousandDeepPrintsWholeWithoutRunningOutOfStack() {
    StringBuilder text = new StringBuilder("x0");
    for (int i = 1; i < 20_000; i++) {
      text.append(i % 3 == 0 ? " - " : " + ").append("-x").append(i).append(i % 2 == 0 ? "'" : "[0]");
    }
    Expr sum = expr(text.toString());
    assertEquals(text.toString(), ExprPrinter.print(sum));
    assertEquals(text.substring(0, 59) + "…", ExprPrinter.print(sum, 60));
  }

  private static List<Expr> subExpressions(Expr e) {
    List<Expr> out = new ArrayList<>();
    collect(e, out);
    return out;
  }

  private static void collect(Expr e, List<Expr> out) {
    out.add(e);
    if (e instanceof Binary binary) {
      collect(binary.left(), out);
      collect(binary.right(), out);
    } else if (e instanceof Unary unary) {
      collect(unary.operand(), out);
    } else if (e instanceof Call call) {
      call.arguments().forEach(argument -> collect(argument.value(), out));
    } else if (e instanceof Index index) {
      collect(index.target(), out);
      index.indices().forEach(i -> collect(i, out));
    } else if (e instanceof Transpose transpose) {
      collect(transpose.operand(), out);
    }
  }
}

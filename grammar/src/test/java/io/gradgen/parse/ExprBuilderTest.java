package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.Index;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.Transpose;
import io.gradgen.parse.ast.Unary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExprBuilderTest {

  private static Expr expr(String text) {
    return ModelReader.parseExpression(text, "e");
  }

  private static String tree(String text) {
    return AstPrinter.print(expr(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "a - b - c        | (- (- a b) c)",
        "a + b * c        | (+ a (* b c))",
        "a * b / c @ d    | (@ (/ (* a b) c) d)",
        "w @ x + b        | (+ (@ w x) b)",
        "2^3^2            | (^ 2 (^ 3 2))",
        "-x^2             | (neg (^ x 2))",
        "2^-1             | (^ 2 (neg 1))",
        "-2 * x           | (* (neg 2) x)",
        "a - -b           | (- a (neg b))",
        "(a + b) * c      | (* (+ a b) c)",
        "(x - 2)^2 + 1    | (+ (^ (- x 2) 2) 1)",
        "a^3 - b^2        | (- (^ a 3) (^ b 2))",
        "m' @ v           | (@ (T m) v)",
        "-m'              | (neg (T m))",
        "x^2'             | (^ x (T 2))",
        "v[1]^2           | (^ (index v 1) 2)",
        "m[1, 0]          | (index m 1 0)",
        "(a @ b)'[0, 1]   | (index (T (@ a b)) 0 1)",
        "v[k + 1, argmax(z)] | (index v (+ k 1) (call argmax z))",
        "sum((A @ x - b)^2) | (call sum (^ (- (@ A x) b) 2))",
        "huber(a, b, delta = 0.5) | (call huber a b delta=0.5)",
        "randn()          | (call randn)",
        "[1, 2]           | [1 2]",
        "[[1, 2], [3, 4]] | [[1 2] [3 4]]",
        "[-1, x + 1]      | [(neg 1) (+ x 1)]",
        // Comparisons bind looser than + - (as Python); a<-1 is a < -1, the minus a unary one.
        "a + 1 < b * 2    | (< (+ a 1) (* b 2))",
        "a == b           | (== a b)",
        "a != -b          | (!= a (neg b))",
        "a >= b - 1       | (>= a (- b 1))",
        "a > b            | (> a b)",
        "a <= b           | (<= a b)",
        "(a < b) < c      | (< (< a b) c)",
        "a<-1             | (< a (neg 1))",
        "a <- x * y + 1   | (< a (+ (* (neg x) y) 1))",
        "a<-2^2           | (< a (neg (^ 2 2)))",
        "a<-(b + 1)       | (< a (neg (+ b 1)))",
        "f(a <- b)        | (call f (< a (neg b)))",
      })
  void buildsTheTreeThatPrecedenceAndAssociativityDescribe(String text, String expected) {
    assertEquals(expected, tree(text));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1, 1.0, true",
    "1.5, 1.5, false",
    ".5, 0.5, false",
    "1e-5, 1e-5, false",
    "2.5E+3, 2500, false",
    "1e3, 1000, false",
    "3., 3, false",
    "007, 7, true"
  })
  void readsNumbersAndTellsIntegersApart(String text, double value, boolean integer) {
    NumberLit number = assertInstanceOf(NumberLit.class, expr(text));
    assertEquals(value, number.value());
    assertEquals(text, number.text());
    assertEquals(integer, number.integer());
  }

  @Test
  void aNegativeNumberIsANegatedLiteral() {
    Unary negative = assertInstanceOf(Unary.class, expr("-3"));
    assertEquals("3", assertInstanceOf(NumberLit.class, negative.operand()).text());
  }

  @Test
  void positionsAreOneBasedAndPointAtTheFirstTokenOrTheOperator() {
    Binary sum = assertInstanceOf(Binary.class, expr("f(a)  +  -b"));
    assertEquals(new SourcePosition("e", 1, 7), sum.position());
    assertEquals(new SourcePosition("e", 1, 1), sum.left().position());
    assertEquals(new SourcePosition("e", 1, 10), sum.right().position());
    Call call = assertInstanceOf(Call.class, expr("  adam(lr = 0.01)"));
    assertEquals(new SourcePosition("e", 1, 3), call.position());
    assertEquals(new SourcePosition("e", 1, 8), call.arguments().get(0).position());
    assertEquals(new SourcePosition("e", 1, 13), call.arguments().get(0).value().position());
    Transpose transposed = assertInstanceOf(Transpose.class, expr(" m'"));
    assertEquals(new SourcePosition("e", 1, 2), transposed.position());
    Index indexed = assertInstanceOf(Index.class, expr("(v)[2]"));
    assertEquals(new SourcePosition("e", 1, 1), indexed.position());
  }

  @Test
  void comparisonsDoNotChainAndSayHowToWriteBoth() {
    ModelException e = org.junit.jupiter.api.Assertions.assertThrows(ModelException.class, () -> expr("a < b <= c"));
    assertEquals("e:1:7: error: comparisons do not chain: write (a < b) * (b <= c) for both, or parenthesize one",
        e.getMessage());
    assertEquals(new SourcePosition("e", 1, 3), expr("a <- 1").position());
    assertEquals(new SourcePosition("e", 1, 4), ((Binary) expr("a <- 1")).right().position());
  }

  @Test
  void namedAndPositionalArgumentsKeepTheirOrder() {
    Call call = assertInstanceOf(Call.class, expr("uniform(-1, hi, seed = 3)"));
    assertEquals("uniform", call.function());
    assertEquals(3, call.arguments().size());
    assertEquals(null, call.arguments().get(0).name());
    assertEquals(null, call.arguments().get(1).name());
    assertEquals("seed", call.arguments().get(2).name());
  }

  @Test
  void keywordsAndJavaKeywordsAreOrdinaryNames() {
    assertEquals(
        "(+ (* data batch) (call seed class double))", tree("data * batch + seed(class, double)"));
    assertEquals("(call f model=full)", tree("f(model = full)"));
  }

  @Test
  void anArrayLiteralAndACallMaySpanLines() {
    ArrayLit rows = assertInstanceOf(ArrayLit.class, expr("[[1, 2],\n [3, 4]\n]"));
    assertEquals(
        new SourcePosition("e", 2, 3),
        ((ArrayLit) rows.elements().get(1)).elements().get(0).position());
    assertEquals("(call adam lr=0.01 beta1=0.9)", tree("adam(\n  lr = 0.01,\n  beta1 = 0.9\n)"));
  }

  @Test
  void aLongChainIsBuiltLeftDeepWithEachOperatorAtItsOwnPlace() {
    // 20,000 terms: deeper than a recursive walk of the parse tree could go.
    StringBuilder text = new StringBuilder("t0");
    for (int i = 1; i < 20_000; i++) {
      text.append(i % 2 == 0 ? " + " : " * ").append('t').append(i);
    }
    // t0 * t1 + t2 * t3 + … : a sum of 10,000 products, its left side 9,999 sums deep.
    Expr e = expr(text.toString());
    for (int pair = 9_999; pair > 0; pair--) {
      Binary sum = assertInstanceOf(Binary.class, e);
      assertEquals(Binary.Operator.ADD, sum.operator());
      assertEquals("(* t" + 2 * pair + " t" + (2 * pair + 1) + ")", AstPrinter.print(sum.right()));
      e = sum.left();
    }
    assertEquals("(* t0 t1)", AstPrinter.print(e));
    Binary last = (Binary) expr("a * b + c - d");
    assertEquals(new SourcePosition("e", 1, 11), last.position());
    assertEquals(new SourcePosition("e", 1, 7), ((Binary) last.left()).position());
    assertEquals(new SourcePosition("e", 1, 3), ((Binary) ((Binary) last.left()).left()).position());
  }
}

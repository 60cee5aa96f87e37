package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.parse.ast.ModelFile;
import org.junit.jupiter.api.Test;

class NestingLimitTest {
  private static final int MAX = NestingLimit.MAX_DEPTH;

  @Test
  void everyKindOfNestingIsAllowedUpToTheLimit() {
    parse("(".repeat(MAX) + "a" + ")".repeat(MAX));
    parse("-".repeat(MAX) + "a");
    parse("sin(".repeat(MAX) + "a" + ")".repeat(MAX));
    parse("a" + "^a".repeat(MAX));
    parse("a" + "*(a".repeat(MAX) + ")".repeat(MAX));
    parse("[".repeat(MAX) + "a" + "]".repeat(MAX));
    parse("a" + "'".repeat(MAX));
  }

  @Test
  void theTokenThatOpensOneLevelMoreIsTheError() {
    assertEquals("m:2:" + (6 + MAX) + ": error: expression nested more than 1000 levels deep",
        error("(".repeat(MAX + 1) + "a" + ")".repeat(MAX + 1)));
    assertEquals("m:2:" + (6 + MAX) + ": error: expression nested more than 1000 levels deep",
        error("-".repeat(MAX + 1) + "a"));
    assertEquals("m:2:" + (9 + 4 * MAX) + ": error: expression nested more than 1000 levels deep",
        error("sin(".repeat(MAX + 1) + "a" + ")".repeat(MAX + 1)));
    assertEquals("m:2:" + (7 + 2 * MAX) + ": error: expression nested more than 1000 levels deep",
        error("a" + "^a".repeat(MAX + 1)));
    assertEquals("m:2:" + (7 + MAX) + ": error: expression nested more than 1000 levels deep",
        error("a" + "'".repeat(MAX + 1)));
  }

  @Test
  void chainsOfBinaryOperatorsAddNoLevel() {
    parse("a" + " + a * a - a / a".repeat(5_000));
  }

  @Test
  void aLevelIsCountedFromTheOperandItDeepens() {
    // (((a)))' is four levels: the ' is one deeper than the innermost '('.
    String three = "(".repeat(MAX - 1) + "a" + ")".repeat(MAX - 1);
    parse(three + "'");
    assertEquals("m:2:" + (6 + 2 * (MAX - 1) + 2) + ": error: expression nested more than 1000 levels deep",
        error(three + "''"));
  }

  @Test
  void eachStatementStartsAtLevelZero() {
    String deep = "(".repeat(MAX) + "a" + ")".repeat(MAX);
    parse(deep + "\nloss " + deep);
  }

  @Test
  void aSingleExpressionHasTheSameLimit() {
    ModelReader.parseExpression("(".repeat(MAX) + "1" + ")".repeat(MAX), "--x");
    ModelException e = assertThrows(ModelException.class,
        () -> ModelReader.parseExpression("(".repeat(MAX + 1) + "1" + ")".repeat(MAX + 1), "--x"));
    assertEquals("--x:1:" + (MAX + 1) + ": error: expression nested more than 1000 levels deep", e.format());
  }

  private static ModelFile parse(String expression) {
    return ModelReader.parse("model M\nloss " + expression + "\n", "m");
  }

  private static String error(String expression) {
    return assertThrows(ModelException.class, () -> parse(expression)).format();
  }
}

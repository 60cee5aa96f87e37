package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.parse.antlr.ModelLexer;
import org.antlr.v4.runtime.CharStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThrowingErrorListenerTest {

  /** The error for a model file whose lines are given with {@code |} between them. */
  private static String error(String lines) {
    ModelException e =
        assertThrows(
            ModelException.class, () -> ModelReader.parse(lines.replace('|', '\n'), "crop.model"));
    return e.format();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '~',
      quoteCharacter = '`',
      value = {
        // a missing ')', reported where the '(' is (UnbalancedBrackets), not where the parser ran out
        "model M|loss (x - 2 ~ crop.model:2:6: error: '(' is never closed",
        "model M|loss f(a, b|param c ~ crop.model:2:7: error: '(' is never closed",
        // a token that cannot stand there
        "model M|loss f(a, ) ~ crop.model:2:11: error: unexpected ')'; expected an expression",
        "model M|loss f(a b) ~ crop.model:2:10: error: unexpected 'b'; expected ')' or ','",
        "model M|loss x|) ~ crop.model:3:1: error: ')' closes nothing",
        "model M|loss [x, 2) ~ crop.model:2:11: error: ')' does not close the '[' at 2:6",
        // the end of the text inside an expression
        "model M|loss a + ~ crop.model:2:9: error: unexpected end of file; expected an expression",
        "model M|loss a +|param b ~ crop.model:2:9: error: unexpected end of line; expected an expression",
        // bad text
        "model M|data \"crop.csv ~ crop.model:2:6: error: unterminated string; a string ends with '\"' on the same line",
        "model M|loss a # b ~ crop.model:2:8: error: unknown character '#'",
        "model M|/* never|closed ~ crop.model:2:1: error: unterminated comment; a comment that starts with '/*' must end with '*/'",
        // declarations
        "model M|param [2] = 1 ~ crop.model:2:7: error: unexpected '['; expected a name or '='",
        "model M|input x <- ~ crop.model:2:11: error: unexpected end of file; expected a name or a quoted string",
        "model M|param w[2.5] ~ crop.model:2:9: error: unexpected '2.5'; expected an integer",
        "model M|param w[2 3] ~ crop.model:2:11: error: unexpected '3'; expected ']' or ','",
        "model M|= 3 ~ crop.model:2:1: error: unexpected '='; expected a declaration",
        // the header
        "param a = 1 ~ crop.model:1:1: error: unexpected 'param'; expected 'model' and the model's name first",
        "model ~ crop.model:1:6: error: unexpected end of file; expected a name",
        // statements on one line
        "model M|param a = 1 param b = 2 ~ crop.model:2:13: error: unexpected 'param'; expected a newline or ';'",
        // settings
        "model M|train { speed 3 } ~ crop.model:2:9: error: unexpected 'speed'; expected a setting (optimizer, batch, epochs, shuffle, split, schedule, clip, stop, reduction or precision) or '}'",
        "model M|train { batch 2.5 } ~ crop.model:2:15: error: unexpected '2.5'; expected an integer or 'full'",
        "model M|train { stop 5 } ~ crop.model:2:14: error: unexpected '5'; expected 'patience'",
        "model M|train { epochs 3 ~ crop.model:2:7: error: '{' is never closed",
        "model M|train|{ epochs 3 } ~ crop.model:2:6: error: unexpected end of line; expected '=' or '{'",
      })
  void rewritesTheFirstSyntaxErrorIntoASentence(String source, String expected) {
    assertEquals(expected, error(source));
  }

  @Test
  void anExpressionOptionEndsAtTheEndOfInput() {
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> ModelReader.parseExpression("step(10, 0.5) x", "--schedule"));
    assertEquals("--schedule:1:15: error: unexpected 'x'; expected end of input", e.format());
    e =
        assertThrows(
            ModelException.class, () -> ModelReader.parseExpression("adam(lr = ", "--optimizer"));
    assertEquals(
        "--optimizer:1:11: error: unexpected end of input; expected an expression", e.format());
  }

  @Test
  void aLexerErrorNamesTheCharacter() {
    ModelLexer lexer = new ModelLexer(CharStreams.fromString("§"));
    lexer.nextToken();
    ThrowingErrorListener listener = new ThrowingErrorListener("x.model", "end of file");
    ModelException e =
        assertThrows(
            ModelException.class,
            () -> listener.syntaxError(lexer, null, 1, 0, "token recognition error at: '§'", null));
    assertEquals("x.model:1:1: error: unknown character '§'", e.format());
  }
}

package io.gradgen.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.parse.antlr.ModelLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Test;

class BracketNewlineFilterTest {

  /** The token texts the parser would see, newlines shown as {@code NL}. */
  private static List<String> tokens(String source) {
    BracketNewlineFilter filter =
        new BracketNewlineFilter(new ModelLexer(CharStreams.fromString(source)));
    List<String> texts = new ArrayList<>();
    for (Token t = filter.nextToken(); t.getType() != Token.EOF; t = filter.nextToken()) {
      texts.add(t.getType() == ModelLexer.NEWLINE ? "NL" : t.getText());
    }
    return texts;
  }

  @Test
  void dropsNewlinesInsideParenthesesAndBrackets() {
    assertEquals(
        List.of("a", "=", "[", "[", "1", "]", ",", "[", "2", "]", "]", "NL", "b"),
        tokens("a = [[1],\n     [2]\n]\nb"));
    assertEquals(
        List.of("loss", "f", "(", "x", ",", "(", "y", ")", ")", "NL"),
        tokens("loss f(\n  x,\n  (y\n)\n)\n"));
  }

  @Test
  void keepsNewlinesInsideBracesWhereTheySeparateSettings() {
    assertEquals(
        List.of("train", "{", "NL", "epochs", "3", "NL", "}"), tokens("train {\n  epochs 3\n}"));
  }

  @Test
  void aStrayClosingBracketDoesNotSwallowLaterNewlines() {
    assertEquals(List.of("a", ")", "NL", "b", "]", "NL", "c"), tokens("a )\nb ]\nc"));
  }

  @Test
  void aCommentSpanningLinesCountsAsANewlineOutsideBracketsOnly() {
    assertEquals(List.of("a", "NL", "b"), tokens("a /* one\ntwo */ b"));
    assertEquals(List.of("(", "a", "b", ")"), tokens("(a /* one\ntwo */ b)"));
    assertEquals(List.of("a", "b"), tokens("a /* one line */ b"));
  }
}

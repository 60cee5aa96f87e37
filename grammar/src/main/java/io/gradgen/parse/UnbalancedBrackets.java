package io.gradgen.parse;

import io.gradgen.parse.antlr.ModelLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The first bracket of a model's text that nothing closes, or a closing one that closes the wrong
 * kind, as the syntax error to report instead of the parser's: the parser only notices the missing
 * {@code )} where it runs out of tokens (the end of the file, or a later line that a newline
 * inside the brackets did not end), far from the {@code (} the user has to fix.
 *
 * <pre>
 * loss (a + 2        →  m.model:3:6: error: '(' is never closed
 * loss [a, b)        →  m.model:3:11: error: ')' does not close the '[' at 3:6
 * </pre>
 */
final class UnbalancedBrackets {
  private UnbalancedBrackets() {}

  /** The bracket problem in {@code source}, if it has one (checked only once a parse has failed). */
  static Optional<ModelException> find(String source, String fileName) {
    ModelLexer lexer = new ModelLexer(CharStreams.fromString(source, fileName));
    lexer.removeErrorListeners();
    Deque<Token> open = new ArrayDeque<>();
    for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
      switch (token.getType()) {
        case ModelLexer.LPAREN, ModelLexer.LBRACKET, ModelLexer.LBRACE -> open.push(token);
        case ModelLexer.RPAREN, ModelLexer.RBRACKET, ModelLexer.RBRACE -> {
          if (open.isEmpty()) {
            return Optional.of(new ModelException(at(fileName, token), "'" + token.getText() + "' closes nothing"));
          }
          Token opener = open.pop();
          if (closer(opener.getType()) != token.getType()) {
            return Optional.of(new ModelException(at(fileName, token), "'" + token.getText() + "' does not close the '"
                + opener.getText() + "' at " + opener.getLine() + ":" + (opener.getCharPositionInLine() + 1)));
          }
        }
        default -> { }
      }
    }
    if (open.isEmpty()) {
      return Optional.empty();
    }
    Token first = open.peekLast(); // the outermost: closing it is what the user left out
    return Optional.of(new ModelException(at(fileName, first), "'" + first.getText() + "' is never closed"));
  }

  private static int closer(int opener) {
    return switch (opener) {
      case ModelLexer.LPAREN -> ModelLexer.RPAREN;
      case ModelLexer.LBRACKET -> ModelLexer.RBRACKET;
      default -> ModelLexer.RBRACE;
    };
  }

  private static SourcePosition at(String fileName, Token token) {
    return new SourcePosition(fileName, token.getLine(), token.getCharPositionInLine() + 1);
  }
}

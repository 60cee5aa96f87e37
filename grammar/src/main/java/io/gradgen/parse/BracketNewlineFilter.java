package io.gradgen.parse;

import io.gradgen.parse.antlr.ModelLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * Drops the NEWLINE tokens that lie inside {@code ( )} or {@code [ ]}, so that a call or an array
 * literal may span lines while a newline anywhere else still ends a statement. Doing it here keeps
 * the grammar free of actions and of optional newlines sprinkled through every expression rule.
 *
 * <pre>
 * const A[2,2] = [[1, 2],      MODEL … ASSIGN [ [ 1 , 2 ] , [ 3 , 4 ] ] NEWLINE
 *                 [3, 4]]      (the NEWLINE after "2]," is gone; the last one stays)
 * </pre>
 *
 * <p>Braces do not count: inside {@code train { }} newlines separate settings. A stray closing
 * bracket does not make the depth negative; the parser reports it.
 */
final class BracketNewlineFilter implements TokenSource {
  private final TokenSource source;
  private int depth;

  BracketNewlineFilter(TokenSource source) {
    this.source = source;
  }

  @Override
  public Token nextToken() {
    while (true) {
      Token token = source.nextToken();
      switch (token.getType()) {
        case ModelLexer.LPAREN:
        case ModelLexer.LBRACKET:
          depth++;
          return token;
        case ModelLexer.RPAREN:
        case ModelLexer.RBRACKET:
          depth = Math.max(0, depth - 1);
          return token;
        case ModelLexer.NEWLINE:
          if (depth > 0) {
            continue;
          }
          return token;
        default:
          return token;
      }
    }
  }

  @Override
  public int getLine() {
    return source.getLine();
  }

  @Override
  public int getCharPositionInLine() {
    return source.getCharPositionInLine();
  }

  @Override
  public CharStream getInputStream() {
    return source.getInputStream();
  }

  @Override
  public String getSourceName() {
    return source.getSourceName();
  }

  @Override
  public void setTokenFactory(TokenFactory<?> factory) {
    source.setTokenFactory(factory);
  }

  @Override
  public TokenFactory<?> getTokenFactory() {
    return source.getTokenFactory();
  }
}

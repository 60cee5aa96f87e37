package io.gradgen.parse;

import io.gradgen.parse.antlr.ModelParser;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATNConfig;
import org.antlr.v4.runtime.misc.Interval;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns the first syntax error into a {@link ModelException}, rewriting ANTLR's wording
 * ("mismatched input ')' expecting {'(', '[', …}") into a sentence that names the offending text
 * and what could have stood there instead:
 *
 * <pre>
 * loss f(a, )       →  crop.model:3:11: error: unexpected ')'; expected an expression
 * loss a +          →  crop.model:3:9: error: unexpected end of file; expected an expression
 * param w[2.5]      →  crop.model:2:9: error: unexpected '2.5'; expected an integer
 * loss a # b        →  crop.model:3:8: error: unknown character '#'
 * </pre>
 *
 * <p>Throwing stops the parser at the first error, so ANTLR never tries to recover: one error, one
 * message, no cascade.
 */
final class ThrowingErrorListener extends BaseErrorListener {
  private static final int[] EXPRESSION_START = {
    ModelParser.INT, ModelParser.FLOAT, ModelParser.LPAREN, ModelParser.LBRACKET, ModelParser.MINUS
  };
  private static final int[] OPERATORS = {
    ModelParser.PLUS,
    ModelParser.MINUS,
    ModelParser.STAR,
    ModelParser.SLASH,
    ModelParser.AT,
    ModelParser.CARET,
    ModelParser.QUOTE,
    ModelParser.LBRACKET,
    ModelParser.EQ,
    ModelParser.NE,
    ModelParser.LT,
    ModelParser.LE,
    ModelParser.GT,
    ModelParser.GE,
    ModelParser.ARROW
  };
  private static final int[] SETTINGS = {
    ModelParser.OPTIMIZER, ModelParser.BATCH, ModelParser.EPOCHS, ModelParser.SHUFFLE,
    ModelParser.SPLIT, ModelParser.SCHEDULE, ModelParser.CLIP, ModelParser.STOP,
    ModelParser.REDUCTION, ModelParser.PRECISION
  };

  private final String file;
  private final String end;

  /**
   * @param end what the end of the text is called: "end of file" for a model file, "end of input"
   *     for an expression given on the command line
   */
  ThrowingErrorListener(String file, String end) {
    this.file = file;
    this.end = end;
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offendingSymbol,
      int line,
      int charPositionInLine,
      String msg,
      RecognitionException e) {
    SourcePosition at = new SourcePosition(file, line, charPositionInLine + 1);
    if (recognizer instanceof Parser parser && offendingSymbol instanceof Token token) {
      throw new ModelException(at, parserMessage(parser, token, e));
    }
    throw new ModelException(at, lexerMessage(recognizer));
  }

  private String parserMessage(Parser parser, Token token, RecognitionException e) {
    switch (token.getType()) {
      case ModelParser.UNKNOWN_CHAR:
        return "unknown character '" + token.getText() + "'";
      case ModelParser.UNTERMINATED_STRING:
        return "unterminated string; a string ends with '\"' on the same line";
      case ModelParser.UNTERMINATED_COMMENT:
        return "unterminated comment; a comment that starts with '/*' must end with '*/'";
      default:
        return "unexpected " + describe(token) + "; expected " + describe(expected(parser, e));
    }
  }

  /** ModelLexer turns every character into some token, so this is a safety net. */
  private static String lexerMessage(Recognizer<?, ?> recognizer) {
    if (recognizer instanceof Lexer lexer) {
      int start = lexer._tokenStartCharIndex;
      return "unknown character '"
          + lexer.getInputStream().getText(Interval.of(start, start))
          + "'";
    }
    return "unreadable text";
  }

  private String describe(Token token) {
    switch (token.getType()) {
      case Token.EOF:
        return end;
      case ModelParser.NEWLINE:
        return "end of line";
      default:
        return "'" + token.getText() + "'";
    }
  }

  /**
   * The tokens that could have stood where the error is. When prediction fails some tokens into a
   * choice ({@code param [} could have been {@code param w} or {@code param = …}), ANTLR's own set
   * is the one at the start of the choice; the configurations still alive before the offending
   * token give the set at the token itself.
   */
  private static IntervalSet expected(Parser parser, RecognitionException e) {
    if (e instanceof NoViableAltException noViable && noViable.getDeadEndConfigs() != null) {
      IntervalSet set = new IntervalSet();
      for (ATNConfig config : noViable.getDeadEndConfigs()) {
        set.addAll(parser.getATN().nextTokens(config.state));
      }
      if (set.contains(Token.EPSILON)) {
        set.addAll(e.getExpectedTokens());
      }
      set.remove(Token.EPSILON);
      return set;
    }
    return e == null ? parser.getExpectedTokens() : e.getExpectedTokens();
  }

  private String describe(IntervalSet expected) {
    IntervalSet rest = new IntervalSet(expected);
    if (rest.contains(ModelParser.MODEL) && !rest.contains(ModelParser.IDENT)) {
      return "'model' and the model's name first";
    }
    List<String> parts = new ArrayList<>();
    if (rest.contains(ModelParser.OPTIMIZER) && !rest.contains(ModelParser.IDENT)) {
      parts.add(
          "a setting (optimizer, batch, epochs, shuffle, split, schedule, clip, stop, reduction"
              + " or precision)");
      removeAll(rest, SETTINGS);
      removeAll(rest, ModelParser.NEWLINE, ModelParser.SEMI);
    }
    if (rest.contains(ModelParser.FLOAT)) {
      parts.add("an expression");
      removeAll(rest, EXPRESSION_START);
      removeIdents(rest);
    }
    if (rest.contains(ModelParser.IDENT) && rest.contains(Token.EOF)) {
      return "a declaration";
    }
    if (rest.contains(ModelParser.IDENT)) {
      parts.add("a name");
      removeIdents(rest);
    }
    if (rest.contains(ModelParser.INT)) {
      parts.add("an integer");
      rest.remove(ModelParser.INT);
    }
    if (rest.contains(ModelParser.STRING)) {
      parts.add("a quoted string");
      rest.remove(ModelParser.STRING);
    }
    boolean operator = rest.contains(ModelParser.PLUS);
    if (operator) {
      removeAll(rest, OPERATORS);
    }
    boolean endOfStatement = rest.contains(ModelParser.NEWLINE) || rest.contains(ModelParser.SEMI);
    if (endOfStatement) {
      removeAll(rest, ModelParser.NEWLINE, ModelParser.SEMI, Token.EOF);
    }
    boolean endOfText = rest.contains(Token.EOF);
    rest.remove(Token.EOF);
    for (int type : rest.toList()) {
      parts.add(
          ModelParser.VOCABULARY.getLiteralName(type) == null
              ? ModelParser.VOCABULARY.getDisplayName(type)
              : ModelParser.VOCABULARY.getLiteralName(type));
    }
    if (operator) {
      parts.add("an operator");
    }
    if (endOfStatement) {
      parts.add("a newline or ';'");
    }
    if (endOfText) {
      parts.add(end);
    }
    return join(parts);
  }

  /** Every keyword is a name too; the keywords are the grammar's first tokens, MODEL to THEN. */
  private static void removeIdents(IntervalSet set) {
    set.remove(ModelParser.IDENT);
    for (int type = ModelParser.MODEL; type <= ModelParser.THEN; type++) {
      set.remove(type);
    }
  }

  private static void removeAll(IntervalSet set, int... types) {
    for (int type : types) {
      set.remove(type);
    }
  }

  private static String join(List<String> parts) {
    if (parts.isEmpty()) {
      return "something else";
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return String.join(", ", parts.subList(0, parts.size() - 1))
        + " or "
        + parts.get(parts.size() - 1);
  }
}

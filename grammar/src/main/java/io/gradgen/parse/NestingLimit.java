package io.gradgen.parse;

import io.gradgen.parse.antlr.ModelLexer;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;

/**
 * The one limit on how deeply expressions nest, checked on the token stream before the parser
 * (which, like every pass after it, recurses once per level) ever sees the text. Chains of {@code +
 * - * / @} add no level, however long: every pass walks them in a loop.
 *
 * <p>A level is opened by each of: a parenthesis or bracket (grouping, a call's arguments, an
 * array literal, an index {@code v[i]}), a unary minus, a {@code ^}, and a transpose {@code '}.
 * What a unary minus or {@code ^} opens lasts to the end of its operand (the next {@code + - * / @}
 * or {@code ,} at the same bracket level, or the bracket that closes it); an index, a transpose or
 * a {@code ^} that follows an operand goes one level deeper than everything in that operand. The
 * token that opens level {@value #MAX_DEPTH} + 1 is the error:
 *
 * <pre>
 * loss -(a + sin(b ^ 2))      the 2 is 4 levels deep: -, (, sin(, ^
 * loss x[0]'                  the ' is 2 levels deep: [, '
 * loss (((x)))' ^ 2           the ^ is 5 levels deep: (((, ', ^
 * loss x + x + … + x          0 levels, whatever the number of terms
 * </pre>
 *
 * <p>Counted this way a level is never shallower than the syntax tree below it, so every
 * recursive walk of an expression (the parser's, the AST builder's, the checker's, the printers')
 * goes at most {@value #MAX_DEPTH} levels deep, on a {@link DeepStack} sized for that. Python's
 * parser stops at 200 nested parentheses and its interpreter at 1,000 nested calls; 1,000 levels
 * is the second, and ten times what a model written by hand or by a program ever needs.
 */
final class NestingLimit {
  /** The most levels an expression may nest. */
  static final int MAX_DEPTH = 1_000;

  private NestingLimit() {}

  /** One open bracket, or the statement itself: levels are counted from the first one. */
  private static final class Frame {
    /** The level of what is inside the bracket. */
    final int base;
    /** Levels opened inside it by unary minus and {@code ^} for the operand being read. */
    int wrap;
    /** How deep the operand read last goes, relative to {@code base}. */
    int operand;
    /** The deepest level reached inside it so far. */
    int deepest;

    Frame(int base) {
      this.base = base;
      this.deepest = base;
    }
  }

  /**
   * Throws a {@link ModelException} at the first token that opens level {@value #MAX_DEPTH} + 1.
   * {@code tokens} are the parser's, newlines inside brackets already dropped.
   */
  static void check(List<? extends Token> tokens, String file) {
    List<Frame> open = new ArrayList<>();
    Frame frame = new Frame(0);
    boolean statementStart = true;
    boolean afterOperand = false;
    for (Token token : tokens) {
      int type = token.getType();
      if (type == Token.EOF) {
        return;
      }
      boolean operandEnds = false;
      switch (type) {
        case ModelLexer.LPAREN, ModelLexer.LBRACKET -> {
          int level = frame.base + (afterOperand ? frame.operand : frame.wrap) + 1;
          require(level, token, file);
          open.add(frame);
          frame = new Frame(level);
        }
        case ModelLexer.RPAREN, ModelLexer.RBRACKET -> {
          if (!open.isEmpty()) {
            Frame inner = frame;
            frame = open.remove(open.size() - 1);
            frame.operand = inner.deepest - frame.base;
            frame.deepest = Math.max(frame.deepest, inner.deepest);
            operandEnds = true;
          }
        }
        case ModelLexer.QUOTE -> {
          frame.operand++;
          reach(frame, frame.operand, token, file);
          operandEnds = true;
        }
        case ModelLexer.CARET -> {
          frame.wrap = frame.operand + 1;
          reach(frame, frame.wrap, token, file);
        }
        case ModelLexer.MINUS -> {
          if (afterOperand) {
            frame.wrap = 0;
            frame.operand = 0;
          } else {
            frame.wrap++;
            reach(frame, frame.wrap, token, file);
          }
        }
        case ModelLexer.PLUS, ModelLexer.STAR, ModelLexer.SLASH, ModelLexer.AT, ModelLexer.COMMA,
            ModelLexer.ASSIGN, ModelLexer.ARROW, ModelLexer.EQ, ModelLexer.NE, ModelLexer.LT, ModelLexer.LE,
            ModelLexer.GT, ModelLexer.GE -> {
          frame.wrap = 0;
          frame.operand = 0;
        }
        case ModelLexer.NEWLINE, ModelLexer.SEMI, ModelLexer.LBRACE, ModelLexer.RBRACE -> {
          frame.wrap = 0;
          frame.operand = 0;
          statementStart = true;
          afterOperand = false;
          continue;
        }
        case ModelLexer.IDENT, ModelLexer.INT, ModelLexer.FLOAT, ModelLexer.STRING -> {
          frame.operand = frame.wrap;
          operandEnds = true;
        }
        default -> {
          // A keyword is a name where a name is expected, which is anywhere but a statement's start.
          if (isKeyword(type) && !statementStart) {
            frame.operand = frame.wrap;
            operandEnds = true;
          }
        }
      }
      statementStart = false;
      afterOperand = operandEnds;
    }
  }

  private static boolean isKeyword(int type) {
    return type >= ModelLexer.MODEL && type <= ModelLexer.THEN;
  }

  /** {@code token} opens level {@code frame.base + relative}. */
  private static void reach(Frame frame, int relative, Token token, String file) {
    int level = frame.base + relative;
    require(level, token, file);
    frame.deepest = Math.max(frame.deepest, level);
  }

  private static void require(int level, Token token, String file) {
    if (level > MAX_DEPTH) {
      throw new ModelException(
          new SourcePosition(file, token.getLine(), token.getCharPositionInLine() + 1),
          "expression nested more than " + MAX_DEPTH + " levels deep");
    }
  }
}

package io.gradgen.parse;

import io.gradgen.parse.antlr.ModelBaseVisitor;
import io.gradgen.parse.antlr.ModelParser;
import io.gradgen.parse.ast.Argument;
import io.gradgen.parse.ast.ArrayLit;
import io.gradgen.parse.ast.Binary;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.Index;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.NumberLit;
import io.gradgen.parse.ast.Transpose;
import io.gradgen.parse.ast.Unary;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds {@link Expr} nodes from the parse tree of an {@code expr}. Every node is positioned at its
 * first token ({@code m} for {@code m'}, {@code -} for {@code -x}), except {@link Binary}, which is
 * positioned at its operator, the token an error about it should point at. Parentheses leave no
 * node of their own.
 *
 * <pre>
 * -x^2 + w' @ v[1]   →  Binary(+, Unary(Binary(^, x, 2)),
 *                              Binary(@, Transpose(w), Index(v, [1])))
 * </pre>
 */
final class ExprBuilder extends ModelBaseVisitor<Expr> {
  private final String file;

  ExprBuilder(String file) {
    this.file = file;
  }

  SourcePosition at(Token token) {
    return new SourcePosition(file, token.getLine(), token.getCharPositionInLine() + 1);
  }

  /** {@code expr LBRACKET expr (COMMA expr)* RBRACKET}. */
  @Override
  public Expr visitIndexExpr(ModelParser.IndexExprContext ctx) {
    List<Expr> indices = new ArrayList<>();
    for (int i = 1; i < ctx.expr().size(); i++) {
      indices.add(visit(ctx.expr(i)));
    }
    return new Index(at(ctx.getStart()), visit(ctx.expr(0)), indices);
  }

  /** {@code expr QUOTE}. */
  @Override
  public Expr visitTransposeExpr(ModelParser.TransposeExprContext ctx) {
    return new Transpose(at(ctx.getStart()), visit(ctx.expr()));
  }

  /** {@code call}. */
  @Override
  public Expr visitCallExpr(ModelParser.CallExprContext ctx) {
    return visit(ctx.call());
  }

  /** {@code ident}. */
  @Override
  public Expr visitNameExpr(ModelParser.NameExprContext ctx) {
    return name(ctx.ident());
  }

  /** {@code number}. */
  @Override
  public Expr visitNumberExpr(ModelParser.NumberExprContext ctx) {
    return visit(ctx.number());
  }

  /** {@code LBRACKET expr (COMMA expr)* RBRACKET}. */
  @Override
  public Expr visitArrayExpr(ModelParser.ArrayExprContext ctx) {
    List<Expr> elements = new ArrayList<>();
    for (ModelParser.ExprContext element : ctx.expr()) {
      elements.add(visit(element));
    }
    return new ArrayLit(at(ctx.LBRACKET().getSymbol()), elements);
  }

  /** {@code LPAREN expr RPAREN}. */
  @Override
  public Expr visitParenExpr(ModelParser.ParenExprContext ctx) {
    return visit(ctx.expr());
  }

  /** {@code <assoc=right> expr CARET expr}. */
  @Override
  public Expr visitPowerExpr(ModelParser.PowerExprContext ctx) {
    return binary(ctx.op, ctx.expr(0), ctx.expr(1));
  }

  /** {@code MINUS expr}. */
  @Override
  public Expr visitNegateExpr(ModelParser.NegateExprContext ctx) {
    return new Unary(at(ctx.MINUS().getSymbol()), visit(ctx.expr()));
  }

  /** {@code expr (STAR | SLASH | AT) expr}. */
  @Override
  public Expr visitMultiplicativeExpr(ModelParser.MultiplicativeExprContext ctx) {
    return leftAssociative(ctx);
  }

  /** {@code expr (PLUS | MINUS) expr}. */
  @Override
  public Expr visitAdditiveExpr(ModelParser.AdditiveExprContext ctx) {
    return leftAssociative(ctx);
  }

  /**
   * {@code expr (EQ | NE | LT | LE | GT | GE | ARROW) expr}. Comparisons do not chain: {@code a < b
   * < c} is an error saying how to write it (Python would read {@code a < b and b < c}). The lexer
   * reads {@code a<-1} as {@code a}, {@code <-}, {@code 1}; here that is {@code a < -1}, as Python
   * reads it, the minus binding as a unary minus does: {@code a<-x*y+1} is {@code a < (-x)*y + 1}.
   */
  @Override
  public Expr visitComparisonExpr(ModelParser.ComparisonExprContext ctx) {
    if (ctx.expr(0) instanceof ModelParser.ComparisonExprContext inner) {
      Binary first = (Binary) visit(inner);
      Binary second = comparison(ctx.op, first.right(), ctx.expr(1));
      throw new ModelException(at(ctx.op), "comparisons do not chain: write (" + ExprPrinter.print(first, 40)
          + ") * (" + ExprPrinter.print(second, 40) + ") for both, or parenthesize one");
    }
    return comparison(ctx.op, visit(ctx.expr(0)), ctx.expr(1));
  }

  private Binary comparison(Token op, Expr left, ModelParser.ExprContext right) {
    if (op.getType() == ModelParser.ARROW) {
      SourcePosition minus = new SourcePosition(file, op.getLine(), op.getCharPositionInLine() + 2);
      return new Binary(at(op), Binary.Operator.LESS, left, leftAssociative(right, minus));
    }
    return new Binary(at(op), operator(op), left, visit(right));
  }

  private Expr leftAssociative(ModelParser.ExprContext top) {
    return leftAssociative(top, null);
  }

  /**
   * A chain of {@code + - * / @} such as {@code a + b * c - d}, built in a loop down its left
   * side rather than by recursion: the tree of a 2,000-term sum is 2,000 deep on the left, and
   * the parser (which reads such a chain in a loop) accepts it. With {@code negation} (the place
   * of the minus of a {@code <-}), the leftmost operand is negated, as a unary minus before it would.
   */
  private Expr leftAssociative(ModelParser.ExprContext top, SourcePosition negation) {
    List<ModelParser.ExprContext> chain = new ArrayList<>();
    ModelParser.ExprContext leftmost = top;
    while (leftmost instanceof ModelParser.AdditiveExprContext
        || leftmost instanceof ModelParser.MultiplicativeExprContext) {
      chain.add(leftmost);
      leftmost = leftmost.getRuleContext(ModelParser.ExprContext.class, 0);
    }
    Expr result = visit(leftmost);
    if (negation != null) {
      result = new Unary(negation, result);
    }
    for (int i = chain.size() - 1; i >= 0; i--) {
      ModelParser.ExprContext link = chain.get(i);
      Token op = link instanceof ModelParser.AdditiveExprContext additive
          ? additive.op
          : ((ModelParser.MultiplicativeExprContext) link).op;
      result = new Binary(at(op), operator(op), result,
          visit(link.getRuleContext(ModelParser.ExprContext.class, 1)));
    }
    return result;
  }

  /** {@code ident LPAREN (argument (COMMA argument)*)? RPAREN}. */
  @Override
  public Call visitCall(ModelParser.CallContext ctx) {
    List<Argument> arguments = new ArrayList<>();
    for (ModelParser.ArgumentContext argument : ctx.argument()) {
      arguments.add(argument(argument));
    }
    return new Call(at(ctx.ident().getStart()), ctx.ident().getText(), arguments);
  }

  /** {@code (INT | FLOAT)}; a literal of digits alone is an integer. */
  @Override
  public NumberLit visitNumber(ModelParser.NumberContext ctx) {
    return number(ctx.value);
  }

  /** A literal too large for a double is refused: it would silently be infinity (Python says inf). */
  NumberLit number(Token token) {
    String text = token.getText();
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw new ModelException(at(token), text + " is too large for a number (the largest is about 1.8e308)");
    }
    return new NumberLit(at(token), value, text, token.getType() == ModelParser.INT);
  }

  NameRef name(ModelParser.IdentContext ctx) {
    return new NameRef(at(ctx.getStart()), ctx.getText());
  }

  /** Sizes and indices: integer literals that must fit an {@code int}. */
  List<Integer> integers(List<TerminalNode> literals) {
    List<Integer> values = new ArrayList<>();
    for (TerminalNode literal : literals) {
      try {
        values.add(Integer.parseInt(literal.getText()));
      } catch (NumberFormatException e) {
        throw new ModelException(
            at(literal.getSymbol()),
            "'" + literal.getText() + "' is too large for a size or index");
      }
    }
    return values;
  }

  /** {@code ident ASSIGN expr} or {@code expr}. */
  Argument argument(ModelParser.ArgumentContext ctx) {
    if (ctx instanceof ModelParser.NamedArgumentContext named) {
      return new Argument(at(named.getStart()), named.ident().getText(), visit(named.expr()));
    }
    ModelParser.PositionalArgumentContext positional = (ModelParser.PositionalArgumentContext) ctx;
    return new Argument(at(positional.getStart()), null, visit(positional.expr()));
  }

  private Binary binary(Token op, ModelParser.ExprContext left, ModelParser.ExprContext right) {
    return new Binary(at(op), operator(op), visit(left), visit(right));
  }

  private static Binary.Operator operator(Token op) {
    switch (op.getType()) {
      case ModelParser.PLUS:
        return Binary.Operator.ADD;
      case ModelParser.MINUS:
        return Binary.Operator.SUBTRACT;
      case ModelParser.STAR:
        return Binary.Operator.MULTIPLY;
      case ModelParser.SLASH:
        return Binary.Operator.DIVIDE;
      case ModelParser.AT:
        return Binary.Operator.MATMUL;
      case ModelParser.CARET:
        return Binary.Operator.POWER;
      case ModelParser.EQ:
        return Binary.Operator.EQUAL;
      case ModelParser.NE:
        return Binary.Operator.NOT_EQUAL;
      case ModelParser.LT:
        return Binary.Operator.LESS;
      case ModelParser.LE:
        return Binary.Operator.LESS_EQUAL;
      case ModelParser.GT:
        return Binary.Operator.GREATER;
      case ModelParser.GE:
        return Binary.Operator.GREATER_EQUAL;
      default:
        throw new IllegalStateException("not a binary operator: " + op.getText());
    }
  }
}

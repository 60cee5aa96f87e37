package io.gradgen.parse;

import io.gradgen.parse.antlr.ModelBaseVisitor;
import io.gradgen.parse.antlr.ModelParser;
import io.gradgen.parse.ast.ColumnRef;
import io.gradgen.parse.ast.ConstDecl;
import io.gradgen.parse.ast.DataDecl;
import io.gradgen.parse.ast.DataFileDecl;
import io.gradgen.parse.ast.Declaration;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.LetDecl;
import io.gradgen.parse.ast.LossDecl;
import io.gradgen.parse.ast.MetricDecl;
import io.gradgen.parse.ast.ModelFile;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.parse.ast.ParamDecl;
import io.gradgen.parse.ast.Setting;
import io.gradgen.parse.ast.TrainBlock;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the AST of a whole file from its parse tree: one {@link Declaration} per statement, in
 * source order, each positioned at its first token. Expressions are left to {@link ExprBuilder}.
 *
 * <pre>
 * model Toy                       →  ModelFile("Toy", toy.model:1:1, [
 * input x[2] &lt;- a, "b (mm)"          DataDecl(INPUT, "x", [2], [a, "b (mm)"]),
 * param w[2] = 0                       ParamDecl("w", [2], NumberLit 0),
 * loss (w @ x)^2                       LossDecl(Binary(^, Binary(@, w, x), 2)),
 * train { epochs 3; shuffle }          TrainBlock([("epochs", [3]), ("shuffle", [])])])
 * </pre>
 *
 * <p>It also rejects what the grammar lets through but no model may hold: a size too large for an
 * {@code int}, and an escape in a string other than {@code \"} and {@code \\}.
 */
final class AstBuilder extends ModelBaseVisitor<Declaration> {
  private final ExprBuilder exprs;

  private AstBuilder(String file) {
    this.exprs = new ExprBuilder(file);
  }

  /** {@code sep? MODEL ident (sep declaration)* sep? EOF}. */
  static ModelFile build(ModelParser.ModelFileContext ctx, String file) {
    AstBuilder builder = new AstBuilder(file);
    List<Declaration> declarations = new ArrayList<>();
    for (ModelParser.DeclarationContext declaration : ctx.declaration()) {
      declarations.add(builder.visit(declaration));
    }
    return new ModelFile(
        ctx.ident().getText(), builder.exprs.at(ctx.MODEL().getSymbol()), declarations);
  }

  /** {@code expr EOF}. */
  static Expr build(ModelParser.SingleExpressionContext ctx, String origin) {
    return new ExprBuilder(origin).visit(ctx.expr());
  }

  /** {@code PARAM ident shape? (ASSIGN expr)?}. */
  @Override
  public Declaration visitParamDecl(ModelParser.ParamDeclContext ctx) {
    Expr init = ctx.expr() == null ? null : exprs.visit(ctx.expr());
    return new ParamDecl(at(ctx), ctx.ident().getText(), shape(ctx.shape()), init);
  }

  /** {@code CONST ident shape? ASSIGN expr}. */
  @Override
  public Declaration visitConstDecl(ModelParser.ConstDeclContext ctx) {
    return new ConstDecl(
        at(ctx), ctx.ident().getText(), shape(ctx.shape()), exprs.visit(ctx.expr()));
  }

  /** {@code (INPUT | TARGET) ident shape? (ARROW column (COMMA column)*)?}. */
  @Override
  public Declaration visitDataDecl(ModelParser.DataDeclContext ctx) {
    DataDecl.Kind kind =
        ctx.kind.getType() == ModelParser.INPUT ? DataDecl.Kind.INPUT : DataDecl.Kind.TARGET;
    List<ColumnRef> columns = new ArrayList<>();
    for (ModelParser.ColumnContext column : ctx.column()) {
      String name =
          column instanceof ModelParser.QuotedColumnContext quoted
              ? unquote(quoted.STRING().getSymbol())
              : column.getText();
      columns.add(new ColumnRef(at(column), name));
    }
    return new DataDecl(at(ctx), kind, ctx.ident().getText(), shape(ctx.shape()), columns);
  }

  /** {@code DATA STRING}. */
  @Override
  public Declaration visitDataFileDecl(ModelParser.DataFileDeclContext ctx) {
    return new DataFileDecl(at(ctx), unquote(ctx.STRING().getSymbol()));
  }

  /** {@code OUTPUT ident ASSIGN expr}. */
  @Override
  public Declaration visitOutputDecl(ModelParser.OutputDeclContext ctx) {
    return new LetDecl(at(ctx), ctx.ident().getText(), exprs.visit(ctx.expr()), true);
  }

  /** {@code ident ASSIGN expr}. */
  @Override
  public Declaration visitLetDecl(ModelParser.LetDeclContext ctx) {
    return new LetDecl(at(ctx), ctx.ident().getText(), exprs.visit(ctx.expr()), false);
  }

  /** {@code LOSS expr}. */
  @Override
  public Declaration visitLossDecl(ModelParser.LossDeclContext ctx) {
    return new LossDecl(at(ctx), exprs.visit(ctx.expr()));
  }

  /** {@code METRIC ident ASSIGN expr}. */
  @Override
  public Declaration visitMetricDecl(ModelParser.MetricDeclContext ctx) {
    return new MetricDecl(at(ctx), ctx.ident().getText(), exprs.visit(ctx.expr()));
  }

  /** {@code TRAIN LBRACE sep? (setting sep?)* RBRACE}. */
  @Override
  public Declaration visitTrainBlock(ModelParser.TrainBlockContext ctx) {
    List<Setting> settings = new ArrayList<>();
    for (ModelParser.SettingContext setting : ctx.setting()) {
      settings.add(setting(setting));
    }
    return new TrainBlock(at(ctx), settings);
  }

  /**
   * Any alternative of {@code setting}, such as {@code SHUFFLE (SEED INT)?} or {@code SCHEDULE
   * (call | ident)}: the keyword is the key and each word after it a value, numbers as {@link
   * io.gradgen.parse.ast.NumberLit}, words as {@link NameRef}, calls as {@link
   * io.gradgen.parse.ast.Call}.
   */
  private Setting setting(ModelParser.SettingContext ctx) {
    List<Expr> values = new ArrayList<>();
    List<io.gradgen.parse.ast.Argument> options = new ArrayList<>();
    for (int i = 1; i < ctx.getChildCount(); i++) {
      ParseTree child = ctx.getChild(i);
      if (child instanceof ModelParser.ScheduleContext schedule) {
        values.addAll(schedule(schedule));
      } else if (child instanceof ModelParser.ArgumentContext option) {
        options.add(exprs.argument(option));
      } else if (!(child instanceof TerminalNode comma && comma.getSymbol().getType() == ModelParser.COMMA)) {
        values.add(settingValue(child));
      }
    }
    return new Setting(at(ctx), ctx.getStart().getText(), values, options);
  }

  /** {@code (call | ident) (THEN (call | ident))?}: its words, {@code then} a {@link NameRef}. */
  private List<Expr> schedule(ModelParser.ScheduleContext ctx) {
    List<Expr> values = new ArrayList<>();
    for (int i = 0; i < ctx.getChildCount(); i++) {
      values.add(settingValue(ctx.getChild(i)));
    }
    return values;
  }

  /** {@code --schedule}'s value: the words a {@code schedule} setting would have. */
  static List<Expr> build(ModelParser.SingleScheduleContext ctx, String origin) {
    return new AstBuilder(origin).schedule(ctx.schedule());
  }

  private Expr settingValue(ParseTree word) {
    if (word instanceof TerminalNode terminal) {
      Token token = terminal.getSymbol();
      boolean number = token.getType() == ModelParser.INT || token.getType() == ModelParser.FLOAT;
      return number ? exprs.number(token) : new NameRef(exprs.at(token), token.getText());
    }
    if (word instanceof ModelParser.IdentContext ident) {
      return exprs.name(ident);
    }
    return exprs.visit(word);
  }

  /** {@code LBRACKET INT (COMMA INT)* RBRACKET}, or nothing for a scalar. */
  private List<Integer> shape(ModelParser.ShapeContext ctx) {
    return ctx == null ? List.of() : exprs.integers(ctx.INT());
  }

  /** The text of a STRING token without its quotes, {@code \"} and {@code \\} resolved. */
  private String unquote(Token string) {
    String text = string.getText();
    StringBuilder value = new StringBuilder();
    for (int i = 1; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        char escaped = text.charAt(++i);
        if (escaped != '"' && escaped != '\\') {
          SourcePosition where = exprs.at(string);
          throw new ModelException(
              new SourcePosition(where.file(), where.line(), where.column() + i - 1),
              "unknown escape '\\" + escaped + "' in a string; only \\\" and \\\\ are allowed");
        }
        c = escaped;
      }
      value.append(c);
    }
    return value.toString();
  }

  private SourcePosition at(ParserRuleContext ctx) {
    return exprs.at(ctx.getStart());
  }
}

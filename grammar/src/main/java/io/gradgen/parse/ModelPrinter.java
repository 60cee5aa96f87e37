package io.gradgen.parse;

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
import io.gradgen.parse.ast.ParamDecl;
import io.gradgen.parse.ast.Setting;
import io.gradgen.parse.ast.TrainBlock;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The AST written back as {@code .model} text in one canonical layout, what {@code --dump-after
 * parse} prints: {@code model NAME}, then one declaration a line in source order, the {@code
 * train} block with one setting a line. Comments and blank lines are not in the AST and do not come
 * back; everything else does, so the text parses to the same tree (up to positions), and printing
 * that tree again gives the same text. Expressions are written by {@link ExprPrinter}.
 *
 * <pre>
 * model CropYield                                 model CropYield
 * data "crop-yield.csv"   // relative             data "crop-yield.csv"
 * input  x[3] &lt;- Temperature, "Rain (mm)"    →    input x[3] &lt;- Temperature, "Rain (mm)"
 * param w[2,3] = randn(seed = 42)                 param w[2, 3] = randn(seed = 42)
 * output yhat = (w @ x) + b                       output yhat = w @ x + b
 * loss mse(yhat, y)                               loss mse(yhat, y)
 * train { optimizer sgd(lr = 1e-5)  batch 3 }     train {
 *                                                   optimizer sgd(lr = 1e-5)
 *                                                   batch 3
 *                                                 }
 * </pre>
 */
public final class ModelPrinter {
  /** A CSV column written without quotes: one the grammar reads as a name ({@code ident}). */
  private static final Pattern PLAIN_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z_0-9]*");

  private ModelPrinter() {}

  public static String print(ModelFile file) {
    return DeepStack.call(() -> printHere(file));
  }

  private static String printHere(ModelFile file) {
    StringBuilder text = new StringBuilder("model ").append(file.name()).append('\n');
    for (Declaration declaration : file.declarations()) {
      text.append(print(declaration)).append('\n');
    }
    return text.toString();
  }

  /** One declaration: one line, or for a {@code train} block its lines, without a final newline. */
  public static String print(Declaration declaration) {
    if (declaration instanceof TrainBlock train) {
      if (train.settings().isEmpty()) {
        return "train {}";
      }
      StringBuilder text = new StringBuilder("train {\n");
      for (Setting setting : train.settings()) {
        text.append("  ").append(print(setting)).append('\n');
      }
      return text.append('}').toString();
    }
    return line(declaration, Integer.MAX_VALUE);
  }

  /**
   * One declaration on one line of at most {@code maxChars} characters, cut with {@code …} (a
   * {@code train} block's settings separated by {@code ;}): the statement as a node's origin quotes
   * it.
   */
  public static String print(Declaration declaration, int maxChars) {
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1, not " + maxChars);
    }
    return ExprPrinter.cut(line(declaration, maxChars), maxChars);
  }

  /** {@code optimizer adam(lr = 0.01)}, {@code batch full}, {@code stop patience 5}. */
  public static String print(Setting setting) {
    StringBuilder text = new StringBuilder(setting.key());
    for (Expr value : setting.values()) {
      text.append(' ').append(ExprPrinter.print(value));
    }
    for (io.gradgen.parse.ast.Argument option : setting.options()) {
      text.append(", ").append(option.name() == null ? "" : option.name() + " = ").append(ExprPrinter.print(option.value()));
    }
    return text.toString();
  }

  /** A declaration on one line; its expression is printed up to {@code maxChars} characters. */
  private static String line(Declaration declaration, int maxChars) {
    if (declaration instanceof ParamDecl param) {
      String head = "param " + param.name() + shape(param.shape());
      return param.init() == null ? head : head + " = " + expr(param.init(), maxChars);
    }
    if (declaration instanceof ConstDecl constant) {
      return "const " + constant.name() + shape(constant.shape()) + " = " + expr(constant.value(), maxChars);
    }
    if (declaration instanceof DataDecl data) {
      StringBuilder text = new StringBuilder(data.kind().name().toLowerCase(Locale.ROOT))
          .append(' ').append(data.name()).append(shape(data.shape()));
      for (int i = 0; i < data.columns().size() && text.length() <= maxChars; i++) {
        text.append(i == 0 ? " <- " : ", ").append(column(data.columns().get(i)));
      }
      return text.toString();
    }
    if (declaration instanceof DataFileDecl dataFile) {
      return "data " + quoted(dataFile.path());
    }
    if (declaration instanceof LetDecl let) {
      return (let.output() ? "output " : "") + let.name() + " = " + expr(let.value(), maxChars);
    }
    if (declaration instanceof LossDecl loss) {
      return "loss " + expr(loss.value(), maxChars);
    }
    if (declaration instanceof MetricDecl metric) {
      return "metric " + metric.name() + " = " + expr(metric.value(), maxChars);
    }
    TrainBlock train = (TrainBlock) declaration;
    StringBuilder text = new StringBuilder("train {");
    for (int i = 0; i < train.settings().size() && text.length() <= maxChars; i++) {
      text.append(i == 0 ? " " : "; ").append(print(train.settings().get(i)));
    }
    return text.append(train.settings().isEmpty() ? "}" : " }").toString();
  }

  private static String expr(Expr expr, int maxChars) {
    return maxChars == Integer.MAX_VALUE ? ExprPrinter.print(expr) : ExprPrinter.print(expr, maxChars);
  }

  /** {@code [2, 3]}, or nothing for a scalar. */
  private static String shape(List<Integer> dims) {
    if (dims.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < dims.size(); i++) {
      text.append(i == 0 ? "" : ", ").append(dims.get(i));
    }
    return text.append(']').toString();
  }

  private static String column(ColumnRef column) {
    return PLAIN_NAME.matcher(column.name()).matches() ? column.name() : quoted(column.name());
  }

  /** A string literal: {@code "Rain (mm)"}, with {@code \"} and {@code \\} for the two escapes. */
  private static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}

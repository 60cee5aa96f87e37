package io.gradgen.check;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.SourcePosition;
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
import java.util.Map;

/**
 * Lowers one expression to tensor IR, checking names and shapes as it goes. The sugar of the
 * language becomes primitives here: {@code a - b} is {@code a + (-b)}, {@code x^3} is {@code x·x·x},
 * {@code mean} is {@code sum / n}, and every loss is written out as PyTorch defines it (see {@link
 * #loss}).
 *
 * <pre>
 * mse(yhat, y)   →   sum((yhat + -y) * (yhat + -y)) / 2        for yhat, y of shape [2]
 * </pre>
 */
final class ExpressionLowering {
  private static final Map<String, Op> ELEMENTWISE = Map.ofEntries(
      Map.entry("exp", Op.EXP), Map.entry("log", Op.LOG), Map.entry("sqrt", Op.SQRT),
      Map.entry("abs", Op.ABS), Map.entry("sin", Op.SIN), Map.entry("cos", Op.COS),
      Map.entry("tan", Op.TAN), Map.entry("tanh", Op.TANH), Map.entry("sigmoid", Op.SIGMOID),
      Map.entry("relu", Op.RELU), Map.entry("softplus", Op.SOFTPLUS));

  static final List<String> FUNCTIONS = List.of(
      "exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "softplus",
      "max", "min", "sum", "mean", "norm", "norm1", "dot",
      "mse", "mae", "huber", "bce", "bce_logits", "softmax_ce");

  private final GraphBuilder graph;
  private final Scope scope;

  ExpressionLowering(GraphBuilder graph, Scope scope) {
    this.graph = graph;
    this.scope = scope;
  }

  int lower(Expr expr) {
    if (expr instanceof NumberLit number) {
      return graph.scalar(number.value());
    }
    if (expr instanceof NameRef name) {
      return scope.resolve(name.name(), name.position()).node();
    }
    if (expr instanceof ArrayLit array) {
      Literals.Tensor literal = Literals.evaluate(array);
      return graph.constant(literal.shape(), literal.values());
    }
    if (expr instanceof Unary unary) {
      return graph.neg(lower(unary.operand()));
    }
    if (expr instanceof Binary binary) {
      return binary(binary);
    }
    if (expr instanceof Call call) {
      return call(call);
    }
    if (expr instanceof Index index) {
      return index(index);
    }
    Transpose transpose = (Transpose) expr;
    int operand = lower(transpose.operand());
    if (graph.shape(operand).rank() != 2) {
      throw error(transpose, "cannot transpose " + graph.shape(operand) + ": only a matrix has a transpose");
    }
    return graph.transpose(operand);
  }

  private int binary(Binary binary) {
    if (binary.operator() == Binary.Operator.POWER) {
      return power(binary);
    }
    int left = lower(binary.left());
    int right = lower(binary.right());
    Shape a = graph.shape(left);
    Shape b = graph.shape(right);
    switch (binary.operator()) {
      case MATMUL -> {
        try {
          GraphBuilder.matmulShape(a, b);
        } catch (IllegalArgumentException e) {
          throw error(binary, "cannot multiply " + a + " @ " + b);
        }
        return graph.matmul(left, right);
      }
      case ADD -> {
        requireBroadcastable(binary, "add", a, b);
        return graph.add(left, right);
      }
      case SUBTRACT -> {
        requireBroadcastable(binary, "subtract", a, b);
        return graph.sub(left, right);
      }
      case MULTIPLY -> {
        requireBroadcastable(binary, "multiply", a, b);
        return graph.mul(left, right);
      }
      default -> {
        requireBroadcastable(binary, "divide", a, b);
        return graph.div(left, right);
      }
    }
  }

  /** {@code x ^ n} for an integer literal n is multiplications; anything else is a power. */
  private int power(Binary binary) {
    int base = lower(binary.left());
    Integer exponent = integerLiteral(binary.right());
    if (exponent != null && Math.abs(exponent) <= 64) {
      int magnitude = Math.abs(exponent);
      int result = magnitude == 0 ? graph.broadcast(graph.scalar(1), graph.shape(base)) : repeatedProduct(base, magnitude);
      return exponent < 0 ? graph.div(graph.scalar(1), result) : result;
    }
    int exponentNode = lower(binary.right());
    requireBroadcastable(binary, "raise", graph.shape(base), graph.shape(exponentNode));
    return graph.binary(Op.POW, base, exponentNode);
  }

  /** x^n by repeated squaring: x^5 = (x²)² · x. */
  private int repeatedProduct(int base, int n) {
    if (n == 1) {
      return base;
    }
    int half = repeatedProduct(base, n / 2);
    int square = graph.mul(half, half);
    return n % 2 == 0 ? square : graph.mul(square, base);
  }

  private static Integer integerLiteral(Expr expr) {
    if (expr instanceof NumberLit number && number.integer()) {
      return (int) Math.min(Integer.MAX_VALUE, number.value());
    }
    if (expr instanceof Unary unary && unary.operand() instanceof NumberLit number && number.integer()) {
      return -(int) Math.min(Integer.MAX_VALUE, number.value());
    }
    return null;
  }

  private int index(Index index) {
    int target = lower(index.target());
    Shape shape = graph.shape(target);
    if (index.indices().size() > shape.rank()) {
      throw error(index, "cannot index " + shape + " with " + index.indices().size() + " indices");
    }
    for (int axis = 0; axis < index.indices().size(); axis++) {
      int position = index.indices().get(axis);
      if (position < 0 || position >= shape.dim(axis)) {
        throw error(index, "index " + position + " is out of range for " + shape);
      }
    }
    return graph.index(target, index.indices());
  }

  private int call(Call call) {
    String function = call.function();
    if (!FUNCTIONS.contains(function)) {
      throw error(call, "unknown function '" + function + "'" + Suggestions.didYouMean(function, FUNCTIONS));
    }
    Arguments arguments = new Arguments(call, this);
    Op elementwise = ELEMENTWISE.get(function);
    if (elementwise != null) {
      return graph.unary(elementwise, arguments.tensor(0, "x"));
    }
    switch (function) {
      case "max", "min" -> {
        int a = arguments.tensor(0, "a");
        int b = arguments.tensor(1, "b");
        requireBroadcastable(call, "compare", graph.shape(a), graph.shape(b));
        return graph.binary(function.equals("max") ? Op.MAX : Op.MIN, a, b);
      }
      case "sum" -> {
        return graph.sum(arguments.tensor(0, "t"));
      }
      case "mean" -> {
        return mean(arguments.tensor(0, "t"));
      }
      case "norm" -> {
        return graph.norm(arguments.tensor(0, "t"));
      }
      case "norm1" -> {
        return graph.sum(graph.unary(Op.ABS, arguments.tensor(0, "t")));
      }
      case "dot" -> {
        int u = arguments.tensor(0, "u");
        int v = arguments.tensor(1, "v");
        Shape su = graph.shape(u);
        Shape sv = graph.shape(v);
        if (su.rank() != 1 || !su.equals(sv)) {
          throw error(call, "dot needs two vectors of the same length, not " + su + " and " + sv);
        }
        return graph.matmul(u, v);
      }
      default -> {
        return loss(call, arguments);
      }
    }
  }

  /**
   * The losses, each the mean over the elements of one sample as PyTorch's {@code reduction =
   * 'mean'}: {@code mse} (MSELoss), {@code mae} (L1Loss), {@code huber} (HuberLoss), {@code bce}
   * (BCELoss, logs clamped at −100), {@code bce_logits} (BCEWithLogitsLoss, the stable form
   * {@code max(z, 0) − z·y + softplus(−|z|)}), {@code softmax_ce} (CrossEntropyLoss for one sample
   * with a class index: {@code logsumexp(z) − z[k]}).
   */
  private int loss(Call call, Arguments arguments) {
    String function = call.function();
    if (function.equals("softmax_ce")) {
      int z = arguments.tensor(0, "z");
      int k = arguments.tensor(1, "k");
      if (graph.shape(z).rank() != 1 || !graph.shape(k).isScalar()) {
        throw error(call, "softmax_ce needs a vector of scores and a scalar class index, not "
            + graph.shape(z) + " and " + graph.shape(k));
      }
      int picked = graph.matmul(graph.oneHot(k, graph.shape(z).dim(0)), z);
      return graph.sub(graph.logsumexp(z), picked);
    }
    int a = arguments.tensor(0, function.startsWith("bce") ? (function.equals("bce") ? "p" : "z") : "a");
    int b = arguments.tensor(1, function.startsWith("bce") ? "y" : "b");
    if (!graph.shape(a).equals(graph.shape(b))) {
      throw error(call, function + " needs two tensors of the same shape, not "
          + graph.shape(a) + " and " + graph.shape(b));
    }
    switch (function) {
      case "mse" -> {
        int difference = graph.sub(a, b);
        return mean(graph.mul(difference, difference));
      }
      case "mae" -> {
        return mean(graph.unary(Op.ABS, graph.sub(a, b)));
      }
      case "huber" -> {
        double delta = arguments.number(2, "delta", 1.0);
        if (!(delta > 0)) {
          throw error(call, "huber's delta must be positive, not " + delta);
        }
        int distance = graph.unary(Op.ABS, graph.sub(a, b));
        int deltaNode = graph.scalar(delta);
        int quadratic = graph.binary(Op.MIN, distance, deltaNode);
        int half = graph.mul(graph.scalar(0.5), graph.mul(quadratic, quadratic));
        return mean(graph.add(half, graph.mul(deltaNode, graph.sub(distance, quadratic))));
      }
      case "bce" -> {
        return mean(graph.binary(Op.BCE, a, b));
      }
      default -> {
        int positive = graph.binary(Op.MAX, a, graph.scalar(0));
        int tail = graph.unary(Op.SOFTPLUS, graph.neg(graph.unary(Op.ABS, a)));
        return mean(graph.add(graph.sub(positive, graph.mul(a, b)), tail));
      }
    }
  }

  private int mean(int x) {
    return graph.div(graph.sum(x), graph.scalar(graph.shape(x).size()));
  }

  private void requireBroadcastable(Expr where, String verb, Shape a, Shape b) {
    if (!a.equals(b) && !a.isScalar() && !b.isScalar()) {
      throw error(where, "cannot " + verb + " " + a + " and " + b);
    }
  }

  ModelException error(Expr where, String message) {
    return new ModelException(where.position(), message + " in '" + ExprPrinter.parenthesized(where) + "'");
  }

  /** A call's arguments, by position or by name, each used once. */
  static final class Arguments {
    private final Call call;
    private final ExpressionLowering lowering;
    private final List<Argument> positional = new ArrayList<>();
    private final Map<String, Argument> named = new java.util.LinkedHashMap<>();

    Arguments(Call call, ExpressionLowering lowering) {
      this.call = call;
      this.lowering = lowering;
      for (Argument argument : call.arguments()) {
        if (argument.name() == null) {
          if (!named.isEmpty()) {
            throw new ModelException(argument.position(), "a positional argument cannot follow a named one in '"
                + ExprPrinter.parenthesized(call) + "'");
          }
          positional.add(argument);
        } else if (named.put(argument.name(), argument) != null) {
          throw new ModelException(argument.position(), "argument '" + argument.name() + "' is given twice");
        }
      }
      List<String> accepted = parameters(call.function());
      if (positional.size() > accepted.size()) {
        throw new ModelException(call.position(), call.function() + " takes " + accepted.size()
            + " argument" + (accepted.size() == 1 ? "" : "s") + ", not " + call.arguments().size()
            + " in '" + ExprPrinter.parenthesized(call) + "'");
      }
      for (Argument argument : named.values()) {
        int slot = accepted.indexOf(argument.name());
        if (slot < 0) {
          throw new ModelException(argument.position(), call.function() + " has no argument '"
              + argument.name() + "'" + Suggestions.didYouMean(argument.name(), accepted));
        }
        if (slot < positional.size()) {
          throw new ModelException(argument.position(), "argument '" + argument.name() + "' is given twice");
        }
      }
    }

    static List<String> parameters(String function) {
      return switch (function) {
        case "max", "min" -> List.of("a", "b");
        case "dot" -> List.of("u", "v");
        case "mse", "mae" -> List.of("a", "b");
        case "huber" -> List.of("a", "b", "delta");
        case "bce" -> List.of("p", "y");
        case "bce_logits" -> List.of("z", "y");
        case "softmax_ce" -> List.of("z", "k");
        case "sum", "mean", "norm", "norm1" -> List.of("t");
        default -> List.of("x");
      };
    }

    private Argument find(int position, String name) {
      if (position < positional.size()) {
        return positional.get(position);
      }
      return named.get(name);
    }

    int tensor(int position, String name) {
      Argument argument = find(position, name);
      if (argument == null) {
        throw new ModelException(call.position(), call.function() + " needs argument '" + name + "' in '"
            + ExprPrinter.parenthesized(call) + "'");
      }
      return lowering.lower(argument.value());
    }

    double number(int position, String name, double fallback) {
      Argument argument = find(position, name);
      if (argument == null) {
        return fallback;
      }
      return Literals.number(argument.value(), name);
    }
  }

  static SourcePosition positionOf(Expr expr) {
    return expr.position();
  }
}

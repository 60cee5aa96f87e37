package io.gradgen.check;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
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

/**
 * Lowers one expression to tensor IR, checking names and shapes as it goes. The sugar of the
 * language becomes primitives here: {@code a - b} is {@code a + (-b)}, {@code x^3} is {@code x·x·x}
 * (by repeated squaring), and each call is lowered by its {@link Builtins} entry ({@code mean} is
 * {@code sum / n}, every loss is written out as PyTorch defines it).
 *
 * <pre>
 * mse(yhat, y)   →   sum((yhat + -y) * (yhat + -y)) / 2        for yhat, y of shape [2]
 * </pre>
 *
 * <p>Every node it creates gets the {@link Origin} of the expression it is lowering, set on entry
 * and restored on exit, so that an operation's own node, created after its operands', is placed at
 * the operation; the root of a declaration is placed at the whole statement instead. A node that
 * already exists (two equal expressions are one node) keeps the origin it was created with.
 */
final class ExpressionLowering {
  private final GraphBuilder graph;
  private final Scope scope;
  private final Origins origins;

  ExpressionLowering(GraphBuilder graph, Scope scope, Origins origins) {
    this.graph = graph;
    this.scope = scope;
    this.origins = origins;
  }

  /** The root of a declaration: its own nodes are placed at {@code statement}. */
  int lower(Expr expr, Origin statement) {
    Origin outer = graph.at(statement);
    try {
      return lowerHere(expr);
    } finally {
      graph.at(outer);
    }
  }

  int lower(Expr expr) {
    return lower(expr, origins.of(expr));
  }

  private int lowerHere(Expr expr) {
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

  /**
   * A chain of {@code + - * / @} such as {@code a + b * c - d}, lowered in a loop down its left
   * side rather than by recursion (the tree of a 2,000-term sum is 2,000 deep on the left), in the
   * order the recursion would take: the leftmost operand, then each link's right operand and its
   * own node, placed at that link.
   */
  private int binary(Binary top) {
    if (top.operator() == Binary.Operator.POWER) {
      return power(top);
    }
    List<Binary> chain = new ArrayList<>();
    chain.add(top);
    Expr leftmost = top.left();
    while (leftmost instanceof Binary link && link.operator() != Binary.Operator.POWER) {
      chain.add(link);
      leftmost = link.left();
    }
    int left = lower(leftmost);
    for (int i = chain.size() - 1; i >= 0; i--) {
      Binary link = chain.get(i);
      // The top link is placed already, at itself or at its statement.
      Origin outer = i == 0 ? null : graph.at(origins.of(link));
      left = operation(link, left, lower(link.right()));
      if (i > 0) {
        graph.at(outer);
      }
    }
    return left;
  }

  private int operation(Binary binary, int left, int right) {
    Shape a = graph.shape(left);
    Shape b = graph.shape(right);
    if (binary.operator().isComparison()) {
      requireBroadcastable(binary, "compare", a, b);
      return comparison(binary.operator(), left, right);
    }
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

  /** 0 or 1, no gradient; {@code a > b} is {@code b < a} and {@code a >= b} is {@code b <= a}. */
  private int comparison(Binary.Operator operator, int left, int right) {
    return switch (operator) {
      case EQUAL -> graph.binary(Op.EQUAL, left, right);
      case NOT_EQUAL -> graph.binary(Op.NOT_EQUAL, left, right);
      case LESS -> graph.binary(Op.LESS, left, right);
      case LESS_EQUAL -> graph.binary(Op.LESS_EQUAL, left, right);
      case GREATER -> graph.binary(Op.LESS, right, left);
      case GREATER_EQUAL -> graph.binary(Op.LESS_EQUAL, right, left);
      default -> throw new IllegalArgumentException(operator + " is not a comparison");
    };
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

  /**
   * {@code v[k]}, {@code m[i]}, {@code m[i, j]}. A constant index (a literal, a const, a folded
   * expression) must be an integer in range, checked here, and reads its element directly; any other
   * is rounded to the nearest integer, as {@code softmax_ce}'s class index is, and reads through a
   * one-hot product: {@code v[k] → onehot(k) @ v}, {@code m[i] → onehot(i) @ m}, whose adjoint
   * scatters {@code dy} to the element read. Such an index out of range is an error from the row
   * of data that has it ({@link io.gradgen.runtime.ClassIndexException}), wherever its value comes
   * from.
   */
  private int index(Index index) {
    int target = lower(index.target());
    Shape shape = graph.shape(target);
    if (index.indices().size() > shape.rank()) {
      throw error(index, "cannot index " + shape + " with " + index.indices().size() + " indices");
    }
    int value = target;
    List<Integer> constant = new ArrayList<>();
    for (int axis = 0; axis < index.indices().size(); axis++) {
      Expr position = index.indices().get(axis);
      int size = shape.dim(axis);
      int node = lower(position);
      if (!graph.shape(node).isScalar()) {
        throw error(position, "an index must be a scalar, not " + graph.shape(node));
      }
      Double known;
      try {
        known = constantValue(node);
      } catch (io.gradgen.runtime.ClassIndexException e) {
        throw error(position, e.getMessage());
      }
      if (known != null) {
        if (known != Math.rint(known)) {
          throw error(position, "index " + known + " is not an integer");
        }
        // A negative constant counts from the end, as v[-1] in PyTorch.
        double from = known < 0 ? known + size : known;
        if (from < 0 || from >= size) {
          throw error(index, "index " + text(known) + " is out of range for " + shape);
        }
        constant.add((int) from);
        continue;
      }
      if (!constant.isEmpty()) {
        value = graph.index(value, constant);
        constant = new ArrayList<>();
      }
      // The axes before this one are read already, so this one is the first of what is left.
      value = graph.matmul(graph.position(node, size), value);
    }
    return constant.isEmpty() ? value : graph.index(value, constant);
  }

  /** The value of a scalar node that depends on no param or input ({@code 2}, {@code n - 1} of a const), or null. */
  private Double constantValue(int node) {
    java.util.TreeSet<Integer> needed = new java.util.TreeSet<>();
    java.util.ArrayDeque<Integer> pending = new java.util.ArrayDeque<>(List.of(node));
    while (!pending.isEmpty()) {
      int id = pending.pop();
      Op op = graph.node(id).op();
      if (op == Op.PARAM || op == Op.INPUT) {
        return null;
      }
      if (needed.add(id)) {
        graph.node(id).inputs().forEach(pending::push);
      }
    }
    java.util.Map<Integer, double[]> values = new java.util.HashMap<>();
    for (int id : needed) {
      io.gradgen.ir.Node n = graph.node(id);
      Shape[] shapes = new Shape[n.inputs().size()];
      double[][] operands = new double[shapes.length][];
      for (int i = 0; i < shapes.length; i++) {
        shapes[i] = graph.shape(n.input(i));
        operands[i] = values.get(n.input(i));
      }
      values.put(id, io.gradgen.ir.Evaluator.evaluate(n, shapes, operands));
    }
    return values.get(node)[0];
  }

  private static String text(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
  }

  private int call(Call call) {
    String function = call.function();
    Builtins.Builtin builtin = Builtins.function(function).orElseThrow(() -> error(call,
        "unknown function '" + function + "'" + Suggestions.didYouMean(function, Builtins.functionNames())));
    return builtin.lowering().lower(new Arguments(call, builtin, this::lower), graph);
  }

  /**
   * The shape an elementwise binary operation of {@code a} and {@code b} has ({@link
   * Shape#broadcast}), or the error {@code cannot VERB [2, 3] and [2]} at {@code where}: every
   * elementwise binary operation of the language is checked here.
   */
  static Shape requireBroadcastable(Expr where, String verb, Shape a, Shape b) {
    return Shape.broadcast(a, b).orElseThrow(() -> error(where, "cannot " + verb + " " + a + " and " + b));
  }

  /** {@code MESSAGE in 'EXPR'}, at the expression: {@code cannot add [2] and [3] in 'a + b'}. */
  static ModelException error(Expr where, String message) {
    return new ModelException(where.position(), message + " in '" + ExprPrinter.parenthesized(where) + "'");
  }
}

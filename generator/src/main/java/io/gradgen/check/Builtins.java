package io.gradgen.check;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.ParamDecl;
import io.gradgen.runtime.Init;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every built-in of the language, one entry each: its name, its parameters in order (with a
 * default where it has one), and what a call means: for a function or a loss, its lowering to IR
 * primitives; for a param initialiser, the {@link Init} it stands for. The checker's argument
 * matching ({@link Arguments}), the lowering of calls, the "did you mean" list for an unknown
 * function and the reading of {@code param … = randn(…)} all read this table, and a name that is
 * not in it is an error, never a fall-through to some default.
 *
 * <p>The losses are written out as PyTorch defines them, each the mean over the elements of one
 * sample ({@code reduction = 'mean'}); the exemplar, documented in full, is {@code huber}:
 *
 * <pre>
 * huber(a, b, delta = 1)    HuberLoss:  d = |a − b|,  q = min(d, delta),
 *                                       mean(0.5·q² + delta·(d − q))
 *                           (q² for d ≤ delta, delta·(d − delta/2) beyond, without a branch)
 * mse(a, b)                 MSELoss:    mean((a − b)²)
 * mae(a, b)                 L1Loss:     mean(|a − b|)
 * bce(p, y)                 BCELoss:    mean(BCE(p, y)), a primitive (logs clamped at −100)
 * bce_logits(z, y)          BCEWithLogitsLoss: mean(max(z, 0) − z·y + softplus(−|z|))
 * softmax_ce(z, k)          CrossEntropyLoss, one sample, class index k: logsumexp(z) − z[k]
 * </pre>
 *
 * <p>The functions and losses that follow PyTorch's wider vocabulary ({@code clamp}, {@code gelu},
 * {@code smooth_l1}, {@code softmax_ce}'s {@code label_smoothing} …) are lowered in {@link
 * TorchBuiltins}, which documents each.
 *
 * <p>The lowerings create their nodes in a fixed order (operands first, as written), because
 * node ids decide the order of the generated code and the golden files pin that down.
 */
final class Builtins {
  /** What a built-in is, for the suggestion list and for documentation. */
  enum Kind {
    /** Elementwise: the result has its operands' (broadcast) shape. */
    ELEMENTWISE,
    /** A scalar from a tensor. */
    REDUCTION,
    /** A scalar loss of a prediction and a target. */
    LOSS,
    /** Where a param starts: {@code param w[3] = randn(seed = 1)}; not an expression. */
    INITIALISER
  }

  /**
   * A parameter; {@code fallback} is its default, or null when it has none: then a call without it
   * is an error, except for an initialiser's {@code seed}, which is then the run's, and for a
   * parameter with an {@code absent} meaning ({@code axis = none}, {@code keepdim = false}), which
   * the lowering reads itself.
   */
  record Parameter(String name, Double fallback, String absent) {
    Parameter(String name, Double fallback) {
      this(name, fallback, null);
    }

    /** {@code delta = 1}, {@code std = 0.5}, {@code a}, {@code axis = none}. */
    @Override
    public String toString() {
      if (absent != null) {
        return name + " = " + absent;
      }
      if (fallback == null) {
        return name;
      }
      boolean whole = fallback == Math.rint(fallback) && Math.abs(fallback) < 1e15;
      return name + " = " + (whole ? String.valueOf(fallback.longValue()) : fallback.toString());
    }
  }

  /** A function or loss, lowered from its matched arguments to a node of {@code graph}. */
  @FunctionalInterface
  interface Lowering {
    int lower(Arguments arguments, GraphBuilder graph);
  }

  /** A param initialiser, from its arguments by parameter name, for the param {@code param} of {@code shape}. */
  @FunctionalInterface
  interface Initialiser {
    Init init(Call call, Map<String, Expr> arguments, ParamDecl param, Shape shape);
  }

  /**
   * One entry: a function or loss has a {@code lowering}, an initialiser an {@code initialiser},
   * never both.
   */
  record Builtin(String name, Kind kind, List<Parameter> parameters, Lowering lowering, Initialiser initialiser) {
    Builtin {
      parameters = List.copyOf(parameters);
      if ((kind == Kind.INITIALISER) != (initialiser != null) || (lowering == null) == (initialiser == null)) {
        throw new IllegalArgumentException(name + ": a " + kind + " needs exactly its own kind of meaning");
      }
    }

    List<String> parameterNames() {
      return parameters.stream().map(Parameter::name).toList();
    }

    /** {@code huber(a, b, delta = 1)}. */
    String signature() {
      List<String> words = new ArrayList<>();
      parameters.forEach(parameter -> words.add(parameter.toString()));
      return name + "(" + String.join(", ", words) + ")";
    }
  }

  /** The axis of a reduction or softmax, all elements (or a softmax's last axis) when absent. */
  private static final Parameter AXIS = new Parameter("axis", null, "none");
  private static final Parameter KEEPDIM = new Parameter("keepdim", null, "false");

  /** randn's standard deviation when none is given, as {@code torch.randn}'s. */
  private static final double RANDN_STD = 1.0;

  private static final Map<String, Builtin> TABLE = table(
      elementwise("exp", Op.EXP),
      elementwise("log", Op.LOG),
      elementwise("sqrt", Op.SQRT),
      elementwise("abs", Op.ABS),
      elementwise("sin", Op.SIN),
      elementwise("cos", Op.COS),
      elementwise("tan", Op.TAN),
      elementwise("tanh", Op.TANH),
      elementwise("sigmoid", Op.SIGMOID),
      elementwise("relu", Op.RELU),
      elementwise("softplus", Op.SOFTPLUS),
      function("max", Kind.ELEMENTWISE, List.of(parameter("a"), parameter("b"), AXIS, KEEPDIM),
          (arguments, graph) -> AxisReductions.extremum(arguments, graph, Op.MAX)),
      function("min", Kind.ELEMENTWISE, List.of(parameter("a"), parameter("b"), AXIS, KEEPDIM),
          (arguments, graph) -> AxisReductions.extremum(arguments, graph, Op.MIN)),
      function("sum", Kind.REDUCTION, List.of(parameter("t"), AXIS, KEEPDIM), AxisReductions::sum),
      function("mean", Kind.REDUCTION, List.of(parameter("t"), AXIS, KEEPDIM), AxisReductions::mean),
      function("logsumexp", Kind.REDUCTION, List.of(parameter("t"), AXIS, KEEPDIM), AxisReductions::logsumexp),
      function("argmax", Kind.REDUCTION, List.of(parameter("t"), AXIS, KEEPDIM), AxisReductions::argmax),
      function("softmax", Kind.ELEMENTWISE, List.of(parameter("t"), AXIS), AxisReductions::softmax),
      function("log_softmax", Kind.ELEMENTWISE, List.of(parameter("t"), AXIS), AxisReductions::logSoftmax),
      function("norm", Kind.REDUCTION, names("t"), (arguments, graph) -> graph.norm(arguments.tensor(0))),
      function("norm1", Kind.REDUCTION, names("t"),
          (arguments, graph) -> graph.sum(graph.unary(Op.ABS, arguments.tensor(0)))),
      function("dot", Kind.REDUCTION, names("u", "v"), Builtins::dot),
      function("mse", Kind.LOSS, names("a", "b"), Builtins::mse),
      function("mae", Kind.LOSS, names("a", "b"), Builtins::mae),
      function("huber", Kind.LOSS, List.of(parameter("a"), parameter("b"), parameter("delta", 1.0)), Builtins::huber),
      function("bce", Kind.LOSS, names("p", "y"), Builtins::bce),
      function("bce_logits", Kind.LOSS, names("z", "y"), Builtins::bceLogits),
      // PyTorch's wider vocabulary, lowered in TorchBuiltins.
      function("clamp", Kind.ELEMENTWISE, names("x", "lo", "hi"), TorchBuiltins::clamp),
      function("leaky_relu", Kind.ELEMENTWISE, List.of(parameter("x"), parameter("slope", 0.01)), TorchBuiltins::leakyRelu),
      function("elu", Kind.ELEMENTWISE, List.of(parameter("x"), parameter("alpha", 1.0)), TorchBuiltins::elu),
      function("gelu", Kind.ELEMENTWISE, names("x"), TorchBuiltins::gelu),
      function("silu", Kind.ELEMENTWISE, names("x"), TorchBuiltins::silu),
      function("logsigmoid", Kind.ELEMENTWISE, names("x"), TorchBuiltins::logsigmoid),
      elementwise("log1p", Op.LOG1P),
      elementwise("expm1", Op.EXPM1),
      elementwise("erf", Op.ERF),
      elementwise("asin", Op.ASIN),
      elementwise("acos", Op.ACOS),
      elementwise("atan", Op.ATAN),
      elementwise("sinh", Op.SINH),
      elementwise("cosh", Op.COSH),
      function("sign", Kind.ELEMENTWISE, names("x"), TorchBuiltins::sign),
      elementwise("step", Op.STEP),
      function("softmax_ce", Kind.LOSS, List.of(parameter("z"), parameter("k"), parameter("label_smoothing", 0.0)),
          TorchBuiltins::softmaxCe),
      function("smooth_l1", Kind.LOSS, List.of(parameter("a"), parameter("b"), parameter("beta", 1.0)), TorchBuiltins::smoothL1),
      function("nll", Kind.LOSS, names("logp", "k"), TorchBuiltins::nll),
      function("kl_div", Kind.LOSS, names("logq", "p"), TorchBuiltins::klDiv),
      initialiser("randn", List.of(parameter("seed"), parameter("std", RANDN_STD)), Builtins::randn),
      initialiser("uniform", names("lo", "hi", "seed"), Builtins::uniform),
      initialiser("zeros", names(), (call, arguments, param, shape) -> new Init.Zeros()),
      initialiser("kaiming_uniform", names("seed"), Builtins::kaimingUniform),
      initialiser("xavier_uniform", List.of(parameter("seed"), parameter("gain", 1.0)), Builtins::xavierUniform),
      initialiser("xavier_normal", List.of(parameter("seed"), parameter("gain", 1.0)), Builtins::xavierNormal));

  private Builtins() {}

  /** The function or loss called {@code name}; an initialiser is not one. */
  static Optional<Builtin> function(String name) {
    Builtin builtin = TABLE.get(name);
    return builtin == null || builtin.kind() == Kind.INITIALISER ? Optional.empty() : Optional.of(builtin);
  }

  /** The param initialiser called {@code name}. */
  static Optional<Builtin> initialiser(String name) {
    Builtin builtin = TABLE.get(name);
    return builtin != null && builtin.kind() == Kind.INITIALISER ? Optional.of(builtin) : Optional.empty();
  }

  /** The names an expression may call, for "did you mean …?". */
  static List<String> functionNames() {
    return TABLE.values().stream().filter(b -> b.kind() != Kind.INITIALISER).map(Builtin::name).toList();
  }

  /** Every entry, in the order of the language reference. */
  static List<Builtin> all() {
    return List.copyOf(TABLE.values());
  }

  /** {@code mean(t)} is {@code sum(t) / n}, a division as {@code torch.mean}, not a product by 1/n. */
  static int mean(GraphBuilder graph, int x) {
    return graph.div(graph.sum(x), graph.scalar(graph.shape(x).size()));
  }

  // The lowerings that do not fit on a line of the table.

  private static int dot(Arguments arguments, GraphBuilder graph) {
    int u = arguments.tensor(0);
    int v = arguments.tensor(1);
    Shape su = graph.shape(u);
    Shape sv = graph.shape(v);
    if (su.rank() != 1 || !su.equals(sv)) {
      throw arguments.error("dot needs two vectors of the same length, not " + su + " and " + sv);
    }
    return graph.matmul(u, v);
  }

  /** A loss's two operands, lowered in order and required to have one shape. */
  static int[] sameShape(Arguments arguments, GraphBuilder graph) {
    int a = arguments.tensor(0);
    int b = arguments.tensor(1);
    if (!graph.shape(a).equals(graph.shape(b))) {
      throw arguments.error(arguments.call().function() + " needs two tensors of the same shape, not "
          + graph.shape(a) + " and " + graph.shape(b));
    }
    return new int[] {a, b};
  }

  private static int mse(Arguments arguments, GraphBuilder graph) {
    int[] ab = sameShape(arguments, graph);
    int difference = graph.sub(ab[0], ab[1]);
    return mean(graph, graph.mul(difference, difference));
  }

  private static int mae(Arguments arguments, GraphBuilder graph) {
    int[] ab = sameShape(arguments, graph);
    return mean(graph, graph.unary(Op.ABS, graph.sub(ab[0], ab[1])));
  }

  private static int huber(Arguments arguments, GraphBuilder graph) {
    int[] ab = sameShape(arguments, graph);
    double delta = arguments.number(2);
    if (!(delta > 0)) {
      throw arguments.error("huber's delta must be positive, not " + delta);
    }
    int distance = graph.unary(Op.ABS, graph.sub(ab[0], ab[1]));
    int deltaNode = graph.scalar(delta);
    int quadratic = graph.binary(Op.MIN, distance, deltaNode);
    int half = graph.mul(graph.scalar(0.5), graph.mul(quadratic, quadratic));
    return mean(graph, graph.add(half, graph.mul(deltaNode, graph.sub(distance, quadratic))));
  }

  private static int bce(Arguments arguments, GraphBuilder graph) {
    int[] py = sameShape(arguments, graph);
    return mean(graph, graph.binary(Op.BCE, py[0], py[1]));
  }

  /** The stable form {@code max(z, 0) − z·y + softplus(−|z|)}, whose derivative is {@code sigmoid(z) − y}. */
  private static int bceLogits(Arguments arguments, GraphBuilder graph) {
    int[] zy = sameShape(arguments, graph);
    int z = zy[0];
    int positive = graph.binary(Op.MAX, z, graph.scalar(0));
    int tail = graph.unary(Op.SOFTPLUS, graph.neg(graph.unary(Op.ABS, z)));
    return mean(graph, graph.add(graph.sub(positive, graph.mul(z, zy[1])), tail));
  }

  // The initialisers: seed first, as every one that takes it reads it before its other checks.

  private static Init randn(Call call, Map<String, Expr> arguments, ParamDecl param, Shape shape) {
    Long seed = seed(arguments);
    double std = arguments.containsKey("std") ? Literals.number(arguments.get("std"), "std") : RANDN_STD;
    if (!(std >= 0)) {
      throw new ModelException(arguments.get("std").position(), "std must not be negative");
    }
    return new Init.Randn(seed, std);
  }

  private static Init uniform(Call call, Map<String, Expr> arguments, ParamDecl param, Shape shape) {
    Long seed = seed(arguments);
    if (!arguments.containsKey("lo") || !arguments.containsKey("hi")) {
      throw new ModelException(call.position(), "uniform needs its bounds: uniform(lo, hi, seed = S)");
    }
    double lo = Literals.number(arguments.get("lo"), "lo");
    double hi = Literals.number(arguments.get("hi"), "hi");
    if (!(lo < hi)) {
      throw new ModelException(call.position(), "uniform needs lo < hi, not " + lo + " and " + hi);
    }
    return new Init.Uniform(lo, hi, seed);
  }

  // torch.nn.init's, with fan-in and fan-out from the param's shape (Init.fans): a uniform or
  // normal whose bounds or deviation are worked out here, drawn by gradgen's own generators.

  private static Init kaimingUniform(Call call, Map<String, Expr> arguments, ParamDecl param, Shape shape) {
    Long seed = seed(arguments);
    requireMatrix(call, param, shape);
    return Init.kaimingUniform(shape.dims(), seed);
  }

  private static Init xavierUniform(Call call, Map<String, Expr> arguments, ParamDecl param, Shape shape) {
    Long seed = seed(arguments);
    double gain = gain(arguments);
    requireMatrix(call, param, shape);
    return Init.xavierUniform(shape.dims(), gain, seed);
  }

  private static Init xavierNormal(Call call, Map<String, Expr> arguments, ParamDecl param, Shape shape) {
    Long seed = seed(arguments);
    double gain = gain(arguments);
    requireMatrix(call, param, shape);
    return Init.xavierNormal(shape.dims(), gain, seed);
  }

  private static double gain(Map<String, Expr> arguments) {
    Expr gain = arguments.get("gain");
    if (gain == null) {
      return 1.0;
    }
    double value = Literals.number(gain, "gain");
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new ModelException(gain.position(), "gain must be a finite number that is not negative");
    }
    return value;
  }

  /** torch refuses fan-in and fan-out of a tensor of fewer than 2 dimensions: so does the param. */
  private static void requireMatrix(Call call, ParamDecl param, Shape shape) {
    if (shape.rank() < 2) {
      throw new ModelException(param.position(), call.function() + " needs a matrix param, as torch.nn.init computes "
          + "fan-in and fan-out only for 2 or more dimensions; '" + param.name() + "' is "
          + (shape.rank() == 0 ? "a scalar" : "a vector " + shape));
    }
  }

  /** The seed, a non-negative integer; null (the run's {@code --seed}) when not given. */
  private static Long seed(Map<String, Expr> arguments) {
    Expr seed = arguments.get("seed");
    if (seed == null) {
      return null;
    }
    double value = Literals.number(seed, "seed");
    if (value < 0 || value != Math.rint(value)) {
      throw new ModelException(seed.position(), "seed must be a non-negative integer");
    }
    return (long) value;
  }

  // Building the table.

  private static Map<String, Builtin> table(Builtin... entries) {
    Map<String, Builtin> table = new LinkedHashMap<>();
    for (Builtin entry : entries) {
      if (table.put(entry.name(), entry) != null) {
        throw new IllegalStateException("two built-ins named " + entry.name());
      }
    }
    return java.util.Collections.unmodifiableMap(table);
  }

  private static Parameter parameter(String name) {
    return new Parameter(name, null);
  }

  private static Parameter parameter(String name, double fallback) {
    return new Parameter(name, fallback);
  }

  /** Parameters without defaults. */
  private static List<Parameter> names(String... names) {
    return java.util.Arrays.stream(names).map(Builtins::parameter).toList();
  }

  private static Builtin elementwise(String name, Op op) {
    return function(name, Kind.ELEMENTWISE, names("x"), (arguments, graph) -> graph.unary(op, arguments.tensor(0)));
  }

  private static Builtin function(String name, Kind kind, List<Parameter> parameters, Lowering lowering) {
    return new Builtin(name, kind, parameters, lowering, null);
  }

  private static Builtin initialiser(String name, List<Parameter> parameters, Initialiser initialiser) {
    return new Builtin(name, Kind.INITIALISER, parameters, null, initialiser);
  }
}

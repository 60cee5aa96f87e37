package io.gradgen;

import io.gradgen.check.Checker;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random well-typed models through the whole pipeline, each checked three ways: the generated
 * gradient, the interpreted autograd's gradient and central finite differences must agree
 * ({@link GradientAgreement}, at the initial values and one random point, with the CLI's
 * tolerances).
 *
 * <p>The loss is a random scalar expression of depth up to 6 over params, inputs and number
 * literals, with every op, elementwise function, reduction and loss of LANGUAGE.md: {@code + - * /}
 * with scalar broadcasting, unary minus, {@code ^} with integer, real and expression exponents,
 * {@code @} in its four shapes, transpose, indexing, and shapes up to 4×3.
 *
 * <p>Every expression carries an interval that holds its value at any point the check visits
 * (params within ±3, inputs in (0.1, 1.1)). Where an op needs a domain its operand's interval does
 * not guarantee, the operand is wrapped: {@code log}, {@code sqrt}, divisors and bases of real
 * powers get a positive one ({@code exp(e)}, {@code e^2 + 0.2}, {@code softplus(e) + 0.2}, …),
 * {@code exp} and {@code tan} a scaled one, {@code bce} a probability in (0.1, 0.9); and any value
 * that may exceed 30 is scaled down by a power of ten, so that losses stay where central
 * differences are accurate. On a failure jqwik shrinks to a small model and prints its text.
 *
 * <p>The seed is fixed so that a build is reproducible: one CI run decides whether a change lands,
 * and it must not depend on the draw. Remove {@code seed} (or change it) to explore other models;
 * at the time of writing, six runs of 1,000 models each with random seeds all passed.
 */
class RandomModelPropertyTest {
  private static final int MAX_DEPTH = 6;
  private static final double CAP = 30;
  private static final Pattern LEAF = Pattern.compile("\\b([abx])_(s|v(\\d)|m(\\d)x(\\d))\\b");

  /** A tensor shape: rank 0, 1 ({@code [rows]}) or 2 ({@code [rows, cols]}). */
  record Sh(int rank, int rows, int cols) {
    static final Sh SCALAR = new Sh(0, 1, 1);

    static Sh vec(int n) {
      return new Sh(1, n, 1);
    }

    static Sh mat(int r, int c) {
      return new Sh(2, r, c);
    }

    /** Shapes up to 4×3: vectors of 1..4, matrices of 1..4 rows and 1..3 columns. */
    boolean valid() {
      return rows >= 1 && rows <= 4 && cols >= 1 && (rank < 2 || cols <= 3);
    }

    int size() {
      return rows * cols;
    }

    String tag() {
      return rank == 0 ? "s" : rank == 1 ? "v" + rows : "m" + rows + "x" + cols;
    }
  }

  /** An expression's text, shape, and an interval holding every element's value. */
  record E(String text, Sh shape, double lo, double hi) {
    double bound() {
      return Math.max(Math.abs(lo), Math.abs(hi));
    }
  }

  /** A whole model: its text is what a failure prints. */
  record Model(String text, boolean hasInputs) {
    @Override
    public String toString() {
      return "\n" + text;
    }
  }

  @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE, seed = "20261126")
  void generatedInterpretedAndFiniteDifferencesAgree(@ForAll("models") Model model) {
    CompiledModel compiled = Gradgen.compile(
        Checker.check(ModelReader.parse(model.text(), "random.model"), Path.of("random.model")), Precision.F64);
    Dataset data = Dataset.none();
    if (model.hasInputs()) {
      SplittableRandom random = new SplittableRandom(model.text().hashCode());
      int rows = 3;
      int width = compiled.layout().rowWidth();
      double[] values = new double[rows * width];
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.1 + random.nextDouble();
      }
      data = new Dataset("random", rows, width, values);
    }
    GradientAgreement result = GradientAgreement.measure(compiled.objective(data),
        new InterpretedObjective(compiled.checked().forward(), compiled.layout(), data),
        compiled.initialParams(0), 1, 0);
    List<String> disagreeing = result.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE);
    if (!disagreeing.isEmpty() || result.checked() == 0) {
      StringBuilder table = new StringBuilder();
      for (int p = 0; p < compiled.layout().params().size(); p++) {
        table.append(compiled.layout().params().get(p).name());
        for (GradientAgreement.Pair pair : GradientAgreement.Pair.values()) {
          table.append("  ").append(pair.column()).append(' ').append(result.worst(pair, p));
        }
        table.append('\n');
      }
      throw new AssertionError("gradients disagree for " + disagreeing + " (" + result.checked() + " points checked, "
          + result.skipped() + " skipped; loss error " + result.worstLoss() + ") in\n" + model.text() + table);
    }
  }

  /**
   * Second order on the same random models (fewer of them: each compiles a second method and runs
   * the interpreter's product once per parameter element): the generated Hessian-vector product
   * against central differences of the gradient and against the interpreted backend, the
   * Hessian's symmetry and the product's gradient bits ({@link HessianAgreement}), at the initial
   * values and one random point.
   */
  @Property(tries = 300, edgeCases = EdgeCasesMode.NONE, seed = "20261202")
  void hessianVectorProductsAgree(@ForAll("models") Model model) {
    CompiledModel compiled = Gradgen.compileWithHessian(
        Checker.check(ModelReader.parse(model.text(), "random.model"), Path.of("random.model")), Precision.F64);
    Dataset data = Dataset.none();
    if (model.hasInputs()) {
      SplittableRandom random = new SplittableRandom(model.text().hashCode());
      int rows = 3;
      int width = compiled.layout().rowWidth();
      double[] values = new double[rows * width];
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.1 + random.nextDouble();
      }
      data = new Dataset("random", rows, width, values);
    }
    HessianAgreement result = HessianAgreement.measure(compiled.objective(data),
        new InterpretedObjective(compiled.checked().forward(), compiled.layout(), data),
        compiled.initialParams(0), 1, 0);
    List<String> disagreeing = result.disagreeing(GradientAgreement.FD_TOLERANCE, HessianAgreement.BACKEND_TOLERANCE,
        HessianAgreement.SYMMETRY_TOLERANCE);
    if (!disagreeing.isEmpty() || result.checked() == 0) {
      throw new AssertionError("hessian-vector products disagree for " + disagreeing + " (" + result.checked()
          + " points checked, " + result.skipped() + " skipped) in\n" + model.text() + result);
    }
  }

  @Provide
  Arbitrary<Model> models() {
    return expr(Sh.SCALAR, MAX_DEPTH).map(RandomModelPropertyTest::model);
  }

  /** The model around a loss expression: a declaration for each leaf it names, in a fixed order. */
  static Model model(E loss) {
    Set<String> names = new TreeSet<>();
    Matcher leaf = LEAF.matcher(loss.text());
    while (leaf.find()) {
      names.add(leaf.group());
    }
    // A loss must read a param (else there is nothing to differentiate: an error, as in PyTorch).
    boolean readsParam = names.stream().anyMatch(name -> !name.startsWith("x"));
    String lossText = readsParam ? loss.text() : "(" + loss.text() + ") + a_s";
    names.add("a_s");
    StringBuilder text = new StringBuilder("model Random\n");
    boolean inputs = false;
    for (String name : names) {
      Matcher m = LEAF.matcher(name);
      m.matches();
      String shape = m.group(3) != null ? "[" + m.group(3) + "]"
          : m.group(4) != null ? "[" + m.group(4) + ", " + m.group(5) + "]" : "";
      if (name.startsWith("x")) {
        inputs = true;
        text.append("input ").append(name).append(shape).append('\n');
      } else {
        text.append("param ").append(name).append(shape)
            .append(" = uniform(-1, 1, seed = ").append(Math.floorMod(name.hashCode(), 1000)).append(")\n");
      }
    }
    return new Model(text.append("loss ").append(lossText).append('\n').toString(), inputs);
  }

  // ------------------------------------------------------------------ expressions

  /**
   * A random expression of {@code shape}, at most {@code depth} deep; a choice listed twice is drawn
   * twice as often. Every choice is built only when drawn.
   */
  static Arbitrary<E> expr(Sh shape, int depth) {
    if (depth == 0) {
      return leaf(shape);
    }
    List<Supplier<Arbitrary<? extends E>>> choices = new ArrayList<>();
    Supplier<Arbitrary<? extends E>> leaf = () -> leaf(shape);
    choices.addAll(List.of(leaf, leaf));
    Supplier<Arbitrary<? extends E>> arithmetic = () -> arithmetic(shape, depth);
    Supplier<Arbitrary<? extends E>> function = () -> function(shape, depth);
    choices.addAll(List.of(arithmetic, arithmetic, arithmetic, function, function, function));
    choices.add(() -> sub(shape, depth).map(e -> cap(new E("-" + e.text(), shape, -e.hi(), -e.lo()))));
    choices.add(() -> power(shape, depth));
    choices.add(() -> compare(shape, depth));
    Supplier<Arbitrary<? extends E>> along = () -> axisReduction(shape, depth);
    choices.addAll(List.of(along, along));
    if (shape.rank() > 0) {
      choices.add(() -> softmax(shape, depth));
    }
    Supplier<Arbitrary<? extends E>> matmul = () -> matmul(shape, depth);
    choices.addAll(List.of(matmul, matmul));
    if (shape.rank() == 2 && Sh.mat(shape.cols(), shape.rows()).valid()) {
      choices.add(() -> sub(Sh.mat(shape.cols(), shape.rows()), depth)
          .map(e -> new E("(" + e.text() + ")'", shape, e.lo(), e.hi())));
    }
    if (shape.rank() == 0 || shape.rank() == 1 && shape.rows() <= 3) {
      choices.add(() -> index(shape, depth));
    }
    if (shape.rank() == 0) {
      Supplier<Arbitrary<? extends E>> reduction = () -> reduction(depth);
      Supplier<Arbitrary<? extends E>> loss = () -> loss(depth);
      choices.addAll(List.of(reduction, reduction, loss, loss));
    }
    List<Tuple.Tuple2<Integer, Arbitrary<E>>> weighted = new ArrayList<>();
    for (Supplier<Arbitrary<? extends E>> choice : choices) {
      weighted.add(Tuple.of(1, Arbitraries.lazy(() -> choice.get().map(e -> (E) e))));
    }
    return Arbitraries.frequencyOf(weighted);
  }

  /** An operand one level down, built only when drawn. */
  private static Arbitrary<E> sub(Sh shape, int depth) {
    return Arbitraries.lazy(() -> expr(shape, depth - 1));
  }

  private static Arbitrary<E> leaf(Sh shape) {
    Arbitrary<E> param = Arbitraries.of("a", "b").map(n -> new E(n + "_" + shape.tag(), shape, -3, 3));
    Arbitrary<E> input = Arbitraries.just(new E("x_" + shape.tag(), shape, 0.1, 1.1));
    if (shape.rank() > 0) {
      return Arbitraries.frequencyOf(Tuple.of(3, param), Tuple.of(1, input));
    }
    Arbitrary<E> number = Arbitraries.of(0.5, 2.0, 1.5, 3.0, 0.25)
        .map(v -> new E(v == Math.rint(v) ? Long.toString((long) v.doubleValue()) : v.toString(), shape, v, v));
    return Arbitraries.frequencyOf(Tuple.of(3, param), Tuple.of(1, input), Tuple.of(1, number));
  }

  /** {@code a op b} with {@code + - * /}; either side may be a scalar broadcast against the other. */
  private static Arbitrary<E> arithmetic(Sh shape, int depth) {
    Arbitrary<Sh[]> operands = operandShapes(shape);
    return Combinators.combine(operands, Arbitraries.of('+', '-', '*', '/')).flatAs((sides, op) ->
        Combinators.combine(sub(sides[0], depth), sub(sides[1], depth)).as((a, b) -> binary(op, a, b, shape)));
  }

  /**
   * Pairs of operand shapes that broadcast to {@code shape}: equal, a scalar on either side, and for
   * a matrix {@code [r, c]} a vector {@code [c]}, a column {@code [r, 1]}, a row {@code [1, c]} and
   * {@code [1, 1]}, for a vector {@code [1]}, on either side (and a column against a row).
   */
  private static Arbitrary<Sh[]> operandShapes(Sh shape) {
    if (shape.rank() == 0) {
      return Arbitraries.just(new Sh[] {shape, shape});
    }
    List<Sh[]> pairs = new ArrayList<>(List.of(new Sh[] {shape, shape}, new Sh[] {shape, Sh.SCALAR}, new Sh[] {Sh.SCALAR, shape}));
    List<Sh> stretched = shape.rank() == 1 ? List.of(Sh.vec(1))
        : List.of(Sh.vec(shape.cols()), Sh.mat(shape.rows(), 1), Sh.mat(1, shape.cols()), Sh.mat(1, 1), Sh.vec(1));
    for (Sh other : stretched) {
      pairs.add(new Sh[] {shape, other});
      pairs.add(new Sh[] {other, shape});
    }
    if (shape.rank() == 2) {
      pairs.add(new Sh[] {Sh.mat(shape.rows(), 1), Sh.mat(1, shape.cols())});
    }
    return Arbitraries.of(pairs);
  }

  /**
   * {@code sum mean max min logsumexp} along an axis that leaves {@code shape}: a vector {@code [n]}
   * from {@code [r, n]} along 0 or {@code [n, c]} along 1, a matrix {@code [1, c]} or {@code [r, 1]}
   * with {@code keepdim}, a scalar from a vector along 0 or from any tensor by {@code max},
   * {@code min} or {@code logsumexp} over all; {@code argmax} beside them, whose value is a position.
   */
  private static Arbitrary<E> axisReduction(Sh shape, int depth) {
    List<Object[]> forms = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      if (shape.rank() == 0) {
        forms.add(new Object[] {Sh.vec(k), ", axis = 0", k});
        forms.add(new Object[] {Sh.mat(k, Math.min(k, 3)), "", k * Math.min(k, 3)});
      } else if (shape.rank() == 1) {
        forms.add(new Object[] {Sh.mat(k, shape.rows()), ", axis = 0", k});
        if (k <= 3) {
          forms.add(new Object[] {Sh.mat(shape.rows(), k), ", axis = 1", k});
        }
      } else if (shape.rows() == 1) {
        forms.add(new Object[] {Sh.mat(k, shape.cols()), ", axis = 0, keepdim = true", k});
      } else if (shape.cols() == 1 && k <= 3) {
        forms.add(new Object[] {Sh.mat(shape.rows(), k), ", axis = -1, keepdim = true", k});
      }
    }
    forms.removeIf(form -> !((Sh) form[0]).valid());
    if (forms.isEmpty()) {
      return leaf(shape);
    }
    return Combinators.combine(Arbitraries.of(forms), Arbitraries.of("sum", "mean", "max", "min", "logsumexp", "argmax"))
        .flatAs((form, f) -> sub((Sh) form[0], depth).map(t -> {
          int n = (Integer) form[2];
          String text = f + "(" + t.text() + form[1] + ")";
          switch (f) {
            case "sum":
              return cap(new E(text, shape, n * Math.min(t.lo(), 0), n * Math.max(t.hi(), 0)));
            case "logsumexp":
              return cap(new E(text, shape, t.lo(), t.hi() + Math.log(n)));
            case "argmax":
              return new E(text, shape, 0, ((Sh) form[0]).size() - 1);
            default:
              return new E(text, shape, t.lo(), t.hi());
          }
        }));
  }

  /** {@code softmax} or {@code log_softmax} of a vector, or of a matrix along a random axis or none. */
  private static Arbitrary<E> softmax(Sh shape, int depth) {
    Arbitrary<String> axis = shape.rank() == 1 ? Arbitraries.of("", ", axis = 0")
        : Arbitraries.of("", ", axis = 0", ", axis = 1");
    return Combinators.combine(Arbitraries.of("softmax", "log_softmax"), axis, sub(shape, depth)).as((f, a, t) ->
        f.equals("softmax")
            ? new E("softmax(" + t.text() + a + ")", shape, 0, 1)
            : cap(new E("log_softmax(" + t.text() + a + ")", shape, t.lo() - t.hi() - Math.log(shape.size()), 0)));
  }

  private static E binary(char op, E a, E b, Sh shape) {
    switch (op) {
      case '+':
        return cap(new E(paren(a) + " + " + paren(b), shape, a.lo() + b.lo(), a.hi() + b.hi()));
      case '-':
        return cap(new E(paren(a) + " - " + paren(b), shape, a.lo() - b.hi(), a.hi() - b.lo()));
      case '*': {
        double[] c = {a.lo() * b.lo(), a.lo() * b.hi(), a.hi() * b.lo(), a.hi() * b.hi()};
        return cap(new E(paren(a) + " * " + paren(b), shape, min(c), max(c)));
      }
      default: {
        E d = positive(b);
        double[] c = {a.lo() / d.lo(), a.lo() / d.hi(), a.hi() / d.lo(), a.hi() / d.hi()};
        return cap(new E(paren(a) + " / " + paren(d), shape, min(c), max(c)));
      }
    }
  }

  private static final List<String> FUNCTIONS = List.of(
      "exp", "log", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sigmoid", "relu", "softplus",
      // "More of PyTorch": the functions.
      "erf", "atan", "logsigmoid", "elu", "leaky_relu", "expm1", "sinh", "cosh", "log1p", "gelu", "silu", "asin",
      "acos", "clamp");

  private static Arbitrary<E> function(Sh shape, int depth) {
    return Combinators.combine(Arbitraries.of(FUNCTIONS), sub(shape, depth)).as((f, x) -> apply(f, x));
  }

  private static E apply(String f, E x) {
    switch (f) {
      case "exp":
        return monotone(f, within(x, 3), Math::exp);
      case "log":
        return monotone(f, positive(x), Math::log);
      case "sqrt":
        return monotone(f, positive(x), Math::sqrt);
      case "tan":
        return monotone(f, within(x, 1.2), Math::tan);
      case "tanh":
        return monotone(f, x, Math::tanh);
      case "sigmoid":
        return monotone(f, x, v -> 1 / (1 + Math.exp(-v)));
      case "relu":
        return monotone(f, x, v -> Math.max(v, 0));
      case "softplus":
        return monotone(f, x, v -> Math.log1p(Math.exp(v)));
      case "erf":
        return monotone(f, x, io.gradgen.runtime.Functions::erf);
      case "atan":
        return monotone(f, x, Math::atan);
      case "logsigmoid":
        return monotone(f, x, v -> Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v))));
      case "elu":
        return monotone(f, x, v -> v > 0 ? v : Math.expm1(v));
      case "leaky_relu":
        return monotone(f, x, v -> v > 0 ? v : 0.01 * v);
      case "expm1":
        return monotone(f, within(x, 3), Math::expm1);
      case "sinh":
        return monotone(f, within(x, 3), Math::sinh);
      case "cosh": {
        E small = within(x, 3);
        return new E("cosh(" + small.text() + ")", x.shape(), 1, Math.cosh(small.bound()));
      }
      case "log1p":
        return monotone(f, positive(x), Math::log1p);
      // gelu and silu fall to a minimum (about −0.17 and −0.28) and rise: the larger end is the top.
      case "gelu": {
        Function<Double, Double> g = v -> v * 0.5 * (1 + io.gradgen.runtime.Functions.erf(v * Math.sqrt(0.5)));
        return cap(new E("gelu(" + x.text() + ")", x.shape(), -0.18, Math.max(g.apply(x.lo()), g.apply(x.hi()))));
      }
      case "silu": {
        Function<Double, Double> g = v -> v / (1 + Math.exp(-v));
        return cap(new E("silu(" + x.text() + ")", x.shape(), -0.28, Math.max(g.apply(x.lo()), g.apply(x.hi()))));
      }
      case "asin":
      case "acos":
        // Inside (−1, 1), away from the ends where the derivative is infinite.
        return new E(f + "(0.9 * tanh(" + x.text() + "))", x.shape(), f.equals("asin") ? -1.2 : 0, f.equals("asin") ? 1.2 : 2.7);
      case "clamp":
        return new E("clamp(" + x.text() + ", -0.5, 0.5)", x.shape(), Math.min(Math.max(x.lo(), -0.5), 0.5),
            Math.min(Math.max(x.hi(), -0.5), 0.5));
      case "abs": {
        double lo = x.lo() >= 0 ? x.lo() : x.hi() <= 0 ? -x.hi() : 0;
        return new E("abs(" + x.text() + ")", x.shape(), lo, x.bound());
      }
      default:
        return new E(f + "(" + x.text() + ")", x.shape(), -1, 1);
    }
  }

  private static E monotone(String f, E x, Function<Double, Double> g) {
    return cap(new E(f + "(" + x.text() + ")", x.shape(), g.apply(x.lo()), g.apply(x.hi())));
  }

  /** {@code a ^ k}: an integer, a real literal, or a scalar expression exponent. */
  private static Arbitrary<E> power(Sh shape, int depth) {
    Arbitrary<E> literal = Arbitraries.of(2.0, 3.0, -1.0, -2.0, 0.5, 1.5, -0.5, 0.0, 1.0)
        .map(v -> new E(v == Math.rint(v) ? Long.toString((long) v.doubleValue()) : v.toString(), Sh.SCALAR, v, v));
    Arbitrary<E> exponent = Arbitraries.frequencyOf(
        Tuple.of(3, literal), Tuple.of(1, sub(Sh.SCALAR, depth).map(e -> within(e, 2))));
    return Combinators.combine(sub(shape, depth), exponent).as((base, k) -> {
      boolean evenOrOdd = k.lo() == k.hi() && k.lo() >= 0 && k.lo() == Math.rint(k.lo());
      E b = evenOrOdd ? base : positive(base);
      List<Double> c = new ArrayList<>();
      for (double x : new double[] {b.lo(), b.hi()}) {
        for (double y : new double[] {k.lo(), k.hi()}) {
          c.add(Math.pow(x, y));
        }
      }
      if (evenOrOdd && b.lo() < 0 && b.hi() > 0) {
        c.add(0.0);
      }
      double[] values = c.stream().mapToDouble(Double::doubleValue).toArray();
      String exponentText = k.text().startsWith("-") ? "(" + k.text() + ")" : paren(k);
      return cap(new E(paren(b) + "^" + exponentText, shape, min(values), max(values)));
    });
  }

  /** {@code max(a, b)} or {@code min(a, b)}; either side may be a scalar. */
  private static Arbitrary<E> compare(Sh shape, int depth) {
    Arbitrary<Sh[]> operands = operandShapes(shape);
    return Combinators.combine(operands, Arbitraries.of("max", "min")).flatAs((sides, f) ->
        Combinators.combine(sub(sides[0], depth), sub(sides[1], depth)).as((a, b) -> f.equals("max")
            ? new E("max(" + a.text() + ", " + b.text() + ")", shape, Math.max(a.lo(), b.lo()), Math.max(a.hi(), b.hi()))
            : new E("min(" + a.text() + ", " + b.text() + ")", shape, Math.min(a.lo(), b.lo()), Math.min(a.hi(), b.hi()))));
  }

  /** The four shapes of {@code @} that give {@code shape}. */
  private static Arbitrary<E> matmul(Sh shape, int depth) {
    List<Sh[]> forms = new ArrayList<>();
    for (int k = 1; k <= 4; k++) {
      Sh[][] candidates = shape.rank() == 0
          ? new Sh[][] {{Sh.vec(k), Sh.vec(k)}}
          : shape.rank() == 1
              ? new Sh[][] {{Sh.mat(shape.rows(), k), Sh.vec(k)}, {Sh.vec(k), Sh.mat(k, shape.rows())}}
              : new Sh[][] {{Sh.mat(shape.rows(), k), Sh.mat(k, shape.cols())}};
      for (Sh[] form : candidates) {
        if (form[0].valid() && form[1].valid()) {
          forms.add(form);
        }
      }
    }
    return Arbitraries.of(forms).flatMap(form -> Combinators.combine(sub(form[0], depth), sub(form[1], depth))
        .as((a, b) -> {
          int k = form[1].rank() == 1 || form[0].rank() == 1 && form[1].rank() == 2 ? form[1].rows() : form[0].cols();
          double bound = k * a.bound() * b.bound();
          return cap(new E(paren(a) + " @ " + paren(b), shape, -bound, bound));
        }));
  }

  /** An element of a vector or a matrix, or a row of a matrix. */
  private static Arbitrary<E> index(Sh shape, int depth) {
    Arbitrary<Integer> rows = Arbitraries.integers().between(1, 4);
    if (shape.rank() == 1) {
      return rows.flatMap(r -> Combinators.combine(sub(Sh.mat(r, shape.rows()), depth), Arbitraries.integers().between(0, r - 1))
          .as((m, i) -> new E("(" + m.text() + ")[" + i + "]", shape, m.lo(), m.hi())));
    }
    Arbitrary<E> ofVector = rows.flatMap(n -> Combinators.combine(sub(Sh.vec(n), depth), Arbitraries.integers().between(0, n - 1))
        .as((v, i) -> new E("(" + v.text() + ")[" + i + "]", shape, v.lo(), v.hi())));
    Arbitrary<E> ofMatrix = Combinators.combine(rows, Arbitraries.integers().between(1, 3)).flatAs((r, c) ->
        Combinators.combine(sub(Sh.mat(r, c), depth), Arbitraries.integers().between(0, r - 1),
                Arbitraries.integers().between(0, c - 1))
            .as((m, i, j) -> new E("(" + m.text() + ")[" + i + ", " + j + "]", shape, m.lo(), m.hi())));
    return Arbitraries.oneOf(ofVector, ofMatrix);
  }

  private static Arbitrary<Sh> anyShape() {
    return Arbitraries.integers().between(0, 2).flatMap(rank -> rank == 0
        ? Arbitraries.just(Sh.SCALAR)
        : rank == 1
            ? Arbitraries.integers().between(1, 4).map(Sh::vec)
            : Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 3)).as(Sh::mat));
  }

  /** {@code sum mean norm norm1} of any shape, {@code dot} of two vectors. */
  private static Arbitrary<E> reduction(int depth) {
    Arbitrary<E> ofOne = Combinators.combine(Arbitraries.of("sum", "mean", "norm", "norm1"), anyShape())
        .flatAs((f, s) -> sub(s, depth).map(t -> {
          int n = s.size();
          switch (f) {
            case "sum":
              return cap(new E("sum(" + t.text() + ")", Sh.SCALAR, n * t.lo(), n * t.hi()));
            case "mean":
              return new E("mean(" + t.text() + ")", Sh.SCALAR, t.lo(), t.hi());
            case "norm":
              return cap(new E("norm(" + t.text() + ")", Sh.SCALAR, 0, Math.sqrt(n) * t.bound()));
            default:
              return cap(new E("norm1(" + t.text() + ")", Sh.SCALAR, 0, n * t.bound()));
          }
        }));
    Arbitrary<E> dot = Arbitraries.integers().between(1, 4).flatMap(n ->
        Combinators.combine(sub(Sh.vec(n), depth), sub(Sh.vec(n), depth)).as((u, v) -> {
          double bound = n * u.bound() * v.bound();
          return cap(new E("dot(" + u.text() + ", " + v.text() + ")", Sh.SCALAR, -bound, bound));
        }));
    return Arbitraries.frequencyOf(Tuple.of(4, ofOne), Tuple.of(1, dot));
  }

  /** {@code mse mae huber bce bce_logits} of two tensors of one shape, {@code softmax_ce} of scores and a class. */
  private static Arbitrary<E> loss(int depth) {
    Arbitrary<E> pair = Combinators.combine(Arbitraries.of("mse", "mae", "huber", "huber1", "bce", "bce_logits", "smooth_l1"), anyShape())
        .flatAs((f, s) -> Combinators.combine(sub(s, depth), sub(s, depth)).as((a, b) -> {
          double spread = a.bound() + b.bound();
          switch (f) {
            case "mse":
              return cap(new E("mse(" + a.text() + ", " + b.text() + ")", Sh.SCALAR, 0, spread * spread));
            case "mae":
              return new E("mae(" + a.text() + ", " + b.text() + ")", Sh.SCALAR, 0, spread);
            case "huber":
              return new E("huber(" + a.text() + ", " + b.text() + ", delta = 0.5)", Sh.SCALAR, 0, spread);
            case "smooth_l1":
              return new E("smooth_l1(" + a.text() + ", " + b.text() + ", beta = 0.5)", Sh.SCALAR, 0, spread);
            case "huber1":
              return new E("huber(" + a.text() + ", " + b.text() + ")", Sh.SCALAR, 0, spread);
            case "bce":
              return new E("bce(" + probability(a).text() + ", " + probability(b).text() + ")", Sh.SCALAR, 0, 3);
            default:
              return new E("bce_logits(" + a.text() + ", " + probability(b).text() + ")", Sh.SCALAR, 0,
                  a.bound() + 1);
          }
        }));
    Arbitrary<E> softmax = Arbitraries.integers().between(1, 4).flatMap(n ->
        Combinators.combine(sub(Sh.vec(n), depth), Arbitraries.integers().between(0, n - 1)).as((z, k) ->
            new E("softmax_ce(" + z.text() + ", " + k + ")", Sh.SCALAR, 0, 2 * z.bound() + Math.log(n))));
    return Arbitraries.frequencyOf(Tuple.of(5, pair), Tuple.of(1, softmax));
  }

  // ------------------------------------------------------------------ domain guards

  /** {@code e} if it is at least 0.1 and at most the cap, else {@code e} made so. */
  private static E positive(E e) {
    if (e.lo() >= 0.1 && e.hi() <= CAP) {
      return e;
    }
    switch (Math.floorMod(e.text().hashCode(), 5)) {
      case 0:
        return monotone("exp", within(e, 2), Math::exp);
      case 1: {
        E small = within(e, 3);
        return new E("(" + paren(small) + "^2 + 0.2)", e.shape(), 0.2, small.bound() * small.bound() + 0.2);
      }
      case 2: {
        E small = within(e, 10);
        return new E("(softplus(" + small.text() + ") + 0.2)", e.shape(), Math.log1p(Math.exp(small.lo())) + 0.2,
            Math.log1p(Math.exp(small.hi())) + 0.2);
      }
      case 3: {
        E small = within(e, 10);
        return new E("(abs(" + small.text() + ") + 0.2)", e.shape(), 0.2, small.bound() + 0.2);
      }
      default:
        return new E("(sigmoid(" + within(e, 3).text() + ") + 0.2)", e.shape(), 0.2, 1.2);
    }
  }

  /** {@code e} in (0.1, 0.9): a probability for {@code bce}. */
  private static E probability(E e) {
    if (e.lo() >= 0.1 && e.hi() <= 0.9) {
      return e;
    }
    return new E("(0.1 + 0.8 * sigmoid(" + within(e, 4).text() + "))", e.shape(), 0.1, 0.9);
  }

  /** {@code e}, scaled down by a power of ten if its magnitude may exceed {@code limit}. */
  private static E within(E e, double limit) {
    double scale = 1;
    String factor = "";
    while (e.bound() * scale > limit) {
      scale /= 10;
      factor = factor.isEmpty() ? "0.1" : "0.0" + factor.substring(2);
    }
    if (scale == 1) {
      return e;
    }
    return new E("(" + paren(e) + " * " + factor + ")", e.shape(), e.lo() * scale, e.hi() * scale);
  }

  private static E cap(E e) {
    return within(e, CAP);
  }

  private static String paren(E e) {
    return e.text().matches("[A-Za-z_0-9.]+|\\(.*\\)") && balanced(e.text()) ? e.text() : "(" + e.text() + ")";
  }

  /** Whether the outer parentheses of {@code text}, if any, enclose all of it. */
  private static boolean balanced(String text) {
    if (!text.startsWith("(")) {
      return true;
    }
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      depth += text.charAt(i) == '(' ? 1 : text.charAt(i) == ')' ? -1 : 0;
      if (depth == 0 && i < text.length() - 1) {
        return false;
      }
    }
    return true;
  }

  private static double min(double[] values) {
    double m = Double.POSITIVE_INFINITY;
    for (double v : values) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static double max(double[] values) {
    double m = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }
}

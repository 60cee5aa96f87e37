package io.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.check.Checker;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of small models covering every op, function, reduction, loss, shape combination and
 * kink of the language. For each, at several random points, the generated gradient agrees with
 * central finite differences (relative error under 1e-6) and with the interpreted autograd.
 *
 * <p>Data cells are drawn in (0.1, 1.1) and params in N(0, 0.5²), so every model keeps its ops
 * inside their domains (logs and roots of positive values) and away from kinks.
 */
class FiniteDifferenceCorpusTest {
  private static final String DATA = "input x[3]\ninput u\ntarget y[2]\ntarget t\n";
  private static final int WIDTH = 7;

  static Stream<Arguments> models() {
    return Stream.of(
        model("add", "param a[3]\nloss sum(a + x) * u"),
        model("subtract", "param a[3]\nloss sum((a - x) * (x - a))"),
        model("multiply", "param a[3]\nparam b[3]\nloss sum(a * b * x)"),
        model("divide", "param a[3]\nloss sum(a / (x + 1) + x / exp(a))"),
        model("unary minus", "param a\nloss -(a * u) - -a"),
        model("integer power", "param a[3]\nloss sum(a^3 + a^2 * x)"),
        model("negative integer power", "param a\nloss (exp(a) + u)^-2"),
        model("real power", "param a[3]\nloss sum(exp(a)^1.5 + x^0.5 * a)"),
        model("param exponent", "param p\nloss sum(x ^ p)"),
        model("power of zero", "param a[2]\nloss sum(a^0 * y) + sum(a^1)"),
        model("matrix-vector", "param w[2,3]\nloss sum((w @ x - y)^2)"),
        model("vector-matrix", "param w[3,2]\nloss sum(x @ w * y)"),
        model("vector-vector", "param v[3]\nloss (v @ x - t)^2"),
        model("matrix-matrix", "param A[2,3]\nparam B[3,2]\nloss sum((A @ B) * (A @ B)) + sum(A @ B @ y)"),
        model("transpose", "param w[3,2]\nloss sum(w' @ x) + sum((w' @ w) * (w' @ w))"),
        model("index vector", "param a[3]\nloss a[0] * a[2] * u + a[1]"),
        model("index matrix element", "param m[2,3]\nloss m[1, 2] * m[0, 0] + m[1, 0] * t"),
        model("index matrix row", "param m[2,3]\nloss sum(m[1] * x) + dot(m[0], m[0])"),
        model("broadcast scalar", "param s\nparam a[3]\nloss sum(s * a + s - x / (s * s + 1))"),
        model("broadcast matrix", "param s\nparam m[2,3]\nloss sum(m * s + s) * t"),
        model("fan-out", "param a\nb = a * u\nloss b * b + b * a + exp(b)"),
        model("exp log", "param a[3]\nloss sum(log(exp(a) + x))"),
        model("sqrt", "param a[3]\nloss sum(sqrt(a * a + x))"),
        model("abs", "param a[3]\nloss sum(abs(a - 3) * x)"),
        model("sin cos tan", "param a[3]\nloss sum(sin(a) * cos(a * x) + tan(a / 4))"),
        model("tanh sigmoid", "param a[3]\nloss sum(tanh(a * x) + sigmoid(a - x))"),
        model("relu", "param w[2,3]\nloss sum(relu(w @ x + 0.3) * y)"),
        model("softplus", "param a[3]\nloss sum(softplus(a * 5 * x))"),
        model("max min", "param a[3]\nparam b[3]\nloss sum(max(a, b + 0.5) * x + min(a, 0.25) * u)"),
        model("sum mean", "param a[2,3]\nloss sum(a * a) + mean(a * a) * t"),
        model("norm", "param a[3]\nloss norm(a + x) + norm(a)"),
        model("norm1", "param a[2,3]\nloss norm1(a - 2) * u"),
        model("dot", "param a[3]\nparam b[3]\nloss dot(a, b) * t + dot(a, x)"),
        model("mse", "param w[2,3]\nparam b[2]\noutput yhat = w @ x + b\nloss mse(yhat, y)"),
        model("mae", "param w[2,3]\nloss mae(w @ x, y * 10)"),
        model("huber", "param w[2,3]\nloss huber(w @ x * 3, y, delta = 0.5) + huber(w @ x, y)"),
        model("bce", "param w[2,3]\nloss bce(sigmoid(w @ x), y / 2)"),
        model("bce_logits", "param w[3]\nparam c\nz = dot(w, x) + c\nloss bce_logits(z, t / 2)"),
        model("softmax_ce", "param W[4,3]\nloss softmax_ce(W @ x, round3(t))"),
        model("const", "const A[2,3] = [[4, 1, 0], [1, 3, 1]]\nconst s = 2\nparam v[3]\nloss sum((A @ v - y)^2) * s"),
        model("tanh network", "param W1[5,3]\nparam b1[5]\nparam W2[2,5]\nparam b2[2]\n"
            + "h = tanh(W1 @ x + b1)\noutput yhat = W2 @ h + b2\nloss mse(yhat, y)"),
        model("logistic with penalty", "param w[3]\nparam c\nz = dot(w, x) + c\noutput p = sigmoid(z)\n"
            + "loss bce_logits(z, t / 2) + 0.01 * norm1(w)"),
        model("long sums", "param m[3,7]\nparam v[9]\nparam W[2,10]\nparam z[10]\n"
            + "loss sum(m * m) * u + norm(v - t) + dot(v, v) * u + sum((W @ z) * y)"),
        model("deep enough to roll", deepNetwork(7)),
        // Rolled, split sums whose inner index is multiplied by a row length: k + 1 must be
        // parenthesized in (k + 1) * 3 (it was not, and lanes 1 to 3 read the wrong elements).
        model("rolled vector-matrix", "param v[20]\nparam m[20,3]\nloss sum((v @ m) * x)"),
        model("rolled transposed matrix", "param m[20,3]\nparam v[20]\nloss sum((m' @ v) * x * u)"),
        model("two wide hidden layers", "param W1[20,3]\nparam W2[20,20]\nparam w3[20]\n"
            + "h1 = tanh(W1 @ x)\nh2 = tanh(W2 @ h1)\nloss (dot(w3, h2) - t)^2"),
        // Shapes (issue #20, part 4): every broadcast pattern, each axis reduction with each axis and
        // keepdim, the softmax family on a vector and on both axes of a matrix, ties of max and min
        // (a + 0·x is three equal elements), and indexing by an input, a target and an expression.
        model("broadcast matrix and row", "param m[2,3]\nparam r[3]\nloss sum((m + r) * (m - r) / (r * r + 1)) * u"),
        model("broadcast column and row", "param c[2,1]\nparam r[1,3]\nloss sum(exp(c * r) + c / (r * r + 1)) + sum(c - y)"),
        model("broadcast size one", "param a[1]\nparam m[2,3]\nparam k[1,1]\nloss sum((x - a) * (x - a)) + sum(m * k - a) * t"),
        model("broadcast row vector and matrix", "param v[3]\nparam m[1,3]\nparam n[2,1]\nloss sum(v * m + x) + sum(max(v, n) * min(n, m)) + sum((v + 2) ^ (m * m))"),
        model("sum mean along axes", "param m[2,3]\nloss sum(sum(m * m, axis = 0) * x) + sum(mean(m, axis = 1) * y)"
            + " + sum(sum(m, axis = 1, keepdim = true) * m) + sum(mean(m * m, axis = 0, keepdim = true) * m)"
            + " + sum(x * x, axis = 0) * sum(m, axis = -1, keepdim = true)[1, 0] + mean(x, axis = 0, keepdim = true)[0]"),
        model("max min along axes", "param m[2,3]\nloss sum(max(m, axis = 0) * x) + sum(min(m, axis = 1) * y)"
            + " + sum(max(m, axis = 1, keepdim = true) * m) + max(m) * u + min(m * x) + max(x * m[0], axis = 0)"),
        model("max min ties", "param a\nparam b[2]\nloss max(a + 0 * x) * u + min(a - 0 * x, axis = 0)"
            + " + sum(max(b + 0 * [[1, 1], [1, 1], [1, 1]], axis = 0)) + sum(min(b + 0 * [[1, 1], [1, 1]], axis = 1, keepdim = true))"),
        model("logsumexp along axes", "param m[2,3]\nloss logsumexp(m * x) + sum(logsumexp(m, axis = 0) * x)"
            + " + sum(logsumexp(m, axis = 1) * y) + sum(logsumexp(m, axis = 1, keepdim = true) * m) + logsumexp(x * m[0], axis = 0)"),
        model("softmax family", "param v[3]\nparam m[2,3]\nloss sum(softmax(v * x) * x) + sum(log_softmax(v) * x)"
            + " + sum(softmax(m, axis = 0) * m) + sum(softmax(m, axis = 1) * (m + x)) + sum(softmax(m) * m)"
            + " + sum(log_softmax(m, axis = 0) * m) + sum(log_softmax(m, axis = 1) * (m - x))"),
        model("argmax", "param W[4,3]\nparam m[2,3]\nz = W @ x\nloss softmax_ce(z, argmax(z)) + sum(m' * argmax(m, axis = 1)) * u"
            + " + sum(m * argmax(m, axis = 0, keepdim = true)) + argmax(m) * m[0, 0]"),
        model("index by input target expression", "param v[4]\nparam m[4,3]\nparam W[3,3]\nloss v[t * 3] * u + sum(m[t * 3] * x)"
            + " + m[u * 3, 2] * m[1, t * 2] + v[argmax(W @ x)] * v[argmax(W @ x) + 1] + m[t * 3, argmax(W @ x)]"),
        pure("cubic", "param a = 5\nparam b = 6\nloss a^3 - b^2"),
        pure("linear solve", "const A[3,3] = [[4, 1, 0], [1, 3, 1], [0, 1, 2]]\nconst b[3] = [1, 2, 3]\n"
            + "param x[3]\nloss sum((A @ x - b)^2)"),
        pure("parabola", "param x = 0\nloss (x - 2)^2 + 1"),
        // Issue #20, part 3: PyTorch's functions, comparisons and losses, at random points (away from
        // their kinks, which TorchKinksTest checks against torch's own numbers).
        model("clamp", "param a[3]\nparam lo\nloss sum(clamp(a * 3, lo - 0.5, x) * x)"),
        model("clamp one bound", "param a[3]\nloss sum(clamp(a, lo = -0.2) + clamp(a * x, hi = 0.1) * u)"),
        model("leaky_relu elu", "param a[3]\nloss sum(leaky_relu(a) * x + elu(a, alpha = 0.5) + leaky_relu(a - 0.2, slope = 0.2))"),
        model("gelu silu logsigmoid", "param a[3]\nloss sum(gelu(a * 2) + silu(a - x) * u + logsigmoid(a * 3))"),
        model("log1p expm1 erf", "param a[3]\nloss sum(log1p(a * a + x) + expm1(a) * x + erf(a * 2))"),
        model("inverse trig", "param a[3]\nloss sum(asin(tanh(a)) * x + acos(sigmoid(a)) + atan(a * 3))"),
        model("hyperbolic", "param a[3]\nloss sum(sinh(a) * x + cosh(a - u))"),
        model("sign step comparisons", "param a[3]\n"
            + "loss sum(a * a * (sign(a) + step(a - x) + (a < x) + (a >= u) * 2 + (x == x) + (a != 0.5) + (a <= t) + (a > 0)))"),
        model("less than a negation", "param a\nloss a * a * (a<-1) + a * (u<-t) + (a<-x[0]*2+3) * a"),
        model("smooth_l1", "param w[2,3]\nloss smooth_l1(w @ x * 3, y) + smooth_l1(w @ x, y, beta = 0.5) + smooth_l1(w @ x, y * 2, beta = 0)"),
        model("nll", "param W[4,3]\nloss nll(W @ x, round3(t))"),
        model("softmax_ce label smoothing", "param W[4,3]\nloss softmax_ce(W @ x, round3(t), label_smoothing = 0.1)"),
        model("kl_div", "param a[3]\nparam q[3]\nloss kl_div(q - 2, x * sigmoid(a)) + kl_div(q, x * [1, 0, 1])"),
        // Metrics and torch.nn.init's initialisers (issue #20, metrics): a metric is never
        // differentiated, so the gradient is the loss's alone, with the metrics' nodes beside it,
        // some shared with the loss; the initialisers only set where the params start.
        model("metrics beside the loss", "param W[2,3] = kaiming_uniform(seed = 1)\nparam b[2] = 0\n"
            + "h = tanh(W @ x + b)\nloss mse(h, y)\nmetric abs_err = mean(abs(h - y))\n"
            + "metric near = relu(1 - sum(abs(h - y)))\nmetric weight = norm(W)"),
        model("metric before the loss", "param v[3] = 0.5\nparam M[3,3] = xavier_normal(seed = 2, gain = 0.5)\n"
            + "z = dot(v, M @ x)\nmetric gap = abs(z - t)\nloss (z - t)^2 + 0.1 * sum(v * v)"),
        model("xavier uniform network", "param W1[4,3] = xavier_uniform(seed = 3)\nparam W2[2,4] = xavier_uniform(seed = 4, gain = 2)\n"
            + "output yhat = W2 @ sigmoid(W1 @ x)\nloss mse(yhat, y)\nmetric err = sum((yhat - y)^2)"),
        // Issue #20 combined: the parts above as a PyTorch user mixes them in one model (a class
        // index from data into softmax_ce with label smoothing and into nll of a log_softmax row,
        // comparisons and clamp on broadcast shapes, an outer product through axis reductions), with
        // metrics reading argmax, softmax and an index from data beside them.
        model("combined classifier with label smoothing, nll and metrics", "param W[4,3] = kaiming_uniform(seed = 1)\n"
            + "param b[4] = 0\nz = W @ x + b\n"
            + "loss softmax_ce(z, t * 3, label_smoothing = 0.1) + 0.5 * nll(log_softmax(z), t * 3)\n"
            + "metric acc = argmax(z) == t * 3\nmetric pk = softmax(z)[t * 3]\nmetric top = max(z, axis = 0)"),
        model("combined log_softmax rows into nll by a row index", "param M[4,3]\nparam c[4,1]\nS = M * x + c\n"
            + "lp = log_softmax(S, axis = 1)\n"
            + "loss nll(lp[t * 3], argmax(x)) + kl_div(log_softmax(S, axis = 0)[1], softmax(x)) + logsumexp(S) * u"),
        model("combined comparisons and clamp on broadcast shapes", "param m[2,3]\nparam lo[3]\nparam hi[2,1]\n"
            + "C = clamp(m * x, lo - 1, hi + 1)\n"
            + "loss sum(C * C * (m < x)) + sum(m * m * (m >= hi)) + sum(clamp(m, hi - 2, 2) * (x > lo)) * u"),
        model("combined outer product through axis reductions into softmax_ce", "param c[3,1]\nparam r[1,4]\nO = c * r\n"
            + "z = max(O, axis = 0) + logsumexp(O, axis = 0) - min(O, axis = 1, keepdim = true)[argmax(x), 0] + O' @ x\n"
            + "loss softmax_ce(z, t * 3, label_smoothing = 0.2) + sum(softmax(O, axis = 1)[argmax(x)] * r[0])\n"
            + "metric hit = argmax(z) == t * 3"));
  }

  /** Layers of 3 × 3: unrolled in full, the gradient body is too long for the JIT, so it is rolled. */
  private static String deepNetwork(int layers) {
    StringBuilder text = new StringBuilder();
    String previous = "x";
    for (int layer = 0; layer < layers; layer++) {
      text.append("param W").append(layer).append("[3,3]\nparam b").append(layer).append("[3]\n");
      text.append("h").append(layer).append(" = tanh(W").append(layer).append(" @ ").append(previous)
          .append(" + b").append(layer).append(")\n");
      previous = "h" + layer;
    }
    return text.append("output yhat = ").append(previous).append("[0] * 2\nloss (yhat - t)^2").toString();
  }

  private static Arguments model(String name, String body) {
    // softmax_ce takes a class index: t in (0.1, 1.1) times 3, rounded, is a class of 0..3.
    String text = body.replace("round3(t)", "t * 3");
    return Arguments.of(name, "model M\n" + DATA + text + "\n", true);
  }

  private static Arguments pure(String name, String body) {
    return Arguments.of(name, "model P\n" + body + "\n", false);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void generatedGradientMatchesFiniteDifferencesAndInterpreter(String name, String source, boolean withData) {
    CompiledModel model = Gradgen.compile(
        Checker.check(ModelReader.parse(source, name + ".model"), Path.of(name + ".model")), Precision.F64);
    SplittableRandom random = new SplittableRandom(name.hashCode());
    Dataset data = Dataset.none();
    if (withData) {
      int rows = 5;
      double[] values = new double[rows * WIDTH];
      for (int i = 0; i < values.length; i++) {
        values[i] = 0.1 + random.nextDouble();
      }
      data = new Dataset(name, rows, WIDTH, values);
    }
    Objective generated = model.objective(data);
    Objective interpreted = new InterpretedObjective(model.checked().forward(), model.layout(), data);
    double[] start = model.initialParams(1);
    for (int point = 0; point < 4; point++) {
      double[] params = start.clone();
      for (int i = 0; i < params.length; i++) {
        params[i] += random.nextGaussian() * 0.5;
      }
      double[] errors = GradientCheck.relativeErrors(generated, params);
      for (int i = 0; i < errors.length; i++) {
        assertTrue(errors[i] < 1e-6, name + ": element " + i + " relative error " + errors[i] + " at point " + point);
      }
      generated.setParameters(params);
      interpreted.setParameters(params);
      double[] g1 = new double[params.length];
      double[] g2 = new double[params.length];
      generated.lossAndGradient(0, generated.rows(), g1);
      interpreted.lossAndGradient(0, interpreted.rows(), g2);
      for (int i = 0; i < params.length; i++) {
        double scale = Math.max(1, Math.abs(g1[i]));
        assertTrue(Math.abs(g1[i] - g2[i]) <= 1e-9 * scale,
            name + ": element " + i + " generated " + g1[i] + " vs interpreted " + g2[i]);
      }
    }
  }

  /**
   * Every model of the emitter's own corpora (goldens, row blocks, SIMD, the benchmark jobs), on
   * random rows, through the three-way check that {@code gradgen check} runs. The row-block and SIMD
   * tests only compare kernels with each other, so a wrong product that every variant shares passes
   * them: three of these models computed wrong losses and gradients until {@code Ix.times}
   * parenthesized the sums it multiplies, and nothing but this would have said so.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("emitterCorpus")
  void everyEmitterCorpusModelAgreesThreeWays(Path file) {
    io.gradgen.check.CheckedModel checked = Pipeline.check(file);
    CompiledModel model = Gradgen.compile(checked, Precision.F64);
    int width = model.layout().rowWidth();
    int rows = width == 0 ? 1 : 6;
    SplittableRandom random = new SplittableRandom(file.toString().hashCode());
    double[] values = new double[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.1 + random.nextDouble();
    }
    Dataset data = width == 0 ? Dataset.none() : new Dataset(file.toString(), rows, width, values);
    GradientAgreement result = GradientAgreement.measure(model.objective(data),
        new InterpretedObjective(checked.forward(), model.layout(), data), model.initialParams(1), 2, 7);
    assertTrue(result.checked() > 0, file + ": no point checked");
    assertEquals(java.util.List.of(), result.disagreeing(GradientAgreement.FD_TOLERANCE, GradientAgreement.BACKEND_TOLERANCE),
        file.toString());
  }

  static Stream<Path> emitterCorpus() throws java.io.IOException {
    java.util.List<Path> models = new java.util.ArrayList<>();
    for (String folder : java.util.List.of("src/test/resources/golden", "src/test/resources/rowblock",
        "src/test/resources/simd", "../benchmarks/models")) {
      try (Stream<Path> files = java.nio.file.Files.list(Path.of(folder))) {
        files.filter(path -> path.toString().endsWith(".model")).sorted().forEach(models::add);
      }
    }
    return models.stream();
  }
}

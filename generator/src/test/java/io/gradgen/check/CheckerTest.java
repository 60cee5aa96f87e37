package io.gradgen.check;

import static io.gradgen.check.Models.check;
import static io.gradgen.check.Models.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Origin;
import io.gradgen.ir.Shape;
import io.gradgen.parse.ModelReader;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What the checker guarantees every later pass, and what it tells the user when a model breaks it. */
class CheckerTest {
  private static final Path CROP_YIELD = Path.of("../samples/crop-yield.model");

  static Stream<Path> models() throws IOException {
    List<Path> models = new ArrayList<>();
    for (String folder : List.of("../samples", "src/test/resources/golden")) {
      try (Stream<Path> files = Files.list(Path.of(folder))) {
        files.filter(file -> file.toString().endsWith(".model")).sorted().forEach(models::add);
      }
    }
    return models.stream();
  }

  @Test
  void theCropYieldsGraphShowsWhereEachNodeComesFromAndWhatTheModelCallsIt() {
    assertEquals(String.join("\n",
        "%0 = input x : [3] x        # 5:1 input x[3] <- Temperature, Rainfall, Humidity",
        "%1 = input y : [2] y        # 6:1 target y[2] <- Mangoes, Oranges",
        "%2 = param w : [2, 3] w     # 8:1 param w[2, 3] = randn(seed = 42)",
        "%3 = param b : [2] b        # 9:1 param b[2] = randn(seed = 43)",
        "%4 = matmul %2 %0 : [2]     # 11:15 w @ x",
        "%5 = add %4 %3 : [2] yhat   # 11:1 output yhat = w @ x + b",
        "%6 = neg %1 : [2]           # 12:1 loss mse(yhat, y)",
        "%7 = add %5 %6 : [2]        # 12:1 loss mse(yhat, y)",
        "%8 = mul %7 %7 : [2]        # 12:1 loss mse(yhat, y)",
        "%9 = sum %8 : []            # 12:1 loss mse(yhat, y)",
        "%10 = constant 2.0 : []     # 12:1 loss mse(yhat, y)",
        "%11 = div %9 %10 : [] loss  # 12:1 loss mse(yhat, y)",
        "loss = %11",
        "output = %5",
        ""), Checker.check(ModelReader.read(CROP_YIELD), CROP_YIELD).forward().dump());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void everyNodeOfEverySampleHasAShortOneLineOrigin(Path file) {
    Graph forward = Checker.check(ModelReader.read(file), file).forward();
    for (int id = 0; id < forward.size(); id++) {
      Origin origin = forward.provenance().origin(id).orElseThrow();
      assertTrue(origin.text().length() <= Origins.MAX_CHARS && !origin.text().contains("\n"), origin.toString());
    }
    assertEquals("loss", forward.provenance().name(forward.loss()).orElseThrow());
  }

  @Test
  void namesAreTheModelsFirstNameForEachNode() {
    Graph forward = check("const A[2] = [1, 2]", "param w[2]", "input x[2]", "h = w * x", "g = h",
        "output p = sum(h)", "loss p * p + sum(A)").forward();
    List<String> names = new ArrayList<>();
    forward.provenance().names().forEach((id, name) -> names.add("%" + id + " " + name));
    // g is h itself, already named h; the loss is the model's whole objective, not p.
    assertEquals(List.of("%0 A", "%1 w", "%2 x", "%3 h", "%4 p", "%7 loss"), names);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // names: declared once, before use
        "param w; param w; loss w               | 2:10 'w' is already declared at 2:1",
        "param w; w = 2; loss w                 | 2:10 'w' is already declared at 2:1",
        "h = a * 2; param a; loss h             | 2:5 'a' is used before its declaration at 2:12",
        "param weight; loss wieght              | 2:20 unknown name 'wieght'; did you mean 'weight'?",
        // shapes: rank 1-2, positive sizes, at most a million elements, literals of the declared shape
        "param w[2, 2, 2]; loss sum(w)          | 2:1 'w' has rank 3; only rank 1 and 2 are supported",
        "param w[0]; loss sum(w)                | 2:1 'w' has a size of 0; sizes must be positive",
        "param w[1001, 1000]; loss sum(w)       | 2:1 'w' has 1001000 elements; the limit is 1000000",
        "input x[2] <- a, b, c; loss sum(x)     | 2:15 'x' has 2 elements but binds 3 columns",
        "const A[2] = [1, 2, 3]; loss sum(A)    | 2:14 const 'A' is declared [2] but its literal is [3]",
        "const A[2] = a; loss sum(A)            | 2:14 const 'A' must be a number or an array literal",
        "param w[2] = [1, 2, 3]; loss sum(w)    | 2:14 param 'w' is declared [2] but its initial value is [3]",
        "param w = gauss(1); loss w             | 2:11 a param starts as a number, an array literal, zeros,"
            + " randn(seed = S, std = 1), uniform(lo, hi, seed = S), kaiming_uniform(seed = S),"
            + " xavier_uniform(seed = S, gain = 1) or xavier_normal(seed = S, gain = 1), not 'gauss(1)'",
        // one scalar loss, at most one output, data file and train block
        "param w                                | 1:1 model M has no loss: add 'loss EXPR'",
        "param w; loss w; loss w                | 2:18 a model has exactly one loss; the first is at 2:10",
        "param w[3]; loss w * w + w             | 2:24 the loss '(w * w) + w' must be a scalar, not [3];"
            + " reduce it with sum(…) or mean(…)",
        "param w; output a = w; output b = w; loss w | 2:24 a model has at most one output; 'a' is declared at 2:10",
        "data \"a.csv\"; data \"b.csv\"; param w; loss w | 2:15 a model has one data file; the first is at 2:1",
        "param w; loss w; train { epochs 1 }; train { epochs 2 } | 2:38 a model has at most one train block;"
            + " the first is at 2:18",
        "param w; loss w; train { stop patience 2 } | 2:18 'stop patience' watches the validation loss: it needs 'split'",
      })
  void aModelThatBreaksAGuaranteeIsOneErrorAtItsPlace(String model, String message) {
    // The declarations are all on line 2, after "model M".
    assertEquals("m.model:" + message.replaceFirst(" ", ": error: "), error(model));
  }

  @Test
  void theLayoutHasParamsInDeclarationOrderAndInputsBeforeTargets() {
    CheckedModel model = check("target y", "param b = 1", "input x[2] <- u, v", "param w[2] = [3, 4]",
        "output yhat = dot(w, x) + b", "loss (yhat - y)^2");
    ModelLayout layout = model.layout();
    assertEquals(List.of("b", "w"), layout.params().stream().map(slot -> slot.name()).toList());
    assertEquals(Map.of("b", Shape.SCALAR, "w", Shape.vector(2)), model.params());
    assertEquals(List.of("b", "w"), new ArrayList<>(model.params().keySet()));
    assertEquals(List.of("x", "y"), layout.data().stream().map(slot -> slot.name()).toList());
    assertTrue(layout.hasOutput());
    assertEquals(TrainingConfig.defaults(), model.training());
    assertNull(model.dataFile());
  }

  @Test
  void theDataFileIsFoundBesideTheModel() {
    Path source = Path.of("models", "crop.model");
    CheckedModel model = Checker.check(ModelReader.parse("model M\ndata \"../data/crop.csv\"\nparam w\nloss w",
        source.toString()), source);
    assertEquals(Path.of("data", "crop.csv").toAbsolutePath(), model.dataFile());
  }

  /**
   * A 2,000-term loss, a tree 2,000 deep: every node gets its origin, each at most 60 characters,
   * without the cost of writing out each of its 2,000 sub-expressions whole.
   */
  @Test
  void aModelOfTwoThousandTermsIsCheckedAndPlacedQuickly() {
    StringBuilder loss = new StringBuilder("loss w[0] * x[0]");
    for (int i = 1; i < 2000; i++) {
      loss.append(" + w[").append(i % 50).append("] * x[").append(i % 40).append(']');
    }
    long start = System.nanoTime();
    Graph forward = check("param w[50] = 1", "input x[40]", loss.toString()).forward();
    double seconds = (System.nanoTime() - start) / 1e9;
    for (int id = 0; id < forward.size(); id++) {
      assertTrue(forward.provenance().origin(id).orElseThrow().text().length() <= Origins.MAX_CHARS);
    }
    assertEquals("loss w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + w[3] * x[3] …",
        forward.provenance().origin(forward.loss()).orElseThrow().text());
    assertTrue(seconds < 10, seconds + " s");
  }

  // Metrics: per-sample scalars on graphs of their own, never in the loss or the gradient.

  @Test
  void eachMetricIsAScalarGraphOverTheForwardNodesNamedInTheLayout() {
    CheckedModel model = check("input x", "target y", "param w = 1", "yhat = w * x", "loss (yhat - y)^2",
        "metric abs_err = abs(yhat - y)", "metric scale = w * w");
    assertEquals(List.of("abs_err", "scale"), model.layout().metrics());
    assertEquals(List.of("abs_err", "scale"), List.copyOf(model.metrics().keySet()));
    for (Graph metric : model.metrics().values()) {
      assertEquals(model.forward().nodes(), metric.nodes());
      assertTrue(metric.node(metric.loss()).shape().isScalar());
      assertEquals(Map.of(), metric.gradients());
      assertEquals(-1, metric.output());
    }
    assertEquals("abs(add(mul(param w, input x), neg(input y)))",
        Models.tree(model.metrics().get("abs_err"), model.metrics().get("abs_err").loss()));
    assertEquals(7, model.metrics().get("abs_err").provenance().origin(model.metrics().get("abs_err").loss())
        .orElseThrow().line());
  }

  @Test
  void metricsChangeNeitherTheLossNorTheGradient() {
    String[] lines = {"input x[2]", "target y", "param w[2] = 0.5", "yhat = dot(w, x)", "loss (yhat - y)^2"};
    List<String> withMetrics = new ArrayList<>(List.of(lines));
    withMetrics.add(3, "metric early = sum(w)"); // before the loss, reading what it reads
    withMetrics.add("metric late = relu(1 - abs(yhat - y))");
    Graph without = io.gradgen.Pipeline.gradientGraph(check(lines));
    Graph with = io.gradgen.Pipeline.gradientGraph(check(withMetrics.toArray(String[]::new)));
    assertTrue(without.sameAs(with), with.dump());
  }

  @Test
  void aMetricIsNeverAValueAndItsNameIsUniqueAmongAllNames() {
    assertEquals("m.model:4:12: error: 'e' is a metric, which is reported, not a value an expression can use: name"
        + " its expression as a value and use that in both", error("param w", "metric e = w * 2", "loss w^2 + e"));
    assertEquals("m.model:3:1: error: 'w' is already declared at 2:1", error("param w", "metric w = w * 2", "loss w^2"));
    assertEquals("m.model:3:14: error: the metric 'e' must be a scalar per sample, not [2]; reduce it with sum(…) or"
        + " mean(…)", error("param w[2]", "metric e = w * 2", "loss sum(w)"));
    assertEquals(List.of(), check("param w", "loss w^2").layout().metrics());
  }
}

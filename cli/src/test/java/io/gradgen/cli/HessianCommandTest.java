package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.DataLoader;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradgen hessian} as a user runs it (CLI.md's exact output, the reduction, {@code --at},
 * {@code --data}, {@code --vector}, precision), and the Hessian's assembly from HVPs, its names and
 * its table against a hand-written objective whose Hessian is known.
 */
class HessianCommandTest {
  private static final String CUBIC = "../samples/cubic.model";
  private static final String CROP = "../samples/crop-yield.model";

  @TempDir Path tmp;

  @Test
  void cubicAsJsonIsExactlyCliMdsExample() {
    CliRun run = CliRun.of("hessian", CUBIC, "--json");
    assertEquals(0, run.status(), run.err());
    assertEquals("{\"loss\": 89.0, \"gradient\": {\"a\": 75.0, \"b\": -12.0},"
        + " \"names\": [\"a\", \"b\"], \"hessian\": [[30.0, 0.0], [0.0, -2.0]]}\n", run.out());
    assertEquals("", run.err());
  }

  @Test
  void cubicWithAVectorIsExactlyCliMdsExample() throws Exception {
    Path v = Files.writeString(tmp.resolve("v.json"), "{\"a\": 1, \"b\": 2}");
    CliRun run = CliRun.of("hessian", CUBIC, "--vector", v.toString(), "--json");
    assertEquals(0, run.status(), run.err());
    assertEquals("{\"loss\": 89.0, \"gradient\": {\"a\": 75.0, \"b\": -12.0}, \"hvp\": {\"a\": 30.0, \"b\": -4.0}}\n",
        run.out());
    assertEquals("loss: 89\ngradient:\n  a: 75\n  b: -12\nhvp:\n  a: 30\n  b: -4\n",
        CliRun.of("hessian", CUBIC, "--vector", v.toString()).out());
  }

  @Test
  void cubicAsText() {
    CliRun run = CliRun.of("hessian", CUBIC);
    assertEquals(0, run.status(), run.err());
    assertEquals("loss: 89\ngradient:\n  a: 75\n  b: -12\nhessian:\n      a   b\n  a  30   0\n  b   0  -2\n", run.out());
  }

  @Test
  void atMovesThePointAsGradsDoes() {
    // a³ − b² at a = −1, b = 0.5: H = [[6a, 0], [0, −2]].
    assertEquals("{\"loss\": -1.25, \"gradient\": {\"a\": 3.0, \"b\": -1.0}, \"names\": [\"a\", \"b\"],"
        + " \"hessian\": [[-6.0, 0.0], [0.0, -2.0]]}\n", CliRun.of("hessian", CUBIC, "--at", "a=-1,b=0.5", "--json").out());
  }

  @Test
  void theInterpretedBackendGivesTheSameHessian() throws Exception {
    assertEquals(CliRun.of("hessian", CUBIC, "--json").out(), CliRun.of("hessian", CUBIC, "--json", "--backend",
        "interpreted").out());
    ObjectMapper mapper = new ObjectMapper();
    JsonNode java = mapper.readTree(CliRun.of("hessian", CROP, "--json").out());
    CliRun run = CliRun.of("hessian", CROP, "--json", "--backend", "interpreted");
    assertEquals(0, run.status(), run.err());
    JsonNode interpreted = mapper.readTree(run.out());
    assertEquals(java.get("names"), interpreted.get("names"));
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        double expected = java.get("hessian").get(r).get(c).doubleValue();
        assertEquals(expected, interpreted.get("hessian").get(r).get(c).doubleValue(), 1e-11 * Math.max(1, Math.abs(expected)),
            "H[" + r + "][" + c + "]");
      }
    }
    Path v = Files.writeString(tmp.resolve("v.json"), "{\"a\": 1, \"b\": 2}");
    assertEquals(CliRun.of("hessian", CUBIC, "--json", "--vector", v.toString()).out(),
        CliRun.of("hessian", CUBIC, "--json", "--vector", v.toString(), "--backend", "interpreted").out());
  }

  @Test
  void theLossAndGradientAreGradsToTheBit() {
    for (String model : new String[] {CUBIC, CROP}) {
      String grad = CliRun.of("grad", model, "--json").out();
      String hessian = CliRun.of("hessian", model, "--json").out();
      assertTrue(hessian.startsWith(grad.substring(0, grad.length() - 2) + ", \"names\": ["), hessian);
    }
  }

  /**
   * Crop yields' loss is mean over rows of ½·Σ_o (w_o·x + b_o − y_o)², so its Hessian, whatever the
   * params, is the mean of x·xᵀ (and of x, and 1) in each output's block, none across them: worked
   * out here from the CSV, independently of any kernel.
   */
  @Test
  void cropYieldsHessianOverTheDataIsTheMeanOfXXt() throws Exception {
    List<double[]> xs = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("../samples/crop-yield.csv")).subList(1, 16)) {
      String[] cells = line.split(",");
      xs.add(new double[] {Double.parseDouble(cells[1]), Double.parseDouble(cells[2]), Double.parseDouble(cells[3]), 1});
    }
    double[][] expected = new double[8][8];
    for (double[] x : xs) {
      for (int o = 0; o < 2; o++) {
        for (int i = 0; i < 4; i++) {
          for (int j = 0; j < 4; j++) {
            int r = i < 3 ? 3 * o + i : 6 + o;
            int c = j < 3 ? 3 * o + j : 6 + o;
            expected[r][c] += x[i] * x[j] / xs.size();
          }
        }
      }
    }
    JsonNode json = new ObjectMapper().readTree(CliRun.of("hessian", CROP, "--json").out());
    assertEquals("[\"w[0,0]\",\"w[0,1]\",\"w[0,2]\",\"w[1,0]\",\"w[1,1]\",\"w[1,2]\",\"b[0]\",\"b[1]\"]",
        json.get("names").toString());
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        assertEquals(expected[r][c], json.get("hessian").get(r).get(c).doubleValue(), 1e-12 * Math.max(1, expected[r][c]),
            "H[" + r + "][" + c + "]");
      }
    }
  }

  @Test
  void aVectorGivesTheMatrixTimesIt() throws Exception {
    Path v = Files.writeString(tmp.resolve("v.json"), "{\"w\": [[1, 0, -2], [0.5, 0, 0]], \"b\": [0, 3]}");
    double[] direction = {1, 0, -2, 0.5, 0, 0, 0, 3};
    ObjectMapper mapper = new ObjectMapper();
    JsonNode whole = mapper.readTree(CliRun.of("hessian", CROP, "--json").out()).get("hessian");
    JsonNode hvp = mapper.readTree(CliRun.of("hessian", CROP, "--json", "--vector", v.toString()).out()).get("hvp");
    double[] product = new double[8];
    for (int r = 0; r < 8; r++) {
      for (int c = 0; c < 8; c++) {
        product[r] += whole.get(r).get(c).doubleValue() * direction[c];
      }
    }
    for (int r = 0; r < 6; r++) {
      assertEquals(product[r], hvp.get("w").get(r / 3).get(r % 3).doubleValue(), 1e-9 * Math.abs(product[r]) + 1e-9);
    }
    assertEquals(product[6], hvp.get("b").get(0).doubleValue(), 1e-9);
    assertEquals(product[7], hvp.get("b").get(1).doubleValue(), 1e-9);
  }

  /** {@code reduction sum} leaves the sums over the rows; the default mean divides them by the rows; --data is read. */
  @Test
  void theReductionAndTheDataAreGrads() throws Exception {
    Files.writeString(tmp.resolve("d.csv"), "x,y\n1,2\n2,3\n3,5\n");
    Files.writeString(tmp.resolve("other.csv"), "x,y\n4,0\n");
    String model = "model Q\ndata \"d.csv\"\ninput x <- x\ntarget y <- y\nparam a = 0.5\nparam c = 1\n"
        + "loss (a * a * x + c - y)^2\n";
    Path mean = Files.writeString(tmp.resolve("mean.model"), model);
    Path sum = Files.writeString(tmp.resolve("sum.model"), model + "train {\n  reduction sum\n}\n");
    // d²/dc² = 2 a row; d²/da dc = 4·a·x; d²/da² = 12·a²·x² + 4·x·(c − y).
    String meanOut = CliRun.of("hessian", mean.toString(), "--json").out();
    String sumOut = CliRun.of("hessian", sum.toString(), "--json").out();
    JsonNode m = new ObjectMapper().readTree(meanOut).get("hessian");
    JsonNode s = new ObjectMapper().readTree(sumOut).get("hessian");
    double aa = 0;
    for (double[] row : new double[][] {{1, 2}, {2, 3}, {3, 5}}) {
      aa += 12 * 0.25 * row[0] * row[0] + 4 * row[0] * (1 - row[1]);
    }
    assertEquals(aa, s.get(0).get(0).doubleValue(), 1e-12);
    assertEquals(12, s.get(0).get(1).doubleValue(), 1e-12);
    assertEquals(6, s.get(1).get(1).doubleValue());
    assertEquals(aa / 3, m.get(0).get(0).doubleValue(), 1e-12);
    assertEquals(2, m.get(1).get(1).doubleValue());
    JsonNode other = new ObjectMapper().readTree(
        CliRun.of("hessian", mean.toString(), "--json", "--data", tmp.resolve("other.csv").toString()).out()).get("hessian");
    assertEquals(12 * 0.25 * 16 + 4 * 4 * 1, other.get(0).get(0).doubleValue(), 1e-12);
  }

  @Test
  void anF32ModelRunsInF32() throws Exception {
    Path f32 = Files.writeString(tmp.resolve("c.model"),
        Files.readString(Path.of(CUBIC)) + "train {\n  precision f32\n}\n");
    CliRun run = CliRun.of("hessian", f32.toString(), "--json");
    assertEquals(0, run.status(), run.err());
    assertEquals(CliRun.of("hessian", CUBIC, "--json").out(), run.out(), "small integers are exact in float too");
  }

  @Test
  void dumpAfterPrintsWhatGradPrints() {
    for (String pass : new String[] {"parse", "check", "optimize"}) {
      CliRun run = CliRun.of("hessian", CUBIC, "--dump-after", pass);
      assertEquals(0, run.status(), run.err());
      assertEquals(CliRun.of("grad", CUBIC, "--dump-after", pass).out(), run.out());
    }
  }

  /** a, v[2], w[2, 2]: seven values. */
  private static final ModelLayout LAYOUT = new LayoutBuilder("Fake", Precision.F64)
      .param("a", new int[0], LayoutBuilder.zeros())
      .param("v", new int[] {2}, LayoutBuilder.zeros())
      .param("w", new int[] {2, 2}, LayoutBuilder.zeros())
      .build();

  /**
   * Row {@code r} (of three) has the loss {@code (r + 1)·(½·θᵀAθ + bᵀθ)} with a matrix A that is
   * <em>not</em> symmetric, so its "Hessian-vector product" {@code (r + 1)·A·d} shows whether the
   * command transposes or symmetrises anything; it counts its passes.
   */
  private static class Quadratic implements Objective {
    final double[] params;
    final AtomicInteger passes;

    Quadratic(double[] params, AtomicInteger passes) {
      this.params = params;
      this.passes = passes;
    }

    static double a(int row, int column) {
      return row == column ? 10 + row : row * 7 + column * 0.5 - 3;
    }

    @Override
    public ModelLayout layout() {
      return LAYOUT;
    }

    @Override
    public int rows() {
      return 3;
    }

    @Override
    public void setParameters(double[] values) {
      System.arraycopy(values, 0, params, 0, params.length);
    }

    @Override
    public double lossAndGradient(int from, int to, double[] gradient) {
      return lossGradientAndHessianVector(from, to, new double[params.length], gradient, new double[params.length]);
    }

    @Override
    public double loss(int from, int to) {
      return lossAndGradient(from, to, new double[params.length]);
    }

    @Override
    public boolean hasHessianVectorProducts() {
      return true;
    }

    @Override
    public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
        double[] hessianVector) {
      passes.incrementAndGet();
      double loss = 0;
      for (int row = from; row < to; row++) {
        double weight = row + 1;
        double rowLoss = 0;
        for (int i = 0; i < params.length; i++) {
          double aTheta = 0;
          double aDirection = 0;
          double symmetric = 0;
          for (int j = 0; j < params.length; j++) {
            aTheta += a(i, j) * params[j];
            aDirection += a(i, j) * direction[j];
            symmetric += 0.5 * (a(i, j) + a(j, i)) * params[j];
          }
          rowLoss += 0.5 * params[i] * aTheta + (i + 1) * params[i];
          gradient[i] += weight * (symmetric + i + 1);
          hessianVector[i] += weight * aDirection;
        }
        loss += weight * rowLoss;
      }
      return loss;
    }

    @Override
    public void predict(int row, double[] output) {}

    @Override
    public void arrange(int[] order) {}

    @Override
    public Objective copyForThread() {
      return new Quadratic(params, passes);
    }
  }

  private static Quadratic quadratic() {
    Quadratic objective = new Quadratic(new double[7], new AtomicInteger());
    objective.setParameters(new double[] {1, -2, 0.5, 3, -1, 2, 0.25});
    return objective;
  }

  @Test
  void columnCIsHTimesTheUnitVectorCReducedAsGradIs() {
    Quadratic objective = quadratic();
    HessianCommand.Curvature curvature = HessianCommand.hessian(objective, 3, 1);
    assertEquals(7, objective.passes.get(), "one pass a parameter value");
    for (int c = 0; c < 7; c++) {
      for (int r = 0; r < 7; r++) {
        // Rows weigh 1 + 2 + 3 = 6, divided by the 3 rows: 2·A, exactly as A is, not symmetrised.
        assertEquals(2 * Quadratic.a(r, c), curvature.products()[c][r], "H[" + r + "][" + c + "]");
      }
    }
    double[] gradient = new double[7];
    double loss = quadratic().lossAndGradient(0, 3, gradient);
    assertEquals(loss / 3, curvature.loss());
    for (int i = 0; i < 7; i++) {
      gradient[i] /= 3;
    }
    assertArrayEquals(gradient, curvature.gradient());
  }

  @Test
  void threadsShareTheColumnsWithTheSameBits() {
    HessianCommand.Curvature one = HessianCommand.hessian(quadratic(), 1, 1);
    for (int threads : new int[] {2, 3, 16}) {
      HessianCommand.Curvature many = HessianCommand.hessian(quadratic(), 1, threads);
      assertEquals(one.loss(), many.loss());
      assertArrayEquals(one.gradient(), many.gradient());
      for (int c = 0; c < 7; c++) {
        assertArrayEquals(one.products()[c], many.products()[c], "column " + c + " with " + threads + " threads");
      }
    }
  }

  @Test
  void generatedKernelsCopiedForThreadsGiveTheSameBits() {
    CheckedModel checked = Pipeline.check(Path.of(CROP));
    CompiledModel compiled = Gradgen.compileTiered(checked, Precision.F64, true);
    Dataset data = DataLoader.read(Path.of("../samples/crop-yield.csv"), compiled.layout());
    HessianCommand.Curvature[] runs = new HessianCommand.Curvature[2];
    int[] threads = {1, 5};
    for (int t = 0; t < 2; t++) {
      Objective objective = compiled.objective(data);
      objective.setParameters(compiled.initialParams(0));
      runs[t] = HessianCommand.hessian(objective, 15, threads[t]);
    }
    assertEquals(runs[0].loss(), runs[1].loss());
    assertArrayEquals(runs[0].gradient(), runs[1].gradient());
    for (int c = 0; c < 8; c++) {
      assertArrayEquals(runs[0].products()[c], runs[1].products()[c]);
    }
  }

  @Test
  void aProductIsOnePassInTheGivenDirection() {
    Quadratic objective = quadratic();
    double[] direction = {0, 1, 0, 0, 0, 0, -2};
    HessianCommand.Curvature curvature = HessianCommand.product(objective, direction, 1);
    assertEquals(1, objective.passes.get());
    assertEquals(1, curvature.products().length);
    for (int r = 0; r < 7; r++) {
      assertEquals(6 * (Quadratic.a(r, 1) - 2 * Quadratic.a(r, 6)), curvature.products()[0][r], 1e-12);
    }
  }

  @Test
  void aFailingPassIsRethrownNotLost() {
    Quadratic failing = new Quadratic(new double[7], new AtomicInteger()) {
      @Override
      public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
          double[] hessianVector) {
        if (direction[5] == 1) {
          throw new IllegalStateException("column 5");
        }
        return super.lossGradientAndHessianVector(from, to, direction, gradient, hessianVector);
      }

      @Override
      public Objective copyForThread() {
        return this;
      }
    };
    assertEquals("column 5", assertThrows(IllegalStateException.class,
        () -> HessianCommand.hessian(failing, 1, 3)).getMessage());
  }

  @Test
  void namesAreTheFlatLayoutRowMajor() {
    assertEquals(List.of("a", "v[0]", "v[1]", "w[0,0]", "w[0,1]", "w[1,0]", "w[1,1]"), HessianCommand.names(LAYOUT));
  }

  @Test
  void theTableHasANameOverEveryColumnAndBesideEveryRow() {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    HessianCommand.table(out, List.of("a", "v[0]", "v[1]"),
        new double[][] {{30, 0, -1.5}, {0, -2, 1e-9}, {12345, 0.25, 7}}, "  ");
    out.flush();
    assertEquals(""
        + "           a         v[0]   v[1]\n"
        + "  a       30            0  12345\n"
        + "  v[0]     0           -2   0.25\n"
        + "  v[1]  -1.5  1.00000e-09      7\n",
        text.toString());
  }
}

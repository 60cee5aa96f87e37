package io.gradgen.emit.java;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.autodiff.AdjointRules;
import io.gradgen.check.CheckedModel;
import io.gradgen.interpret.InterpretedObjective;
import io.gradgen.runtime.DoubleKernel;
import io.gradgen.runtime.FloatKernel;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The metrics a kernel computes, row by row: the model's expressions exactly as written (compared
 * with the same arithmetic by hand, to the bit), the same from the scalar and the SIMD kernel and
 * from the interpreted autograd, whatever names the metrics clash with.
 */
class MetricWriterTest {
  private static final String LINE = """
      model Line
      input x[2]
      target y
      param w[2] = [0.5, -1.25]
      param c = 0.75
      yhat = dot(w, x) + c
      loss (yhat - y)^2
      metric abs_err = abs(yhat - y)
      metric near = relu(1 - 2 * abs(yhat - y))
      metric scale = sum(w * w)
      """;

  private static Dataset rows(int count, int width, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[count * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble(-2, 2);
    }
    return new Dataset("rows", count, width, values);
  }

  @Test
  void eachRowsMetricsAreTheModelsExpressionsToTheBit() {
    CompiledModel model = Gradgen.compile(TestModels.check(LINE), Precision.F64);
    DoubleKernel kernel = (DoubleKernel) model.kernel();
    Dataset data = rows(9, 3, 1);
    double[] params = model.initialParams(0);
    double[] values = new double[3];
    for (int row = 0; row < 9; row++) {
      kernel.metrics(params, data.values(), row, values);
      double[] d = data.values();
      // dot(w, x) + c, then yhat - y as the checker lowers it: yhat + (-y)
      double yhat = 0.75 + (0.5 * d[3 * row] + -1.25 * d[3 * row + 1]);
      double residual = yhat + -d[3 * row + 2];
      double near = 1.0 + -(2.0 * Math.abs(residual));
      assertArrayEquals(new double[] {Math.abs(residual), near > 0 ? near : 0, 0.25 + 1.5625}, values, 0.0,
          "row " + row);
    }
  }

  /**
   * Trained (shuffled, split 0.75, the epoch kernel), the result's metrics are the kernel's row
   * values at the final parameters, added in file order and divided by the rows, to the bit.
   */
  @Test
  void aTrainedModelsMetricsAreTheMeansOfItsRowsAtTheFinalParameters() throws Exception {
    CheckedModel checked = Pipeline.check(java.nio.file.Path.of("src/test/resources/golden/Metrics.model"));
    CompiledModel model = Gradgen.compile(checked, Precision.F64);
    Dataset data = io.gradgen.runtime.data.DataLoader.read(checked.dataFile(), model.layout());
    io.gradgen.runtime.train.TrainingResult result = new io.gradgen.runtime.train.Trainer(checked.training(), 2)
        .train(model.objective(data), model.initialParams(0), null, null);
    DoubleKernel kernel = (DoubleKernel) model.kernel();
    double[] train = new double[3];
    double[] validation = new double[3];
    double[] row = new double[3];
    for (int r = 0; r < 40; r++) {
      kernel.metrics(result.params(), data.values(), r, row);
      for (int m = 0; m < 3; m++) {
        (r < 30 ? train : validation)[m] += row[m];
      }
    }
    for (int m = 0; m < 3; m++) {
      train[m] /= 30;
      validation[m] /= 10;
    }
    assertArrayEquals(train, result.metrics(), 0.0);
    assertArrayEquals(validation, result.validationMetrics(), 0.0);
    assertTrue(result.validationMetrics()[1] > 0.5, "near: most validation rows within 1/4 of their label");
  }

  @Test
  void theScalarAndSimdKernelsAndTheInterpreterAgree() {
    CheckedModel checked = TestModels.check(LINE.replace("x[2]", "x[64]").replace("w[2] = [0.5, -1.25]",
        "w[64] = randn(seed = 3)"));
    Dataset data = rows(20, 65, 2);
    for (Precision precision : Precision.values()) {
      CompiledModel scalar = Gradgen.compile(checked, precision, AdjointRules.standard(), false);
      CompiledModel simd = Gradgen.compile(checked, precision, AdjointRules.standard(), true);
      assertTrue(simd.javaSource().contains("Vector"), "a SIMD kernel");
      Objective interpreted = InterpretedObjective.of(checked, checked.layout(), data);
      Objective[] objectives = {scalar.objective(data), simd.objective(data), interpreted};
      double[] params = scalar.initialParams(0);
      for (Objective objective : objectives) {
        objective.setParameters(params.clone());
      }
      for (int row = 0; row < 20; row++) {
        double[][] values = new double[3][3];
        for (int k = 0; k < 3; k++) {
          objectives[k].metrics(row, values[k]);
        }
        assertArrayEquals(values[0], values[1], 0.0, precision + " SIMD, row " + row);
        for (int k = 0; k < 3; k++) {
          // the interpreter sums in its own order: the same value to rounding
          assertEquals(values[0][k], values[2][k], (precision == Precision.F64 ? 1e-13 : 1e-5) * Math.max(1,
              Math.abs(values[0][k])), precision + " interpreted, row " + row);
        }
      }
    }
  }

  @Test
  void aModelWithoutMetricsHasNoMetricsMethodAndOneWithThemAClassEach() {
    String without = Pipeline.emitJava(TestModels.check(LINE.replaceAll("(?m)^metric.*\n", "")), Precision.F64,
        JavaEmitter.DEFAULT_PACKAGE, false).toString();
    assertFalse(without.contains("metrics("));
    String with = Pipeline.emitJava(TestModels.check(LINE), Precision.F64, JavaEmitter.DEFAULT_PACKAGE, false)
        .toString();
    assertTrue(with.contains("static final class Abs_errMetric {"));
    assertTrue(with.contains("values[2] = scaleMetric.sum(p, d, row, row + 1);"));
    // the metrics are neither in the loss nor in the gradient, nor in the epoch kernel's steps
    for (String method : new String[] {"public double lossAndGradient(", "public double loss(", "public int epoch("}) {
      assertEquals(method(without, method), method(with, method), method);
    }
  }

  /** The text of the method that starts with {@code head}: to its closing brace, at the method's indent. */
  private static String method(String source, String head) {
    int start = source.indexOf(head);
    assertTrue(start >= 0, head);
    return source.substring(start, source.indexOf("\n  }\n", start));
  }

  /** Metrics named as Java keywords, the kernel's own identifiers, each other's classes, in Greek. */
  @Test
  void clashingNamesCompileAndComputeTheirOwnValue() {
    CheckedModel checked = TestModels.check("""
        model Clash
        input x
        target y
        param w = 2
        loss (w * x - y)^2
        metric class = w * x
        metric values = w * x + 1
        metric LAYOUT = w * x + 2
        metric ClassMetric = w * x + 3
        metric p = w * x + 4
        metric sum = w * x + 5
        metric θ = w * x + 6
        """);
    for (Precision precision : Precision.values()) {
      CompiledModel model = Gradgen.compile(checked, precision);
      double[] values = new double[7];
      if (precision == Precision.F64) {
        ((DoubleKernel) model.kernel()).metrics(new double[] {2}, new double[] {3, 0}, 0, values);
      } else {
        ((FloatKernel) model.kernel()).metrics(new float[] {2}, new float[] {3, 0}, 0, values);
      }
      assertArrayEquals(new double[] {6, 7, 8, 9, 10, 11, 12}, values, 0.0, precision.toString());
    }
  }
}

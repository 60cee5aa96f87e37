package io.gradgen.emit.ptx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.Pipeline;
import io.gradgen.TestModels;
import io.gradgen.check.CheckedModel;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.OptimizerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every sample and corpus model's PTX, run on the reference interpreter, against the Java kernel of
 * the same precision: the loss and gradient over all rows and over a sub-range (on several blocks),
 * the loss alone, every row's prediction, and each optimizer's update (two steps, with and without
 * clipping) against the runtime's optimizer taking the same steps from the same gradient. f64
 * agrees to 1e-12, relative ({@link Agreement}); f32 to {@value #F32_TOLERANCE}: the f32 kernel
 * computes a row in float (seven digits), where the Java kernel widens every float to double first,
 * and a residual {@code yhat − y} that cancels three of the seven leaves an error of 1e-4 relative
 * (the worst the corpus shows is 3·10⁻⁴, in a tanh network's gradient).
 *
 * <p>Rows are drawn in (0.1, 1.1) and params near their initial values, as in the corpus's own
 * tests: 300 rows, so that one block takes two or three tiles of rows (or a thread two rows), and
 * the sub-range's blocks split the tiles between them.
 */
class PtxAgreementTest {
  static final double F64_TOLERANCE = 1e-12;
  static final double F32_TOLERANCE = 1e-3;
  static final int ROWS = 300;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (PtxCorpus.Model model : PtxCorpus.all()) {
      for (Precision precision : Precision.values()) {
        cases.add(Arguments.of(model, precision));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void interpretedPtxAgreesWithTheJavaKernel(PtxCorpus.Model model, Precision precision) {
    CheckedModel checked = model.checked();
    PtxCorpus.assumeEmittable(model);
    CompiledModel java = Gradgen.compile(checked, precision);
    ModelLayout layout = java.layout();
    PtxModule module = PtxEmitter.emit(Pipeline.gradientGraph(checked), layout);
    SplittableRandom random = new SplittableRandom(model.name().hashCode());
    int width = layout.rowWidth();
    int rows = layout.hasInputs() ? ROWS : 1;
    double[] values = new double[rows * width];
    for (int i = 0; i < values.length; i++) {
      values[i] = precision == Precision.F32 ? (float) (0.1 + random.nextDouble()) : 0.1 + random.nextDouble();
    }
    Dataset data = layout.hasInputs() ? new Dataset(model.name(), rows, width, values) : Dataset.none();
    Objective objective = java.objective(data);
    double[] params = java.initialParams(1);
    for (int i = 0; i < params.length; i++) {
      params[i] += random.nextGaussian() * 0.5;
    }
    objective.setParameters(params); // rounds them to float for f32
    PtxRunner ptx = new PtxRunner(module, values, rows);
    ptx.setParams(params);
    double tolerance = precision == Precision.F64 ? F64_TOLERANCE : F32_TOLERANCE;
    String name = model.name() + " " + precision;

    int count = params.length;
    double[] expected = new double[count];
    double expectedLoss = objective.lossAndGradient(0, rows, expected);
    double[] got = ptx.lossAndGradient(0, rows, 1);
    Agreement.check(name + " loss", expectedLoss, got[0], tolerance);
    Agreement.check(name + " gradient", expected, slice(got, 1, count), tolerance);
    assertEquals(Double.isFinite(expectedLoss) ? 1.0 : 0.0, got[count + 1], name + " finite flag");
    OptimizerUpdates.check(name, ptx, got, objective, params, rows, precision);
    ptx.setParams(params);
    Agreement.check(name + " loss()", objective.loss(0, rows), ptx.loss(0, rows, 2), tolerance);

    if (layout.hasInputs()) {
      int from = 5;
      int to = rows - 3;
      double[] part = new double[count];
      double partLoss = objective.lossAndGradient(from, to, part);
      double[] gotPart = ptx.lossAndGradient(from, to, 2);
      Agreement.check(name + " loss of rows " + from + ".." + to, partLoss, gotPart[0], tolerance);
      Agreement.check(name + " gradient of rows " + from + ".." + to, part, slice(gotPart, 1, count), tolerance);
    }

    if (layout.hasOutput()) {
      int size = layout.outputSize();
      double[] outputs = ptx.predict(0, rows, 2);
      double[] row = new double[size];
      for (int r = 0; r < rows; r++) {
        objective.predict(r, row);
        Agreement.check(name + " predict row " + r, row, slice(outputs, r * size, size), tolerance);
      }
    }
  }

  /**
   * A class index of {@code softmax_ce} that is not one of its classes makes the Java kernel throw
   * {@link io.gradgen.runtime.ClassIndexException}; the PTX kernel cannot throw, so the row's loss and gradient are
   * NaN and {@code reduce}'s finite flag says so (the host then names the row).
   */
  @ParameterizedTest(name = "class index {0}")
  @ValueSource(doubles = {4, -1, 3.5, Double.NaN, Double.POSITIVE_INFINITY})
  void aClassIndexOutsideTheClassesIsReportedNotComputed(double index) {
    CheckedModel checked = TestModels.check("""
        model Pick
        input x[3]
        target k
        param W[4,3] = randn(seed = 1)
        loss softmax_ce(W @ x, k)
        """);
    for (Precision precision : Precision.values()) {
      CompiledModel java = Gradgen.compile(checked, precision);
      ModelLayout layout = java.layout();
      double[] values = {0.5, 0.25, 1, 3, 1, 2, 3, index, 0.1, 0.2, 0.3, 0};
      Objective objective = java.objective(new Dataset("rows", 3, 4, values));
      double[] params = java.initialParams(1);
      objective.setParameters(params);
      int count = params.length;
      RuntimeException refused = assertThrows(RuntimeException.class, () -> objective.loss(0, 3));
      assertTrue(refused.getMessage().contains("row 2: a class index is"), refused.getMessage());
      PtxRunner ptx = new PtxRunner(PtxEmitter.emit(Pipeline.gradientGraph(checked), layout), values, 3);
      ptx.setParams(params);
      double[] got = ptx.lossAndGradient(0, 3, 1);
      assertTrue(Double.isNaN(got[0]), precision + " loss " + got[0]);
      assertEquals(0.0, got[count + 1], precision + " finite flag");
      assertTrue(Double.isNaN(ptx.loss(0, 3, 1)), precision + " loss()");
      double[] valid = ptx.lossAndGradient(0, 1, 1);
      double[] expected = new double[count];
      Agreement.check(precision + " the rows before it", objective.lossAndGradient(0, 1, expected), valid[0],
          precision == Precision.F64 ? F64_TOLERANCE : F32_TOLERANCE);
    }
  }

  static double[] slice(double[] values, int from, int count) {
    double[] part = new double[count];
    System.arraycopy(values, from, part, 0, count);
    return part;
  }
}

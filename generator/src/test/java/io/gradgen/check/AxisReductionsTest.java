package io.gradgen.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gradgen.CompiledModel;
import io.gradgen.Gradgen;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.data.Dataset;
import io.gradgen.runtime.train.Objective;
import org.junit.jupiter.api.Test;

/**
 * The axis reductions, the softmax family and argmax against the numbers PyTorch 1.13 gives for the
 * same tensors (in float64, printed with 17 digits), through the generated kernel; values agree to
 * a few ulps (torch sums in its own order), ties and positions exactly.
 */
class AxisReductionsTest {
  private static final String Z = "param z[2,3] = [[0.5, -1, 2], [3, 0.25, -2]]";

  /** The loss of {@code loss} over {@code param} lines, and its gradient into {@code gradient}. */
  private static double run(String loss, double[] gradient, String... params) {
    CompiledModel model = Gradgen.compile(Models.check(String.join("\n", params), "loss " + loss), Precision.F64);
    Objective objective = model.objective(Dataset.none());
    objective.setParameters(model.initialParams(1));
    return objective.lossAndGradient(0, objective.rows(), gradient == null ? new double[model.initialParams(1).length] : gradient);
  }

  private static double value(String loss) {
    return run(loss, null, Z);
  }

  @Test
  void softmaxAlongEachAxisAndWithoutOneIsTorchs() {
    // torch.softmax(z, 1) and torch.softmax(z, 0); no axis on a matrix is axis 1, as torch's implicit dim.
    assertEquals(0.7855970345892759, value("softmax(z, axis = 1)[0, 2]"), 1e-15);
    assertEquals(0.0597085110187996, value("softmax(z, axis = 1)[1, 1]"), 1e-15);
    assertEquals(0.0597085110187996, value("softmax(z)[1, 1]"), 1e-15);
    assertEquals(0.22270013882530884, value("softmax(z, axis = 0)[0, 1]"), 1e-15);
    assertEquals(0.017986209962091555, value("softmax(z, axis = -2)[1, 2]"), 1e-15);
    assertEquals(-3.241311296657157, value("log_softmax(z, axis = 1)[0, 1]"), 1e-14);
    assertEquals(-5.068280705615766, value("log_softmax(z)[1, 2]"), 1e-14);
    assertEquals(0.501929081345373, value("logsumexp(z, axis = 0)[1]"), 1e-15);
    assertEquals(2.01814992791781, value("logsumexp(z, axis = 0, keepdim = true)[0, 2]"), 1e-15);
  }

  @Test
  void sumsAndMeansAlongAnAxisKeepTheirDimensionWhenAsked() {
    assertEquals(3.5, value("sum(z, axis = 0, keepdim = true)[0, 0]"));
    assertEquals(0.0, value("sum(z, axis = 0)[2]"));
    assertEquals(0.4166666666666667, value("mean(z, axis = 1)[1]"));
    assertEquals(0.4166666666666667, value("mean(z, axis = 1, keepdim = true)[1, 0]"));
    assertEquals(1.5, value("sum(z[0], axis = 0)"));
  }

  @Test
  void argmaxIsTheFirstPositionRowMajorAlongAnAxisOrOverAll() {
    // torch: z.argmax(1) = [2, 0], z.argmax(0) = [1, 1, 0], z.argmax() = 3.
    assertEquals(2.0, value("argmax(z, axis = 1)[0]"));
    assertEquals(0.0, value("argmax(z, axis = 1)[1]"));
    assertEquals(1.0, value("argmax(z, axis = 0)[1]"));
    assertEquals(0.0, value("argmax(z, axis = 0, keepdim = true)[0, 2]"));
    assertEquals(3.0, value("argmax(z)"));
    assertEquals(1.0, run("argmax(v)", null, "param v[4] = [1, 5, 5, 0]"));
  }

  @Test
  void maxAndMinSplitTheGradientEvenlyBetweenTiesAlongAnAxisAndOverAll() {
    // torch: (m.amax(1)·[1, 10]).sum() + (m.amin(0, keepdim=True)·[[1, 10, 100]]).sum() + m.amax()
    double[] gradient = new double[6];
    double loss = run("sum(max(m, axis = 1) * [1, 10]) + sum(min(m, axis = 0, keepdim = true) * [[1, 10, 100]]) + max(m)",
        gradient, "param m[2,3] = [[1, 3, 3], [2, 2, -1]]");
    assertEquals(-53.0, loss);
    assertArrayEquals(new double[] {1, 1, 1, 5, 15, 100}, gradient);
    double[] three = new double[3];
    run("min(v) * 3", three, "param v[3] = [2, 2, 2]");
    assertArrayEquals(new double[] {1, 1, 1}, three, 1e-15);
  }

  @Test
  void theTwoArgumentMaxStaysElementwise() {
    assertEquals(6.5, run("sum(max(v, 1.5))", null, "param v[3] = [1, 2, 3]"));
  }
}

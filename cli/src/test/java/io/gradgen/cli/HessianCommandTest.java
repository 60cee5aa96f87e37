package io.gradgen.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gradgen.runtime.LayoutBuilder;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.Precision;
import io.gradgen.runtime.train.Objective;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The Hessian's assembly from HVPs, its names and its table, against a hand-written objective whose
 * Hessian is known: the command itself on generated kernels is in {@code CommandsTest}.
 */
class HessianCommandTest {

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

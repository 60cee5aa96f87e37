package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link Newton}: its CG solve against exact solutions and against PyTorch's Newton steps on
 * logistic regression ({@code samples/pytorch/newton_figures.py}: the autograd Hessian and {@code
 * torch.linalg.solve}; CG agrees with a direct solve to rounding, so to 1e-12 here, not to the bit).
 */
class NewtonTest {

  /** {@code f = ½xᵀAx − bᵀx}: gradient {@code Ax − b}, Hessian {@code A}, for a symmetric A given by rows. */
  static final class Quadratic implements Closure {
    final double[][] a;
    final double[] b;
    int products;

    Quadratic(double[][] a, double[] b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public double evaluate(double[] x, double[] g) {
      double f = 0;
      for (int i = 0; i < b.length; i++) {
        double ax = 0;
        for (int j = 0; j < b.length; j++) {
          ax += a[i][j] * x[j];
        }
        g[i] = ax - b[i];
        f += 0.5 * x[i] * ax - b[i] * x[i];
      }
      return f;
    }

    @Override
    public void hessianVector(double[] v, double[] hv) {
      products++;
      for (int i = 0; i < b.length; i++) {
        double sum = 0;
        for (int j = 0; j < b.length; j++) {
          sum += a[i][j] * v[j];
        }
        hv[i] = sum;
      }
    }
  }

  /** PyTorch's logistic regression: mean BCE with logits of {@code X·w + b} over six rows. */
  static final class Logistic implements Closure {
    static final double[][] X = {{0.5, 1.0}, {1.5, -0.5}, {-1.0, 0.3}, {2.0, 1.0}, {-0.5, -1.5}, {0.2, 0.8}};
    static final double[] Y = {1, 1, 0, 1, 0, 0};
    private final double[] at = new double[3];

    private static double z(double[] theta, int row) {
      return X[row][0] * theta[0] + X[row][1] * theta[1] + theta[2];
    }

    @Override
    public double evaluate(double[] theta, double[] g) {
      System.arraycopy(theta, 0, at, 0, 3);
      java.util.Arrays.fill(g, 0);
      double f = 0;
      for (int row = 0; row < Y.length; row++) {
        double z = z(theta, row);
        f += Math.max(z, 0) - z * Y[row] + Math.log1p(Math.exp(-Math.abs(z)));
        double r = 1 / (1 + Math.exp(-z)) - Y[row];
        g[0] += r * X[row][0] / Y.length;
        g[1] += r * X[row][1] / Y.length;
        g[2] += r / Y.length;
      }
      return f / Y.length;
    }

    @Override
    public void hessianVector(double[] v, double[] hv) {
      java.util.Arrays.fill(hv, 0);
      for (int row = 0; row < Y.length; row++) {
        double s = 1 / (1 + Math.exp(-z(at, row)));
        double xv = X[row][0] * v[0] + X[row][1] * v[1] + v[2];
        double w = s * (1 - s) * xv / Y.length;
        hv[0] += w * X[row][0];
        hv[1] += w * X[row][1];
        hv[2] += w;
      }
    }
  }

  private static double[] step(Newton newton, Closure closure, double[] x, double lr) {
    double[] next = new double[x.length];
    newton.step(x, closure, lr, next);
    return next;
  }

  @Test
  void aPositiveDefiniteQuadraticIsMinimisedInOneStep() {
    double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
    double[] b = {1, 2, 3};
    Quadratic quadratic = new Quadratic(a, b);
    Newton newton = new Newton(0, 3);
    double[] x = step(newton, quadratic, new double[] {5, -5, 5}, 1);
    double[] g = new double[3];
    quadratic.evaluate(x, g);
    assertArrayEquals(new double[3], g, 1e-12);
    assertEquals(3, quadratic.products, "at most as many CG iterations as values");
    assertEquals(1, newton.state().step());
  }

  @Test
  void theLearningRateScalesTheNewtonStep() {
    Quadratic quadratic = new Quadratic(new double[][] {{2, 0}, {0, 8}}, new double[] {2, 8});
    double[] x = step(new Newton(0, 2), quadratic, new double[] {0, 0}, 0.5);
    assertArrayEquals(new double[] {0.5, 0.5}, x, 1e-15); // half way to the minimum (1, 1)
  }

  @Test
  void dampingSolvesTheShiftedSystem() {
    // (diag(2, 8) + 2·I)·d = g = (−2, −8) at 0: d = (−0.5, −0.8)
    Quadratic quadratic = new Quadratic(new double[][] {{2, 0}, {0, 8}}, new double[] {2, 8});
    double[] x = step(new Newton(2, 2), quadratic, new double[] {0, 0}, 1);
    assertArrayEquals(new double[] {0.5, 0.8}, x, 1e-15);
  }

  @Test
  void negativeCurvatureAlongTheGradientFirstIsASteepestDescentStep() {
    // H = diag(1, −1) at x = (0, 1): g = (0, −1)·… = H·x − b with b = 0: g = (0, −1), gᵀHg = −1
    Quadratic saddle = new Quadratic(new double[][] {{1, 0}, {0, -1}}, new double[] {0, 0});
    double[] x = step(new Newton(0, 2), saddle, new double[] {0, 1}, 0.25);
    assertArrayEquals(new double[] {0, 1.25}, x, 0); // x − lr·g: away from the saddle
    assertEquals(1, saddle.products);
  }

  @Test
  void negativeCurvatureLaterKeepsWhatCgHasSoFar() {
    // H = diag(2, −1), x = (1, 1): g = (2, −1); first direction g: gᵀHg = 8 − 1 = 7 > 0, α = 5/7,
    // d = (10/7, −5/7); the next direction has negative curvature: the step is d.
    Quadratic saddle = new Quadratic(new double[][] {{2, 0}, {0, -1}}, new double[] {0, 0});
    double[] x = step(new Newton(0, 2), saddle, new double[] {1, 1}, 1);
    assertArrayEquals(new double[] {1 - 10.0 / 7, 1 + 5.0 / 7}, x, 1e-15);
    assertEquals(2, saddle.products);
  }

  @Test
  void aZeroGradientTakesNoStep() {
    Quadratic quadratic = new Quadratic(new double[][] {{1, 0}, {0, 1}}, new double[] {1, 1});
    Quadratic counted = quadratic;
    double[] x = step(new Newton(0, 2), counted, new double[] {1, 1}, 1);
    assertArrayEquals(new double[] {1, 1}, x, 0);
    assertEquals(0, counted.products);
  }

  @Test
  void logisticRegressionStepsAreTorchsNewtonSteps() {
    // samples/pytorch/newton_figures.py: damping, step, loss, w0 w1 b
    double[][] torch = {
        {0.0, 1, 0.6931471805599453, 1.5621549264669428, 0.17631708229482643, -0.7352945153308426},
        {0.0, 2, 0.2797909765206294, 2.6479182527875023, 0.3358329477179658, -1.203380372071725},
        {0.5, 1, 0.6931471805599453, 0.5294106444254508, 0.1537014386390135, -0.08880446235842401},
        {0.5, 2, 0.48451114567162307, 0.8920967668815339, 0.2366487026942535, -0.19340396107650698}};
    for (double damping : new double[] {0.0, 0.5}) {
      Newton newton = new Newton(damping, 3);
      double[] theta = new double[3];
      for (double[] expected : torch) {
        if (expected[0] != damping) {
          continue;
        }
        Logistic logistic = new Logistic();
        double loss = logistic.evaluate(theta, new double[3]);
        assertEquals(expected[2], loss, 1e-15, "loss before step " + expected[1]);
        theta = step(newton, logistic, theta, 1);
        assertArrayEquals(new double[] {expected[3], expected[4], expected[5]}, theta, 1e-12,
            "damping " + damping + " step " + expected[1]);
      }
    }
  }

  @Test
  void itsStateIsTheStepCountAloneAndRewindsWithTheMarks() {
    Newton newton = new Newton(0, 2);
    Quadratic quadratic = new Quadratic(new double[][] {{2, 0}, {0, 8}}, new double[] {2, 8});
    newton.mark();
    step(newton, quadratic, new double[] {0, 0}, 1);
    newton.mark();
    step(newton, quadratic, new double[] {0, 0}, 1);
    assertEquals(2, newton.state().step());
    newton.rewind();
    assertEquals(1, newton.state().step());
    newton.rewindEarlier();
    assertEquals(0, newton.state().step());
    Newton resumed = new Newton(0, 2);
    resumed.restore(new OptimizerState("newton", 7, java.util.Map.of()));
    assertEquals(7, resumed.state().step());
  }
}

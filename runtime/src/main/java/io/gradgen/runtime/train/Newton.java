package io.gradgen.runtime.train;

import java.util.Map;

/**
 * Newton's method, {@code newton(lr, damping)}: each step solves {@code (H + damping·I)·d = g} for
 * the batch's gradient {@code g} and Hessian {@code H} by conjugate gradients on Hessian-vector
 * products, then takes {@code θ ← θ − lr·d}. As Newton-CG (Nocedal and Wright, Algorithm 7.1;
 * scipy's {@code newton-cg}) it never forms {@code H}:
 *
 * <pre>
 * d = 0, r = g, p = g
 * up to as many iterations as parameter values:
 *     Ap = H·p + damping·p;  pAp = p·Ap
 *     pAp ≤ 0: stop (non-positive curvature); on the first iteration d = g, steepest descent
 *     α = r·r / pAp;  d ← d + α·p;  r ← r − α·Ap
 *     stop when |r| ≤ 1e-10·|g|
 *     β = r·r (new) / r·r (old);  p ← r + β·p
 * </pre>
 *
 * So a quadratic loss with positive definite {@code H} is minimised in one step at {@code lr = 1}
 * (up to rounding, CG ends within as many iterations as values); where {@code H} is indefinite the
 * step stops at the first direction of negative curvature, keeping what CG has so far (a descent
 * direction), or is a gradient step when that is the first. A zero gradient takes no step. The
 * closure's gradient is clipped where the run clips; the curvature is not.
 *
 * <p>Stateless apart from the step count kept for checkpoints ({@code newton}, no buffers).
 */
final class Newton extends ClosureSteps {
  /** CG's stopping test: the residual's norm relative to the gradient's. */
  static final double RELATIVE_RESIDUAL = 1e-10;

  private final double damping;
  private final double[] g;
  private final double[] d;
  private final double[] r;
  private final double[] p;
  private final double[] hp;
  private long step;
  private long markedStep;
  private long earlierStep;

  Newton(double damping, int size) {
    this.damping = damping;
    this.g = new double[size];
    this.d = new double[size];
    this.r = new double[size];
    this.p = new double[size];
    this.hp = new double[size];
  }

  /** CG iterations of the last step (each one Hessian-vector product), for tests. */
  int lastIterations;

  @Override
  void step(double[] params, Closure closure, double lr, double[] into) {
    closure.evaluate(params, g);
    solve(closure);
    for (int i = 0; i < params.length; i++) {
      into[i] = params[i] - lr * d[i];
    }
    step++;
  }

  /** {@code d} from {@code (H + damping·I)·d = g} by CG, as the class comment says. */
  private void solve(Closure closure) {
    int n = g.length;
    java.util.Arrays.fill(d, 0);
    System.arraycopy(g, 0, r, 0, n);
    System.arraycopy(g, 0, p, 0, n);
    double rr = dot(r, r);
    double limit = RELATIVE_RESIDUAL * Math.sqrt(rr);
    lastIterations = 0;
    if (rr == 0) {
      return; // a stationary point: no step
    }
    for (int k = 0; k < n; k++) {
      closure.hessianVector(p, hp);
      lastIterations++;
      if (damping != 0) {
        for (int i = 0; i < n; i++) {
          hp[i] += damping * p[i];
        }
      }
      double pAp = dot(p, hp);
      if (pAp <= 0) {
        if (k == 0) {
          System.arraycopy(g, 0, d, 0, n); // steepest descent
        }
        return;
      }
      double alpha = rr / pAp;
      for (int i = 0; i < n; i++) {
        d[i] += alpha * p[i];
        r[i] -= alpha * hp[i];
      }
      double rrNext = dot(r, r);
      if (Math.sqrt(rrNext) <= limit) {
        return;
      }
      double beta = rrNext / rr;
      for (int i = 0; i < n; i++) {
        p[i] = r[i] + beta * p[i];
      }
      rr = rrNext;
    }
  }

  @Override
  public void mark() {
    earlierStep = markedStep;
    markedStep = step;
  }

  @Override
  public void rewind() {
    step = markedStep;
  }

  @Override
  public void rewindEarlier() {
    step = earlierStep;
  }

  @Override
  public OptimizerState state() {
    return new OptimizerState("newton", step, Map.of());
  }

  @Override
  public void restore(OptimizerState state) {
    Optimizer.checkKind(state, "newton");
    step = state.step();
  }
}

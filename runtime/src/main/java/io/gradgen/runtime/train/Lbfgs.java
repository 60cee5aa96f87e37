package io.gradgen.runtime.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.LBFGS(lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size,
 * line_search_fn)}, its {@code step(closure)} statement for statement (torch 1.13's {@code
 * torch/optim/lbfgs.py}):
 *
 * <pre>
 * evaluate f, g; stop if max|g| ≤ tolerance_grad
 * up to max_iter iterations:
 *     the very first one ever: d = −g, no history, H_diag = 1
 *     else: y = g − g_prev, s = t·d; keep (y, s, 1/(y·s)) if y·s &gt; 1e-10 (dropping the oldest
 *           beyond history), H_diag = y·s / y·y; d = −H·g by the two-loop recursion
 *     t = min(1, 1/Σ|g|)·lr on the very first iteration, else lr
 *     stop if g·d &gt; −tolerance_change
 *     strong_wolfe: t, f, g from {@link StrongWolfe}; else x += t·d and f, g evaluated again
 *                   (but not on the last iteration)
 *     stop after max_iter, at max_eval evaluations, at max|g| ≤ tolerance_grad,
 *     at max|t·d| ≤ tolerance_change, at |f − f_prev| &lt; tolerance_change
 * </pre>
 *
 * The state (history, d, t, the last gradient and loss, the counters) carries over from one step
 * to the next, as torch's does, and into checkpoints ({@link #state()}).
 *
 * <p>Arithmetic: everything in double, elementwise operations as torch's CPU kernels do them
 * ({@code q.add_(y, alpha = −a)} is a fused multiply-add on AVX2, so {@link Math#fma} here), dot
 * products as fused multiply-adds in index order and sums in index order, as torch computes them
 * for a few values. torch hands a dot product of more than about 8 values to BLAS and sums long
 * vectors in blocks, so there the last bits can differ: for a handful of parameters (the figures
 * in LbfgsTest) they agree to the bit. An f32 model's torch counterpart computes in float;
 * this one keeps double and rounds only the parameters the objective uses.
 */
final class Lbfgs extends ClosureSteps {
  /** torch's threshold for keeping a curvature pair. */
  static final double CURVATURE = 1e-10;

  private final OptimizerSpec.Curvature options;
  private final int size;
  /** torch's {@code state['n_iter']} and {@code state['func_evals']}, over every step. */
  private long nIter;
  private long funcEvals;
  private double[] d;
  private double t;
  private final List<double[]> oldDirs = new ArrayList<>();
  private final List<double[]> oldStps = new ArrayList<>();
  private final List<Double> ro = new ArrayList<>();
  private double hDiag = 1;
  private double[] prevFlatGrad;
  private double prevLoss;
  private final double[] al;
  private OptimizerState marked;
  private OptimizerState earlierMarked;

  Lbfgs(OptimizerSpec.Curvature options, int size) {
    this.options = options;
    this.size = size;
    this.al = new double[options.history()];
  }

  /** Evaluations of the closure so far, torch's {@code state['func_evals']}. */
  long functionEvaluations() {
    return funcEvals;
  }

  @Override
  void step(double[] params, Closure closure, double lr, double[] into) {
    double[] x = into;
    System.arraycopy(params, 0, x, 0, size);
    double[] flatGrad = new double[size];
    double loss = closure.evaluate(x, flatGrad);
    int currentEvals = 1;
    funcEvals++;
    boolean optCond = maxAbs(flatGrad) <= options.toleranceGrad();
    if (optCond) {
      return;
    }
    int n = 0;
    while (n < options.maxIter()) {
      n++;
      nIter++;
      // the descent direction
      if (nIter == 1) {
        d = negated(flatGrad);
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
        hDiag = 1;
      } else {
        direction(flatGrad);
      }
      if (prevFlatGrad == null) {
        prevFlatGrad = flatGrad.clone();
      } else {
        System.arraycopy(flatGrad, 0, prevFlatGrad, 0, size);
      }
      prevLoss = loss;
      // the step length: the first ever is scaled down to a step of at most lr in L1
      if (nIter == 1) {
        double inverse = 1. / absSum(flatGrad);
        t = (inverse < 1. ? inverse : 1.) * lr; // Python's min(1., x): 1 unless x < 1
      } else {
        t = lr;
      }
      double gtd = dot(flatGrad, d);
      if (gtd > -options.toleranceChange()) {
        break; // the directional derivative is below tolerance
      }
      int lsFuncEvals = 0;
      if (options.strongWolfe()) {
        StrongWolfe.Result found = StrongWolfe.search(closure, x, t, d, loss, flatGrad, gtd);
        loss = found.f();
        flatGrad = found.g();
        t = found.t();
        lsFuncEvals = found.evaluations();
        addScaled(x, t, d);
        optCond = maxAbs(flatGrad) <= options.toleranceGrad();
      } else {
        addScaled(x, t, d);
        if (n != options.maxIter()) {
          // not on the last iteration: the next step evaluates there anyway
          flatGrad = new double[size];
          loss = closure.evaluate(x, flatGrad);
          optCond = maxAbs(flatGrad) <= options.toleranceGrad();
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      funcEvals += lsFuncEvals;
      if (n == options.maxIter() || currentEvals >= options.maxEval() || optCond) {
        break;
      }
      if (maxAbsScaled(d, t) <= options.toleranceChange() || Math.abs(loss - prevLoss) < options.toleranceChange()) {
        break; // lack of progress
      }
    }
  }

  /** The L-BFGS update of the history, then {@code d = −H·g} by the two-loop recursion. */
  private void direction(double[] flatGrad) {
    double[] y = new double[size];
    double[] s = new double[size];
    for (int i = 0; i < size; i++) {
      y[i] = flatGrad[i] - prevFlatGrad[i];
      s[i] = d[i] * t;
    }
    double ys = dot(y, s);
    if (ys > CURVATURE) {
      if (oldDirs.size() == options.history()) {
        oldDirs.remove(0);
        oldStps.remove(0);
        ro.remove(0);
      }
      oldDirs.add(y);
      oldStps.add(s);
      ro.add(1. / ys);
      hDiag = ys / dot(y, y);
    }
    int numOld = oldDirs.size();
    double[] q = negated(flatGrad);
    for (int i = numOld - 1; i >= 0; i--) {
      al[i] = dot(oldStps.get(i), q) * ro.get(i);
      addScaled(q, -al[i], oldDirs.get(i));
    }
    double[] r = new double[size];
    for (int i = 0; i < size; i++) {
      r[i] = q[i] * hDiag;
    }
    for (int i = 0; i < numOld; i++) {
      double be = dot(oldDirs.get(i), r) * ro.get(i);
      addScaled(r, al[i] - be, oldStps.get(i));
    }
    d = r;
  }

  /** torch's {@code a.add_(b, alpha = scale)} on AVX2: {@code fma(scale, b, a)} per value. */
  private static void addScaled(double[] a, double scale, double[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.fma(scale, b[i], a[i]);
    }
  }

  private static double[] negated(double[] values) {
    double[] negated = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      negated[i] = -values[i];
    }
    return negated;
  }

  private static double absSum(double[] values) {
    double sum = 0;
    for (double value : values) {
      sum += Math.abs(value);
    }
    return sum;
  }

  /** torch's {@code d.mul(t).abs().max()}. */
  private static double maxAbsScaled(double[] d, double t) {
    double max = 0;
    for (double value : d) {
      double a = Math.abs(value * t);
      if (Double.isNaN(a)) {
        return a;
      }
      max = Math.max(max, a);
    }
    return max;
  }

  // A rewind after a divergence goes back to a whole saved state: an L-BFGS step evaluates the
  // batch at least once, beside which copying the history once an epoch is small.

  @Override
  public void mark() {
    earlierMarked = marked;
    marked = state();
  }

  @Override
  public void rewind() {
    restore(marked);
  }

  @Override
  public void rewindEarlier() {
    restore(earlierMarked != null ? earlierMarked : marked);
  }

  @Override
  public OptimizerState state() {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    Map<String, Double> values = new LinkedHashMap<>();
    values.put("func_evals", (double) funcEvals);
    if (d != null) {
      buffers.put("d", d);
      buffers.put("prev_flat_grad", prevFlatGrad);
      for (int i = 0; i < oldDirs.size(); i++) {
        buffers.put("old_dirs." + i, oldDirs.get(i));
        buffers.put("old_stps." + i, oldStps.get(i));
        values.put("ro." + i, ro.get(i));
      }
      values.put("t", t);
      values.put("H_diag", hDiag);
      values.put("prev_loss", prevLoss);
    }
    return new OptimizerState("lbfgs", nIter, buffers, values);
  }

  @Override
  public void restore(OptimizerState state) {
    Optimizer.checkKind(state, "lbfgs");
    Double evaluations = state.values().get("func_evals");
    if (evaluations == null || !(evaluations >= 0) || evaluations != Math.rint(evaluations)) {
      throw new IllegalArgumentException("the saved lbfgs state needs func_evals, a count");
    }
    oldDirs.clear();
    oldStps.clear();
    ro.clear();
    nIter = state.step();
    funcEvals = evaluations.longValue();
    if (!state.buffers().containsKey("d")) {
      if (nIter != 0) {
        throw new IllegalArgumentException("the saved lbfgs state has taken iterations but has no d");
      }
      d = null;
      prevFlatGrad = null;
      t = 0;
      hDiag = 1;
      prevLoss = 0;
      return;
    }
    d = restored(state, "d");
    prevFlatGrad = restored(state, "prev_flat_grad");
    for (int i = 0; state.buffers().containsKey("old_dirs." + i); i++) {
      if (i == options.history()) {
        throw new IllegalArgumentException("the saved lbfgs state keeps more than history = " + options.history()
            + " curvature pairs");
      }
      oldDirs.add(restored(state, "old_dirs." + i));
      oldStps.add(restored(state, "old_stps." + i));
      ro.add(value(state, "ro." + i));
    }
    t = value(state, "t");
    hDiag = value(state, "H_diag");
    prevLoss = value(state, "prev_loss");
  }

  private double[] restored(OptimizerState state, String name) {
    double[] buffer = new double[size];
    Optimizer.restoreBuffer(state, name, buffer);
    return buffer;
  }

  private static double value(OptimizerState state, String name) {
    Double value = state.values().get(name);
    if (value == null) {
      throw new IllegalArgumentException("the saved lbfgs state needs " + name);
    }
    return value;
  }
}

package io.gradgen.runtime.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.optim.Adam(lr, betas = (β1, β2), eps, weight_decay, amsgrad, maximize)}, in the
 * single-tensor implementation's order:
 *
 * <pre>
 * t ← t + 1
 * g ← −g                 with maximize
 * g ← g + wd·p           where weight_decay ≠ 0
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g·g
 * u ← max(u, v)          with amsgrad (u starts at 0), else u is v
 * p ← p − (lr / (1 − β1^t))·m / (sqrt(u) / sqrt(1 − β2^t) + eps)
 * </pre>
 *
 * The first step moves every parameter by about {@code lr} against the sign of its gradient: m =
 * 0.1·g, v = 0.001·g², so the step is {@code lr·g / (|g| + eps)}. See {@link Sgd} for the
 * conventions shared by all optimizers.
 */
final class Adam extends CountedSteps {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean maximize;
  private final double[] m;
  private final double[] v;
  /** amsgrad's {@code max_exp_avg_sq}, null without it. */
  private final double[] vMax;

  Adam(double beta1, double beta2, double eps, int size) {
    this(beta1, beta2, eps, 0, false, false, size);
  }

  Adam(double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean maximize, int size) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.maximize = maximize;
    this.m = new double[size];
    this.v = new double[size];
    this.vMax = amsgrad ? new double[size] : null;
    if (amsgrad) {
      track(m, v, vMax);
    } else {
      track(m, v);
    }
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    step++;
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    double stepSize = lr / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    for (int i = 0; i < params.length; i++) {
      double g = Optimizer.decayed(gradient[i], params[i], weightDecay, maximize);
      m[i] = m[i] * beta1 + (1 - beta1) * g;
      v[i] = v[i] * beta2 + (1 - beta2) * g * g;
      double second = v[i];
      if (vMax != null) {
        vMax[i] = Math.max(vMax[i], v[i]); // torch.maximum: NaN wins, as in Math.max
        second = vMax[i];
      }
      double denominator = Math.sqrt(second) / biasCorrection2Sqrt + eps;
      into[i] = params[i] - stepSize * m[i] / denominator;
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, m, v, vMax);
  }

  @Override
  public OptimizerState state() {
    return state("adam");
  }

  OptimizerState state(String kind) {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    buffers.put("exp_avg", m);
    buffers.put("exp_avg_sq", v);
    if (vMax != null) {
      buffers.put("max_exp_avg_sq", vMax);
    }
    return new OptimizerState(kind, step, buffers);
  }

  @Override
  public void restore(OptimizerState state) {
    restore(state, "adam");
  }

  void restore(OptimizerState state, String kind) {
    Optimizer.checkKind(state, kind);
    step = state.step();
    Optimizer.restoreBuffer(state, "exp_avg", m);
    Optimizer.restoreBuffer(state, "exp_avg_sq", v);
    if (vMax != null) {
      Optimizer.restoreBuffer(state, "max_exp_avg_sq", vMax);
    }
  }
}

package io.gradgen.runtime.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.optim.Adam(lr, betas = (β1, β2), eps)}, in the single-tensor implementation's order:
 *
 * <pre>
 * t ← t + 1
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g·g
 * p ← p − (lr / (1 − β1^t))·m / (sqrt(v) / sqrt(1 − β2^t) + eps)
 * </pre>
 *
 * The first step moves every parameter by about {@code lr} against the sign of its gradient: m =
 * 0.1·g, v = 0.001·g², so the step is {@code lr·g / (|g| + eps)}. See {@link Sgd} for the
 * conventions shared by all optimizers.
 */
final class Adam implements Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double[] m;
  private final double[] v;
  private final Marks marks;
  private long step;

  Adam(double beta1, double beta2, double eps, int size) {
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = new double[size];
    this.v = new double[size];
    this.marks = new Marks(m, v);
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    step++;
    double biasCorrection1 = 1 - Math.pow(beta1, step);
    double biasCorrection2 = 1 - Math.pow(beta2, step);
    double stepSize = lr / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    for (int i = 0; i < params.length; i++) {
      double g = gradient[i];
      m[i] = m[i] * beta1 + (1 - beta1) * g;
      v[i] = v[i] * beta2 + (1 - beta2) * g * g;
      double denominator = Math.sqrt(v[i]) / biasCorrection2Sqrt + eps;
      into[i] = params[i] - stepSize * m[i] / denominator;
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, m, v);
  }

  @Override
  public void advance(long steps) {
    step += steps;
  }

  @Override
  public void mark() {
    marks.mark(step);
  }

  @Override
  public void rewind() {
    step = marks.rewind();
  }

  @Override
  public void rewindEarlier() {
    step = marks.rewindEarlier();
  }

  @Override
  public OptimizerState state() {
    return state("adam");
  }

  OptimizerState state(String kind) {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    buffers.put("exp_avg", m);
    buffers.put("exp_avg_sq", v);
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
  }
}

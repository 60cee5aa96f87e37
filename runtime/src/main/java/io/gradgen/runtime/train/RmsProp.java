package io.gradgen.runtime.train;

import java.util.Map;

/**
 * {@code torch.optim.RMSprop(lr, alpha = α, eps)} (not centered, no momentum):
 *
 * <pre>
 * v ← α·v + (1 − α)·g·g
 * p ← p − lr·g / (sqrt(v) + eps)
 * </pre>
 *
 * {@code v} starts at 0, so with {@code α = 0.99} the first step divides by {@code 0.1·|g|}: ten
 * times {@code lr} against the gradient's sign. See {@link Sgd} for the shared conventions.
 */
final class RmsProp implements Optimizer {
  private final double alpha;
  private final double eps;
  private final double[] v;
  private final Marks marks;
  private long step;

  RmsProp(double alpha, double eps, int size) {
    this.alpha = alpha;
    this.eps = eps;
    this.v = new double[size];
    this.marks = new Marks(v);
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    step++;
    for (int i = 0; i < params.length; i++) {
      double g = gradient[i];
      v[i] = v[i] * alpha + (1 - alpha) * g * g;
      into[i] = params[i] - lr * g / (Math.sqrt(v[i]) + eps);
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, v, null);
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
    return new OptimizerState("rmsprop", step, Map.of("square_avg", v));
  }

  @Override
  public void restore(OptimizerState state) {
    Optimizer.checkKind(state, "rmsprop");
    step = state.step();
    Optimizer.restoreBuffer(state, "square_avg", v);
  }
}

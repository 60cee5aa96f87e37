package io.gradgen.runtime.train;

/**
 * {@code torch.optim.AdamW(lr, betas, eps, weight_decay = decay, amsgrad, maximize)}: decoupled
 * weight decay, then the {@link Adam} step (with amsgrad and maximize, never an L2 term).
 *
 * <pre>
 * p ← p·(1 − lr·decay)
 * p ← adam(p, g)
 * </pre>
 *
 * With {@code lr = 0.1}, {@code decay = 0.01} a parameter at 1 first shrinks to 0.999, then takes
 * Adam's step. The decay does not enter {@code m} or {@code v}; that is what "decoupled" means.
 */
final class AdamW implements Optimizer {
  private final double decay;
  private final Adam adam;

  AdamW(double decay, Adam adam) {
    this.decay = decay;
    this.adam = adam;
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    double shrink = 1 - lr * decay;
    for (int i = 0; i < params.length; i++) {
      into[i] = params[i] * shrink;
    }
    adam.step(into, gradient, lr, into);
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return adam.epochStep(spec, lr, clip);
  }

  @Override
  public void advance(long steps) {
    adam.advance(steps);
  }

  @Override
  public void mark() {
    adam.mark();
  }

  @Override
  public void rewind() {
    adam.rewind();
  }

  @Override
  public void rewindEarlier() {
    adam.rewindEarlier();
  }

  @Override
  public OptimizerState state() {
    return adam.state("adamw");
  }

  @Override
  public void restore(OptimizerState state) {
    adam.restore(state, "adamw");
  }
}

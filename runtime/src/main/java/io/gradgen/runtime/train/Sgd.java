package io.gradgen.runtime.train;

import java.util.Map;

/**
 * Plain gradient descent, {@code torch.optim.SGD(lr)}: {@code p ← p − lr·g}. Stateless apart from
 * the step count kept for checkpoints.
 *
 * <p>With {@code lr = 0.1}, {@code p = 1} and gradients 1, −2, 0.5 the parameter goes 0.9, 1.1,
 * 1.05.
 *
 * <p>Like every optimizer here it evaluates its rule in PyTorch's operation order ({@code
 * param.add_(grad, alpha=-lr)} computes {@code p + (−lr)·g}), so that results agree to the bit
 * where the arithmetic allows.
 */
final class Sgd implements Optimizer {
  private long step;
  private final Marks marks = new Marks();

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    step++;
    for (int i = 0; i < params.length; i++) {
      into[i] = params[i] + -lr * gradient[i];
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, null, null);
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
    return new OptimizerState("sgd", step, Map.of());
  }

  @Override
  public void restore(OptimizerState state) {
    Optimizer.checkKind(state, "sgd");
    step = state.step();
  }
}

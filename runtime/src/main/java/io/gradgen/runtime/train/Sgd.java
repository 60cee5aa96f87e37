package io.gradgen.runtime.train;

import java.util.Map;

/**
 * Plain gradient descent, {@code torch.optim.SGD(lr, weight_decay, maximize)} without momentum:
 *
 * <pre>
 * g ← −g               with maximize
 * g ← g + wd·p         where weight_decay ≠ 0
 * p ← p − lr·g
 * </pre>
 *
 * Stateless apart from the step count kept for checkpoints.
 *
 * <p>With {@code lr = 0.1}, {@code p = 1} and gradients 1, −2, 0.5 the parameter goes 0.9, 1.1,
 * 1.05.
 *
 * <p>Like every optimizer here it evaluates its rule in PyTorch's operation order ({@code
 * param.add_(grad, alpha=-lr)} computes {@code p + (−lr)·g}), so that results agree to the bit
 * where the arithmetic allows.
 */
final class Sgd extends CountedSteps {
  private final double weightDecay;
  private final boolean maximize;

  Sgd() {
    this(0, false);
  }

  Sgd(double weightDecay, boolean maximize) {
    this.weightDecay = weightDecay;
    this.maximize = maximize;
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    step++;
    for (int i = 0; i < params.length; i++) {
      double g = Optimizer.decayed(gradient[i], params[i], weightDecay, maximize);
      into[i] = params[i] + -lr * g;
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, null, null);
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

package io.gradgen.runtime.train;

import java.util.Map;

/**
 * {@code torch.optim.SGD(lr, momentum = β, dampening, nesterov, weight_decay, maximize)}:
 *
 * <pre>
 * g ← −g                with maximize
 * g ← g + wd·p          where weight_decay ≠ 0
 * b ← g                 on the first step
 * b ← β·b + (1 − dampening)·g   afterwards
 * d ← g + β·b           with nesterov, else d ← b
 * p ← p − lr·d
 * </pre>
 *
 * With {@code β = 0.9}, {@code lr = 0.1}, {@code p = 1} and gradients 1, −2: b = 1, p = 0.9; then
 * b = −1.1, p = 1.01. See {@link Sgd} for the conventions shared by all optimizers.
 */
final class Momentum extends CountedSteps {
  private final double beta;
  private final boolean nesterov;
  private final double dampening;
  private final double weightDecay;
  private final boolean maximize;
  private final double[] buffer;

  Momentum(double beta, boolean nesterov, int size) {
    this(beta, nesterov, 0, 0, false, size);
  }

  Momentum(double beta, boolean nesterov, double dampening, double weightDecay, boolean maximize, int size) {
    this.beta = beta;
    this.nesterov = nesterov;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.maximize = maximize;
    this.buffer = new double[size];
    track(buffer);
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    boolean first = step == 0;
    step++;
    for (int i = 0; i < params.length; i++) {
      double g = Optimizer.decayed(gradient[i], params[i], weightDecay, maximize);
      // (1 − 0)·g is g exactly, so dampening 0 is torch's add_(g, alpha = 1) to the bit.
      double b = first ? g : buffer[i] * beta + (1 - dampening) * g;
      buffer[i] = b;
      double d = nesterov ? g + beta * b : b;
      into[i] = params[i] + -lr * d;
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, buffer, null);
  }

  @Override
  public OptimizerState state() {
    return new OptimizerState(
        "momentum", step, step == 0 ? Map.of() : Map.of("momentum_buffer", buffer));
  }

  @Override
  public void restore(OptimizerState state) {
    Optimizer.checkKind(state, "momentum");
    step = state.step();
    if (step > 0) {
      Optimizer.restoreBuffer(state, "momentum_buffer", buffer);
    }
  }
}

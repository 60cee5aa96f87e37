package io.gradgen.runtime.train;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code torch.optim.Adagrad(lr, lr_decay, weight_decay, initial_accumulator_value = s0, eps,
 * maximize)}, in the single-tensor implementation's order:
 *
 * <pre>
 * t ← t + 1
 * g ← −g                 with maximize
 * g ← g + wd·p           where weight_decay ≠ 0
 * clr ← lr / (1 + (t − 1)·lr_decay)
 * s ← s + 1·g·g          (s starts at s0)
 * p ← p − clr·g / (sqrt(s) + eps)
 * </pre>
 *
 * With {@code lr = 0.1}, {@code s0 = 0}, {@code p = 1} and gradients 1, −2: s = 1, p = 0.9; then s =
 * 5, p = 0.9 + 0.2/√5. See {@link Sgd} for the conventions shared by all optimizers.
 */
final class Adagrad extends CountedSteps {
  private final double lrDecay;
  private final double weightDecay;
  private final double eps;
  private final boolean maximize;
  private final double[] sum;

  Adagrad(double lrDecay, double weightDecay, double eps, double initialAccumulator, boolean maximize, int size) {
    this.lrDecay = lrDecay;
    this.weightDecay = weightDecay;
    this.eps = eps;
    this.maximize = maximize;
    this.sum = new double[size];
    Arrays.fill(sum, initialAccumulator);
    track(sum);
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    step++;
    double clr = lr / (1 + (step - 1) * lrDecay);
    for (int i = 0; i < params.length; i++) {
      double g = Optimizer.decayed(gradient[i], params[i], weightDecay, maximize);
      sum[i] = sum[i] + 1 * g * g;
      into[i] = params[i] + -clr * g / (Math.sqrt(sum[i]) + eps);
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, sum, null);
  }

  @Override
  public OptimizerState state() {
    return new OptimizerState("adagrad", step, Map.of("sum", sum));
  }

  @Override
  public void restore(OptimizerState state) {
    Optimizer.checkKind(state, "adagrad");
    step = state.step();
    Optimizer.restoreBuffer(state, "sum", sum);
  }
}

package io.gradgen.runtime.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code torch.optim.RMSprop(lr, alpha = α, eps, weight_decay, momentum = μ, centered, maximize)},
 * in the single-tensor implementation's order:
 *
 * <pre>
 * g ← −g                      with maximize
 * g ← g + wd·p                where weight_decay ≠ 0
 * v ← α·v + (1 − α)·g·g
 * a ← α·a + (1 − α)·g;  s ← sqrt(v − a·a) + eps     centered (a starts at 0)
 * s ← sqrt(v) + eps                                  otherwise
 * b ← μ·b + g / s;  p ← p − lr·b                     where μ &gt; 0 (b starts at 0)
 * p ← p − lr·g / s                                   otherwise
 * </pre>
 *
 * {@code v} starts at 0, so with {@code α = 0.99} the first step divides by {@code 0.1·|g|}: ten
 * times {@code lr} against the gradient's sign. See {@link Sgd} for the shared conventions.
 */
final class RmsProp extends CountedSteps {
  private final double alpha;
  private final double eps;
  private final double weightDecay;
  private final double momentum;
  private final boolean maximize;
  private final double[] v;
  /** {@code momentum_buffer}, null without momentum. */
  private final double[] buffer;
  /** {@code grad_avg}, null unless centered. */
  private final double[] average;

  RmsProp(double alpha, double eps, int size) {
    this(alpha, eps, 0, 0, false, false, size);
  }

  RmsProp(double alpha, double eps, double weightDecay, double momentum, boolean centered, boolean maximize,
      int size) {
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.maximize = maximize;
    this.v = new double[size];
    this.buffer = momentum > 0 ? new double[size] : null;
    this.average = centered ? new double[size] : null;
    track(java.util.stream.Stream.of(v, buffer, average).filter(java.util.Objects::nonNull)
        .toArray(double[][]::new));
  }

  @Override
  public void step(double[] params, double[] gradient, double lr, double[] into) {
    step++;
    for (int i = 0; i < params.length; i++) {
      double g = Optimizer.decayed(gradient[i], params[i], weightDecay, maximize);
      v[i] = v[i] * alpha + (1 - alpha) * g * g;
      double s;
      if (average != null) {
        average[i] = average[i] * alpha + (1 - alpha) * g;
        // square_avg.addcmul(grad_avg, grad_avg, value = -1): v + (−1·a)·a, which is v − a·a exactly
        s = Math.sqrt(v[i] - average[i] * average[i]) + eps;
      } else {
        s = Math.sqrt(v[i]) + eps;
      }
      if (buffer != null) {
        buffer[i] = buffer[i] * momentum + g / s;
        into[i] = params[i] + -lr * buffer[i];
      } else {
        into[i] = params[i] - lr * g / s;
      }
    }
  }

  @Override
  public EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    return new EpochStep(spec, lr, clip, step, v, buffer, average);
  }

  @Override
  public OptimizerState state() {
    Map<String, double[]> buffers = new LinkedHashMap<>();
    buffers.put("square_avg", v);
    if (buffer != null) {
      buffers.put("momentum_buffer", buffer);
    }
    if (average != null) {
      buffers.put("grad_avg", average);
    }
    return new OptimizerState("rmsprop", step, buffers);
  }

  @Override
  public void restore(OptimizerState state) {
    Optimizer.checkKind(state, "rmsprop");
    step = state.step();
    Optimizer.restoreBuffer(state, "square_avg", v);
    if (buffer != null) {
      Optimizer.restoreBuffer(state, "momentum_buffer", buffer);
    }
    if (average != null) {
      Optimizer.restoreBuffer(state, "grad_avg", average);
    }
  }
}

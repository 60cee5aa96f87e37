package io.gradgen.runtime.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer remembers between steps, for checkpoints: its kind ({@code adam}), how many
 * steps it has taken, and its per-parameter buffers in the flat parameter layout, named as in
 * {@code torch.optim}'s {@code state_dict}:
 *
 * <pre>
 * sgd        no buffers
 * momentum   momentum_buffer       (absent before the first step)
 * adam(w)    exp_avg, exp_avg_sq, max_exp_avg_sq (with amsgrad)
 * rmsprop    square_avg, momentum_buffer (with momentum), grad_avg (centered)
 * adagrad    sum                   (its step count is lr_decay's t)
 * lbfgs      d, prev_flat_grad, old_dirs.I, old_stps.I (I = 0 … history kept − 1, oldest first);
 *            values t, H_diag, prev_loss, func_evals, ro.I; step is torch's n_iter
 * newton     no buffers
 * </pre>
 *
 * {@code values} are the optimizer's scalars beside its buffers (empty for every first-order
 * kind), written to checkpoints as they are, bit for bit.
 *
 * {@code sgd(momentum > 0)} is the {@code momentum} kind here, so a checkpoint saved before
 * torch.optim's options existed loads into the same optimizer it came from.
 *
 * {@code new OptimizerState("adam", 3, Map.of("exp_avg", m, "exp_avg_sq", v))} is Adam after
 * three steps. The arrays are copied in and handed out as they are: treat them as read-only.
 */
public record OptimizerState(String kind, long step, Map<String, double[]> buffers, Map<String, Double> values) {
  /** A state with buffers alone, as every first-order optimizer's is. */
  public OptimizerState(String kind, long step, Map<String, double[]> buffers) {
    this(kind, step, buffers, Map.of());
  }

  public OptimizerState {
    if (step < 0) {
      throw new IllegalArgumentException("negative optimizer step " + step);
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    buffers.forEach((name, buffer) -> copy.put(name, buffer.clone()));
    buffers = java.util.Collections.unmodifiableMap(copy);
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}

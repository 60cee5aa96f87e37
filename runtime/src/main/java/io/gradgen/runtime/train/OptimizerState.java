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
 * </pre>
 *
 * {@code sgd(momentum > 0)} is the {@code momentum} kind here, so a checkpoint saved before
 * torch.optim's options existed loads into the same optimizer it came from.
 *
 * {@code new OptimizerState("adam", 3, Map.of("exp_avg", m, "exp_avg_sq", v))} is Adam after
 * three steps. The arrays are copied in and handed out as they are: treat them as read-only.
 */
public record OptimizerState(String kind, long step, Map<String, double[]> buffers) {
  public OptimizerState {
    if (step < 0) {
      throw new IllegalArgumentException("negative optimizer step " + step);
    }
    Map<String, double[]> copy = new LinkedHashMap<>();
    buffers.forEach((name, values) -> copy.put(name, values.clone()));
    buffers = java.util.Collections.unmodifiableMap(copy);
  }
}

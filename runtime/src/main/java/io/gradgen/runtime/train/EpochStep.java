package io.gradgen.runtime.train;

/**
 * What a kernel's epoch method needs to take an optimizer's steps itself, for one epoch: the
 * optimizer's hyper-parameters, the epoch's learning rate (the schedule's), the clipping norm
 * (where the {@link EpochShape} clips), the optimizer's step count before the epoch (Adam's bias
 * corrections, momentum's first step), and its buffers, which the kernel reads at the start and
 * writes back, advanced, at the end:
 *
 * <pre>
 * sgd        —
 * momentum   first = momentum_buffer
 * adam(w)    first = exp_avg (m), second = exp_avg_sq (v), third = max_exp_avg_sq (amsgrad)
 * rmsprop    first = square_avg (v), second = momentum_buffer (momentum), third = grad_avg (centered)
 * adagrad    first = sum
 * </pre>
 *
 * A buffer the run's options do not use is null.
 */
public record EpochStep(OptimizerSpec optimizer, double lr, double clip, long step, double[] first, double[] second,
    double[] third) {

  /** The step of an optimizer with at most two buffers. */
  public EpochStep(OptimizerSpec optimizer, double lr, double clip, long step, double[] first, double[] second) {
    this(optimizer, lr, clip, step, first, second, null);
  }
}

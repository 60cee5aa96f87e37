package io.gradgen.runtime.train;

/**
 * One {@code torch.optim} update rule, applied in place to the flat parameter array. The gradient
 * it gets is final (reduced over the batch and clipped); the learning rate is the schedule's for
 * the current epoch. {@link Sgd} is the exemplar; each sibling quotes its rule from the PyTorch
 * documentation in its Javadoc and keeps PyTorch's order of floating-point operations.
 */
interface Optimizer {

  /** One step in place. */
  default void step(double[] params, double[] gradient, double lr) {
    step(params, gradient, lr, params);
  }

  /**
   * One step from {@code params}, written into {@code into} (which may be {@code params} itself):
   * the trainer keeps {@code params} intact this way until it knows the step is finite. The
   * optimizer's own buffers advance either way; {@link #rewind} undoes that.
   */
  void step(double[] params, double[] gradient, double lr, double[] into);

  /**
   * What a kernel's epoch method needs to take this optimizer's steps for an epoch at rate {@code
   * lr} (with {@code spec}, this optimizer's own settings, and {@code clip}, the clipping norm or
   * 0): its step count and its buffers, which the kernel advances in place. See {@link EpochStep}.
   */
  EpochStep epochStep(OptimizerSpec spec, double lr, double clip);

  /** Counts {@code steps} taken by a kernel's epoch method, whose buffers it has advanced itself. */
  void advance(long steps);

  /** Remembers the current state, for {@link #rewind}; allocation-free, called every epoch. */
  void mark();

  /** Goes back to the state at the last {@link #mark}. */
  void rewind();

  /** Goes back to the state at the {@link #mark} before the last one (the start of the epoch before). */
  void rewindEarlier();

  /** A copy of everything the next steps depend on. */
  OptimizerState state();

  /** Continues from {@code state}, as saved by {@link #state()} of the same kind and size. */
  void restore(OptimizerState state);

  static Optimizer create(OptimizerSpec spec, int size) {
    switch (spec.kind()) {
      case SGD:
        return new Sgd(spec.weightDecay(), spec.maximize());
      case MOMENTUM:
        return new Momentum(spec.beta(), spec.nesterov(), spec.dampening(), spec.weightDecay(), spec.maximize(), size);
      case ADAM:
        return new Adam(spec.beta1(), spec.beta2(), spec.eps(), spec.weightDecay(), spec.amsgrad(), spec.maximize(),
            size);
      case ADAMW:
        return new AdamW(spec.decay(),
            new Adam(spec.beta1(), spec.beta2(), spec.eps(), 0, spec.amsgrad(), spec.maximize(), size));
      case RMSPROP:
        return new RmsProp(spec.alpha(), spec.eps(), spec.weightDecay(), spec.momentum(), spec.centered(),
            spec.maximize(), size);
      case ADAGRAD:
        return new Adagrad(spec.lrDecay(), spec.weightDecay(), spec.eps(), spec.initialAccumulator(), spec.maximize(),
            size);
      case LBFGS:
        return new Lbfgs(spec.curvature(), size);
      case NEWTON:
        return new Newton(spec.curvature().damping(), size);
      default:
        throw new IllegalArgumentException("unknown optimizer " + spec.kind());
    }
  }

  /**
   * The gradient as every torch.optim rule starts from it: negated with {@code maximize}, then
   * {@code grad.add(param, alpha = weight_decay)} where the decay is not 0 (torch skips the term,
   * so a zero decay leaves even the sign of a zero gradient as it was).
   */
  static double decayed(double g, double p, double weightDecay, boolean maximize) {
    double d = maximize ? -g : g;
    return weightDecay != 0 ? d + weightDecay * p : d;
  }

  /** The check every {@link #restore} starts with. */
  static void checkKind(OptimizerState state, String kind) {
    if (!state.kind().equals(kind)) {
      throw new IllegalArgumentException(
          "the saved optimizer state is for " + state.kind() + ", not " + kind);
    }
  }

  /** A saved buffer, checked against the parameter count, copied into {@code target}. */
  static void restoreBuffer(OptimizerState state, String name, double[] target) {
    double[] saved = state.buffers().get(name);
    if (saved == null || saved.length != target.length) {
      throw new IllegalArgumentException(
          "the saved " + state.kind() + " state needs " + name + " with " + target.length + " values");
    }
    System.arraycopy(saved, 0, target, 0, target.length);
  }
}

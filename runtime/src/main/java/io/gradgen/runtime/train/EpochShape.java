package io.gradgen.runtime.train;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a kernel's epoch method does each step: which optimizer's update, whether the gradient is
 * clipped first ({@code clip_grad_norm_}), and which of the optimizer's torch.optim options change
 * the update's code (a term, a buffer) rather than a number in it. A kernel has at most one, planned
 * for the training settings it was generated for; the trainer uses it only for a run with the same
 * shape (the hyper-parameters and the learning rate are the run's, passed in {@link EpochStep}), so
 * an option at its default costs the kernel nothing.
 *
 * <pre>
 * EpochShape.of(config)   → EpochShape[optimizer=ADAM, clipped=false, options=[]]  for adam(lr = 0.01)
 *                         → EpochShape[optimizer=ADAM, clipped=false, options=[AMSGRAD]]  for adam(lr = 0.01, amsgrad = true)
 * </pre>
 */
public record EpochShape(OptimizerSpec.Kind optimizer, boolean clipped, Set<Option> options) {

  /** An option that changes the update's code; each is off at its torch.optim default. */
  public enum Option {
    /** {@code maximize = true}: the gradient negated first. */
    MAXIMIZE,
    /** {@code weight_decay > 0} (not AdamW's decoupled decay): {@code g + wd·p}. */
    WEIGHT_DECAY,
    /** SGD's {@code dampening > 0}: {@code b·β + (1 − dampening)·g}. */
    DAMPENING,
    /** Adam's and AdamW's {@code amsgrad}: a third buffer, the running max of {@code v}. */
    AMSGRAD,
    /** RMSprop's {@code centered}: the gradient's average as a buffer. */
    CENTERED,
    /** RMSprop's {@code momentum > 0}: a momentum buffer. */
    MOMENTUM
  }

  public EpochShape {
    java.util.Objects.requireNonNull(optimizer, "optimizer");
    if (optimizer.closure()) {
      throw new IllegalArgumentException(optimizer.keyword() + " steps through a closure: it has no epoch kernel");
    }
    options = options.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(options));
  }

  /** The shape of a plain update, no options. */
  public EpochShape(OptimizerSpec.Kind optimizer, boolean clipped) {
    this(optimizer, clipped, Set.of());
  }

  /** The shape with {@code options}, as a generated kernel spells it (no generics there). */
  public EpochShape(OptimizerSpec.Kind optimizer, boolean clipped, Option[] options) {
    this(optimizer, clipped, Set.of(options));
  }

  /**
   * The shape a run with {@code config} would use; null for lbfgs and newton, whose steps evaluate
   * the loss as often as they need ({@link OptimizerSpec.Kind#closure()}), so no epoch kernel is
   * written for them.
   */
  public static EpochShape of(TrainingConfig config) {
    OptimizerSpec spec = config.optimizer();
    if (spec.kind().closure()) {
      return null;
    }
    Set<Option> options = EnumSet.noneOf(Option.class);
    if (spec.maximize()) {
      options.add(Option.MAXIMIZE);
    }
    if (spec.weightDecay() != 0 && spec.kind() != OptimizerSpec.Kind.ADAMW) {
      options.add(Option.WEIGHT_DECAY);
    }
    if (spec.dampening() != 0 && spec.kind() == OptimizerSpec.Kind.MOMENTUM) {
      options.add(Option.DAMPENING);
    }
    boolean adam = spec.kind() == OptimizerSpec.Kind.ADAM || spec.kind() == OptimizerSpec.Kind.ADAMW;
    if (spec.amsgrad() && adam) {
      options.add(Option.AMSGRAD);
    }
    if (spec.centered() && spec.kind() == OptimizerSpec.Kind.RMSPROP) {
      options.add(Option.CENTERED);
    }
    if (spec.momentum() != 0 && spec.kind() == OptimizerSpec.Kind.RMSPROP) {
      options.add(Option.MOMENTUM);
    }
    return new EpochShape(spec.kind(), config.clip() != null, options);
  }

  public boolean has(Option option) {
    return options.contains(option);
  }
}

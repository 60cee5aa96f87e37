package io.gradgen.runtime.train;

/**
 * What a kernel's epoch method does each step: which optimizer's update, and whether the gradient
 * is clipped first ({@code clip_grad_norm_}). A kernel has at most one, planned for the training
 * settings it was generated for; the trainer uses it only for a run with the same optimizer kind
 * and clipping (the hyper-parameters and the learning rate are the run's, passed in {@link
 * EpochStep}).
 *
 * <pre>
 * EpochShape.of(config)   → EpochShape[optimizer=ADAM, clipped=false]  for train { optimizer adam(lr = 0.01) }
 * </pre>
 */
public record EpochShape(OptimizerSpec.Kind optimizer, boolean clipped) {
  public EpochShape {
    java.util.Objects.requireNonNull(optimizer, "optimizer");
  }

  /** The shape a run with {@code config} would use. */
  public static EpochShape of(TrainingConfig config) {
    return new EpochShape(config.optimizer().kind(), config.clip() != null);
  }
}

package io.gradgen.runtime.train;

/**
 * An optimizer whose step evaluates the loss itself through a {@link Closure}, as {@code
 * opt.step(closure)} does ({@link OptimizerSpec.Kind#closure()}): {@link Lbfgs} and {@link Newton}.
 * It takes no step from a gradient alone and has no epoch kernel ({@link EpochShape#of} is null for
 * it), so the {@link Trainer} always steps it batch by batch.
 */
abstract class ClosureSteps implements Optimizer {

  /**
   * One step from {@code params} into {@code into} (which may not be {@code params}: the trainer
   * keeps {@code params} until it knows the step is finite), evaluating {@code closure} as often as
   * the step needs, at learning rate {@code lr} (the param group's {@code lr}, set by the schedule).
   */
  abstract void step(double[] params, Closure closure, double lr, double[] into);

  @Override
  public final void step(double[] params, double[] gradient, double lr, double[] into) {
    throw new IllegalStateException(getClass().getSimpleName() + " steps through a closure, not from a gradient");
  }

  @Override
  public final EpochStep epochStep(OptimizerSpec spec, double lr, double clip) {
    throw new IllegalStateException("optimizer " + spec.kind().keyword() + " has no epoch kernel");
  }

  @Override
  public final void advance(long steps) {
    throw new IllegalStateException("optimizer steps through a closure: no epoch kernel advanced it");
  }

  /**
   * The sum of {@code a[i]·b[i]} in index order, each term fused into the sum: torch 1.13's CPU
   * {@code a.dot(b)} in float64 to the bit for up to about 8 values (measured); longer vectors it
   * hands to BLAS, whose blocked sums differ in the last bits.
   */
  static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum = Math.fma(a[i], b[i], sum);
    }
    return sum;
  }

  /** torch's {@code t.abs().max()}; NaN where any value is NaN, as torch's max propagates it. */
  static double maxAbs(double[] values) {
    double max = 0;
    for (double value : values) {
      double a = Math.abs(value);
      if (Double.isNaN(a)) {
        return a;
      }
      max = Math.max(max, a);
    }
    return max;
  }
}

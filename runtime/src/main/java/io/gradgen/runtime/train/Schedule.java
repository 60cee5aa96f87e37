package io.gradgen.runtime.train;

/**
 * The learning rate of each epoch, as the PyTorch scheduler named in {@link ScheduleSpec} gives it
 * when stepped once after every epoch (minimum rate 0). A pure function of the 0-based epoch, so a
 * resumed run uses exactly the rates of an uninterrupted one.
 *
 * <pre>
 * constant       lr0
 * step(k, γ)     lr0·γ·γ·…, one factor γ per completed period of k epochs (StepLR)
 * cosine(T)      lr0·(1 + cos(π·e/T))/2 (CosineAnnealingLR, closed form)
 * sgdr(T0, m)    lr0·(1 + cos(π·Tcur/Ti))/2 (CosineAnnealingWarmRestarts): the period starts at
 *                T0 and is multiplied by m at every restart, Tcur counts epochs since the last one
 * </pre>
 *
 * For {@code sgdr(2, 2)} and {@code lr0 = 1} the rates are 1, 0.5, 1, 0.854, 0.5, 0.146, 1, …:
 * restarts at epochs 2 and 6.
 *
 * <p>StepLR multiplies by γ once per period instead of computing {@code γ^n}, because that is what
 * the stepped scheduler does and the two can differ in the last bit. The warm-restart position is
 * found by subtracting whole periods in integers rather than through logarithms, which is the same
 * number without the rounding risk at the restarts.
 */
final class Schedule {
  private final ScheduleSpec spec;
  private final double lr0;

  Schedule(ScheduleSpec spec, double lr0) {
    this.spec = spec;
    this.lr0 = lr0;
    if ((spec.kind() == ScheduleSpec.Kind.STEP && spec.every() <= 0)
        || (spec.kind() == ScheduleSpec.Kind.COSINE && spec.period() <= 0)
        || (spec.kind() == ScheduleSpec.Kind.SGDR && (spec.period() <= 0 || spec.mult() < 1))) {
      throw new IllegalArgumentException("invalid schedule " + spec);
    }
  }

  /** The learning rate of epoch {@code epoch} (0-based). */
  double rate(int epoch) {
    switch (spec.kind()) {
      case CONSTANT:
        return lr0;
      case STEP:
        double lr = lr0;
        for (int n = epoch / spec.every(); n > 0; n--) {
          lr *= spec.gamma();
        }
        return lr;
      case COSINE:
        return cosine(Math.PI * epoch / spec.period());
      case SGDR:
        long period = spec.period();
        long position = epoch;
        while (position >= period) {
          position -= period;
          period *= spec.mult();
        }
        return cosine(Math.PI * position / period);
      default:
        throw new IllegalArgumentException("unknown schedule " + spec.kind());
    }
  }

  /** {@code eta_min + (base_lr − eta_min)·(1 + cos(angle))/2} with {@code eta_min = 0}. */
  private double cosine(double angle) {
    return lr0 * (1 + Math.cos(angle)) / 2;
  }
}

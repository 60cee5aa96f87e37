package io.gradgen.runtime.train;

/**
 * How the learning rate changes from epoch to epoch, as a PyTorch scheduler stepped after each epoch
 * (minimum rate 0).
 *
 * <pre>
 * constant
 * step(every, gamma)        StepLR(step_size = every, gamma)
 * cosine(period)            CosineAnnealingLR(T_max = period)
 * sgdr(period, mult = 1)    CosineAnnealingWarmRestarts(T_0 = period, T_mult = mult)
 * </pre>
 */
public record ScheduleSpec(Kind kind, int every, double gamma, int period, int mult) {

  public enum Kind {
    CONSTANT,
    STEP,
    COSINE,
    SGDR
  }

  public static ScheduleSpec constant() {
    return new ScheduleSpec(Kind.CONSTANT, 0, 1, 0, 1);
  }

  public static ScheduleSpec step(int every, double gamma) {
    return new ScheduleSpec(Kind.STEP, every, gamma, 0, 1);
  }

  public static ScheduleSpec cosine(int period) {
    return new ScheduleSpec(Kind.COSINE, 0, 1, period, 1);
  }

  public static ScheduleSpec sgdr(int period, int mult) {
    return new ScheduleSpec(Kind.SGDR, 0, 1, period, mult);
  }
}

package io.gradgen.runtime.train;

import java.util.List;
import java.util.Objects;

/**
 * How the learning rate changes from epoch to epoch, as a PyTorch scheduler stepped after each epoch
 * (minimum rate 0).
 *
 * <pre>
 * constant
 * step(every, gamma)                      StepLR(step_size = every, gamma)
 * cosine(period)                          CosineAnnealingLR(T_max = period)
 * sgdr(period, mult = 1)                  CosineAnnealingWarmRestarts(T_0 = period, T_mult = mult)
 * exponential(gamma)                      ExponentialLR(gamma)
 * multistep(gamma, m1, m2, …)             MultiStepLR(milestones = [m1, m2, …], gamma)
 * linear(start_factor, end_factor, total) LinearLR(start_factor, end_factor, total_iters = total)
 * plateau(factor, patience, …)            ReduceLROnPlateau(mode = 'min', threshold_mode = 'rel'), see {@link Plateau}
 * warmup(N) then S                        SequentialLR([LinearLR(1/N, 1, N), S], milestones = [N])
 * </pre>
 *
 * <p>Each kind uses only its own components; the others keep the values of {@link #constant()}.
 * {@code milestones} are positive and increasing, {@code total} is the linear schedule's {@code
 * total_iters} or the warmup's N, {@code after} the schedule that follows a warmup.
 */
public record ScheduleSpec(
    Kind kind,
    int every,
    double gamma,
    int period,
    int mult,
    List<Integer> milestones,
    double startFactor,
    double endFactor,
    int total,
    Plateau plateau,
    ScheduleSpec after) {

  public enum Kind {
    CONSTANT,
    STEP,
    COSINE,
    SGDR,
    EXPONENTIAL,
    MULTISTEP,
    LINEAR,
    PLATEAU,
    WARMUP
  }

  /**
   * {@code ReduceLROnPlateau}'s settings in mode {@code min}, threshold mode {@code rel}; its {@code
   * eps} is fixed at 1e-8, as torch's default.
   */
  public record Plateau(double factor, int patience, double threshold, int cooldown, double minLr) {
    /** torch's defaults: factor 0.1, patience 10, threshold 1e-4, cooldown 0, min_lr 0. */
    public static Plateau defaults() {
      return new Plateau(0.1, 10, 1e-4, 0, 0);
    }
  }

  public ScheduleSpec {
    Objects.requireNonNull(kind, "kind");
    milestones = List.copyOf(milestones);
  }

  /** The first four kinds, as generated model classes written before the others construct them. */
  public ScheduleSpec(Kind kind, int every, double gamma, int period, int mult) {
    this(kind, every, gamma, period, mult, List.of(), 1, 1, 0, null, null);
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

  public static ScheduleSpec exponential(double gamma) {
    return new ScheduleSpec(Kind.EXPONENTIAL, 0, gamma, 0, 1);
  }

  /** An array rather than a list, so that generated code (no generics) can call it. */
  public static ScheduleSpec multistep(double gamma, int[] milestones) {
    Integer[] boxed = new Integer[milestones.length];
    for (int i = 0; i < milestones.length; i++) {
      boxed[i] = milestones[i];
    }
    return new ScheduleSpec(Kind.MULTISTEP, 0, gamma, 0, 1, List.of(boxed), 1, 1, 0, null, null);
  }

  public static ScheduleSpec linear(double startFactor, double endFactor, int total) {
    return new ScheduleSpec(Kind.LINEAR, 0, 1, 0, 1, List.of(), startFactor, endFactor, total, null, null);
  }

  public static ScheduleSpec plateau(Plateau plateau) {
    return new ScheduleSpec(Kind.PLATEAU, 0, 1, 0, 1, List.of(), 1, 1, 0, Objects.requireNonNull(plateau), null);
  }

  /** {@code warmup(epochs) then after}. */
  public static ScheduleSpec warmup(int epochs, ScheduleSpec after) {
    return new ScheduleSpec(Kind.WARMUP, 0, 1, 0, 1, List.of(), 1, 1, epochs, null, Objects.requireNonNull(after));
  }

  /** Whether the rates depend on the losses (a plateau schedule), not on the epoch alone. */
  public boolean watchesLoss() {
    return kind == Kind.PLATEAU;
  }
}

package io.gradgen.runtime.train;

/**
 * The learning rate of each epoch, as the PyTorch scheduler named in {@link ScheduleSpec} gives it
 * when stepped once after every epoch (minimum rate 0). Every kind but {@code plateau} is a function
 * of the 0-based epoch alone, so a resumed run uses exactly the rates of an uninterrupted one; a
 * plateau schedule hears each epoch's loss ({@link #observe}) and keeps a {@link ScheduleState}.
 *
 * <pre>
 * constant       lr0
 * step(k, γ)     lr0·γ·γ·…, one factor γ per completed period of k epochs (StepLR)
 * cosine(T)      lr0·(1 + cos(π·e/T))/2 (CosineAnnealingLR), as torch chains it: the rate before
 *                times (1 + cos(π·e/T))/(1 + cos(π·(e − 1)/T))
 * sgdr(T0, m)    lr0·(1 + cos(π·Tcur/Ti))/2 (CosineAnnealingWarmRestarts): the period starts at
 *                T0 and is multiplied by m at every restart, Tcur counts epochs since the last one
 * exponential(γ) lr0, then the rate before times γ (ExponentialLR)
 * multistep(γ, m1, …)  the rate before, times γ at each milestone epoch (MultiStepLR)
 * linear(s, f, T) lr0·s, then the rate before times 1 + (f − s)/(T·s + (e − 1)·(f − s)) up to
 *                epoch T, then unchanged (LinearLR)
 * plateau(…)     lr0, cut to max(lr·factor, min_lr) after more than patience epochs without a
 *                relative improvement by threshold, then cooldown epochs of rest (ReduceLROnPlateau)
 * warmup(N) then S   linear(1/N, 1, N) for epochs 0 … N − 1, then S from its own epoch 0 (SequentialLR)
 * </pre>
 *
 * For {@code sgdr(2, 2)} and {@code lr0 = 1} the rates are 1, 0.5, 1, 0.854, 0.5, 0.146, 1, …:
 * restarts at epochs 2 and 6.
 *
 * <p>StepLR, CosineAnnealingLR, ExponentialLR, MultiStepLR and LinearLR multiply the rate before by
 * a factor instead of computing a closed form, because that is what the stepped scheduler does (its
 * chainable {@code get_lr}) and the two can differ in the last bit; the chain is kept for the last
 * epoch asked, so a run's epochs in order cost one step each. CosineAnnealingWarmRestarts' own
 * {@code step()} computes the closed form, and so does sgdr here. The warm-restart position is found by subtracting
 * whole periods in integers rather than through logarithms, which is the same number without the
 * rounding risk at the restarts. In a warmup, SequentialLR starts S with {@code step(0)}, its closed
 * form at epoch 0, which is lr0 for every S: exactly S's own first rate, so S runs as it would alone,
 * N epochs late.
 */
final class Schedule {
  /** ReduceLROnPlateau's {@code eps}: a cut smaller than this is not made. */
  static final double PLATEAU_EPS = 1e-8;

  private final ScheduleSpec spec;
  private final double lr0;
  /** For a warmup, the schedule after it. */
  private final Schedule after;
  // The chained kinds' last rate computed, and its epoch (−1 before any).
  private int chainEpoch = -1;
  private double chainRate;
  // A plateau schedule's state, and the state before the last observe (kept in fields, so that an
  // epoch allocates nothing for it).
  private double lr;
  private double best = Double.POSITIVE_INFINITY;
  private int badEpochs;
  private int cooldown;
  private double earlierLr;
  private double earlierBest = Double.POSITIVE_INFINITY;
  private int earlierBadEpochs;
  private int earlierCooldown;

  Schedule(ScheduleSpec spec, double lr0) {
    this.spec = spec;
    this.lr0 = lr0;
    this.lr = lr0;
    String problem = problem(spec);
    if (problem != null) {
      throw new IllegalArgumentException("invalid schedule " + spec.kind() + ": " + problem);
    }
    after = spec.kind() == ScheduleSpec.Kind.WARMUP ? new Schedule(spec.after(), lr0) : null;
    keepEarlier();
  }

  private void keepEarlier() {
    earlierLr = lr;
    earlierBest = best;
    earlierBadEpochs = badEpochs;
    earlierCooldown = cooldown;
  }

  /** What is wrong with {@code spec}'s own numbers, or null: the checker's rules, enforced again here. */
  private static String problem(ScheduleSpec spec) {
    switch (spec.kind()) {
      case STEP:
        return spec.every() <= 0 ? "every must be positive" : null;
      case COSINE:
        return spec.period() <= 0 ? "period must be positive" : null;
      case SGDR:
        return spec.period() <= 0 || spec.mult() < 1 ? "period must be positive and mult at least 1" : null;
      case MULTISTEP:
        for (int i = 0; i < spec.milestones().size(); i++) {
          if (spec.milestones().get(i) < 1 || (i > 0 && spec.milestones().get(i) <= spec.milestones().get(i - 1))) {
            return "milestones must be positive and increasing";
          }
        }
        return null;
      case LINEAR:
        return !(spec.startFactor() > 0 && spec.startFactor() <= 1) || !(spec.endFactor() >= 0 && spec.endFactor() <= 1)
            || spec.total() < 1 ? "factors must be in (0, 1] and [0, 1], total positive" : null;
      case PLATEAU:
        ScheduleSpec.Plateau p = spec.plateau();
        return !(p.factor() >= 0 && p.factor() < 1) || p.patience() < 0 || p.cooldown() < 0 || !(p.threshold() >= 0)
            || !(p.minLr() >= 0) ? "factor must be in [0, 1), the others not negative" : null;
      case WARMUP:
        return spec.total() < 1 ? "the warmup must be at least one epoch"
            : spec.after().kind() == ScheduleSpec.Kind.WARMUP || spec.after().watchesLoss()
                ? "a warmup is followed by a schedule of the epoch alone" : null;
      default:
        return null;
    }
  }

  /** The learning rate of epoch {@code epoch} (0-based); for a plateau schedule, the current one. */
  double rate(int epoch) {
    switch (spec.kind()) {
      case CONSTANT:
        return lr0;
      case STEP:
        double stepped = lr0;
        for (int n = epoch / spec.every(); n > 0; n--) {
          stepped *= spec.gamma();
        }
        return stepped;
      case SGDR:
        long period = spec.period();
        long position = epoch;
        while (position >= period) {
          position -= period;
          period *= spec.mult();
        }
        return cosine(Math.PI * position / period);
      case PLATEAU:
        return lr;
      case WARMUP:
        return epoch >= spec.total() ? after.rate(epoch - spec.total()) : chained(epoch);
      default:
        return chained(epoch);
    }
  }

  /** The chained kinds' rate of {@code epoch}: from the last one computed, or from epoch 0. */
  private double chained(int epoch) {
    if (chainEpoch < 0 || epoch < chainEpoch) {
      chainEpoch = 0;
      chainRate = first();
    }
    while (chainEpoch < epoch) {
      chainEpoch++;
      chainRate = next(chainRate, chainEpoch);
    }
    return chainRate;
  }

  /** The rate of epoch 0: what the scheduler's initial step sets. */
  private double first() {
    switch (spec.kind()) {
      case LINEAR:
        return lr0 * spec.startFactor();
      case WARMUP:
        return lr0 * (1.0 / spec.total());
      default:
        return lr0; // exponential and multistep (no milestone 0) leave it
    }
  }

  /** The rate of {@code epoch} (at least 1) from the one before, as {@code get_lr} computes it. */
  private double next(double before, int epoch) {
    switch (spec.kind()) {
      case EXPONENTIAL:
        return before * spec.gamma();
      case COSINE: {
        int period = spec.period();
        // CosineAnnealingLR's chained get_lr (eta_min 0): at the epoch after each minimum the ratio
        // would divide by 1 + cos(π) = 0, so it adds (1 − cos(π/T))/2 of the base rate instead.
        if (Math.floorMod(epoch - 1 - period, 2 * period) == 0) {
          return before + lr0 * (1 - Math.cos(Math.PI / period)) / 2;
        }
        return (1 + Math.cos(Math.PI * epoch / period)) / (1 + Math.cos(Math.PI * (epoch - 1) / period)) * before;
      }
      case MULTISTEP:
        // Milestones increase, so each epoch is one at most once: γ^1, which torch's γ ** count is.
        return spec.milestones().contains(epoch) ? before * spec.gamma() : before;
      case LINEAR:
        return linear(before, epoch, spec.startFactor(), spec.endFactor(), spec.total());
      default: // WARMUP, for epochs below its length
        return linear(before, epoch, 1.0 / spec.total(), 1.0, spec.total());
    }
  }

  private static double linear(double before, int epoch, double start, double end, int total) {
    if (epoch > total) {
      return before;
    }
    return before * (1. + (end - start) / (total * start + (epoch - 1) * (end - start)));
  }

  /** {@code eta_min + (base_lr − eta_min)·(1 + cos(angle))/2} with {@code eta_min = 0}. */
  private double cosine(double angle) {
    return lr0 * (1 + Math.cos(angle)) / 2;
  }

  /**
   * After an epoch: {@code ReduceLROnPlateau.step(loss)} for a plateau schedule, nothing for the
   * others. The state before is kept for {@link #earlierState}.
   */
  void observe(double loss) {
    if (spec.kind() != ScheduleSpec.Kind.PLATEAU) {
      return;
    }
    keepEarlier();
    ScheduleSpec.Plateau p = spec.plateau();
    if (loss < best * (1. - p.threshold())) {
      best = loss;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldown > 0) {
      cooldown--;
      badEpochs = 0; // bad epochs in cooldown are ignored
    }
    if (badEpochs > p.patience()) {
      double cut = Math.max(lr * p.factor(), p.minLr());
      if (lr - cut > PLATEAU_EPS) {
        lr = cut;
      }
      cooldown = p.cooldown();
      badEpochs = 0;
    }
  }

  /** A plateau schedule's state now; null for the others, which have none. */
  ScheduleState state() {
    return state(lr, best, badEpochs, cooldown);
  }

  /** The state before the last {@link #observe}: where a run resumes that diverged at once in the next epoch. */
  ScheduleState earlierState() {
    return state(earlierLr, earlierBest, earlierBadEpochs, earlierCooldown);
  }

  private ScheduleState state(double rate, double bestLoss, int bad, int rest) {
    return spec.kind() != ScheduleSpec.Kind.PLATEAU ? null
        : new ScheduleState(rate, Double.isInfinite(bestLoss) ? null : bestLoss, bad, rest, lr0);
  }

  /**
   * Continues from {@code saved} (a plateau schedule's, or null for a run with none: a fresh
   * plateau, which a resumed run of a schedule without state gets).
   */
  void restore(ScheduleState saved) {
    if (spec.kind() != ScheduleSpec.Kind.PLATEAU || saved == null) {
      return;
    }
    lr = saved.baseLr() == lr0 ? saved.lr() : lr0;
    best = saved.best() == null ? Double.POSITIVE_INFINITY : saved.best();
    badEpochs = saved.badEpochs();
    cooldown = saved.cooldown();
    keepEarlier();
  }
}

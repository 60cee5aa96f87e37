package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class ScheduleTest {

  private static double[] rates(ScheduleSpec spec, double lr0, int epochs) {
    Schedule schedule = new Schedule(spec, lr0);
    double[] rates = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      rates[e] = schedule.rate(e);
    }
    return rates;
  }

  @Test
  void constant() {
    assertArrayEquals(new double[] {0.1, 0.1, 0.1}, rates(ScheduleSpec.constant(), 0.1, 3));
  }

  @Test
  void stepDecaysEveryPeriod() {
    // StepLR(step_size 2, gamma 0.5): 1, 1, 0.5, 0.5, 0.25, 0.25, 0.125
    assertArrayEquals(
        new double[] {1, 1, 0.5, 0.5, 0.25, 0.25, 0.125}, rates(ScheduleSpec.step(2, 0.5), 1, 7));
  }

  @Test
  void cosineAnnealsToZeroAndBack() {
    // (1 + cos(π·e/4))/2: 1, (1 + √½)/2, ½, (1 − √½)/2, 0, then up again (to the last bits: torch chains it)
    double h = Math.sqrt(0.5);
    assertArrayEquals(
        new double[] {1, (1 + h) / 2, 0.5, (1 - h) / 2, 0, (1 - h) / 2},
        rates(ScheduleSpec.cosine(4), 1, 6),
        1e-15);
  }

  @Test
  void warmRestartsWithFixedPeriod() {
    // T0 = 3, mult 1: Tcur = e mod 3 → 1, 3/4, 1/4, then again
    assertArrayEquals(
        new double[] {1, 0.75, 0.25, 1, 0.75, 0.25, 1},
        rates(ScheduleSpec.sgdr(3, 1), 1, 7),
        1e-15);
  }

  @Test
  void warmRestartsWithDoublingPeriod() {
    // T0 = 2, mult 2: periods [0, 2), [2, 6), [6, 14): restarts at 2 and 6
    // e:     0  1     2  3               4    5               6  7
    // Tcur:  0  1     0  1               2    3               0  1
    // Ti:    2  2     4  4               4    4               8  8
    double q = Math.sqrt(0.5);
    double eighth = Math.cos(Math.PI / 8);
    assertArrayEquals(
        new double[] {1, 0.5, 1, (1 + q) / 2, 0.5, (1 - q) / 2, 1, (1 + eighth) / 2},
        rates(ScheduleSpec.sgdr(2, 2), 1, 8),
        1e-15);
  }

  @Test
  void rejectsEmptyPeriods() {
    assertThrows(IllegalArgumentException.class, () -> new Schedule(ScheduleSpec.step(0, 0.5), 1));
    assertThrows(IllegalArgumentException.class, () -> new Schedule(ScheduleSpec.sgdr(0, 2), 1));
  }

  // The schedules of issue #20. Every expected rate below is what torch 1.13 gives (SGD's
  // param_groups[0]['lr'] before each epoch, scheduler.step() after it), printed with repr: the
  // chained ones must match to the bit.

  @Test
  void exponentialMultipliesEachEpoch() {
    assertArrayEquals(
        new double[] {0.1, 0.09000000000000001, 0.08100000000000002, 0.07290000000000002, 0.06561000000000002,
            0.05904900000000002},
        rates(ScheduleSpec.exponential(0.9), 0.1, 6));
  }

  @Test
  void multistepMultipliesAtEachMilestone() {
    assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025},
        rates(ScheduleSpec.multistep(0.5, new int[] {2, 5}), 0.1, 7));
  }

  @Test
  void linearWithTorchsDefaultsRisesToTheRate() {
    // LinearLR(start_factor 1/3, end_factor 1, total_iters 5): the chained factors, not lr0·(s + …)
    assertArrayEquals(
        new double[] {0.03333333333333333, 0.04666666666666667, 0.060000000000000005, 0.07333333333333335,
            0.08666666666666668, 0.1, 0.1, 0.1},
        rates(ScheduleSpec.linear(1.0 / 3, 1.0, 5), 0.1, 8));
  }

  @Test
  void linearMayFall() {
    assertArrayEquals(
        new double[] {0.05, 0.04166666666666667, 0.03333333333333334, 0.025000000000000005, 0.025000000000000005},
        rates(ScheduleSpec.linear(0.5, 0.25, 3), 0.1, 5));
  }

  @Test
  void cosineIsChainedAsTorchStepsIt() {
    // CosineAnnealingLR's chained get_lr, through the minimum (epoch T) and its special step after:
    // not the closed form's bits (0.05000000000000001 at epoch 6, where the closed form gives 0.05).
    assertArrayEquals(
        new double[] {0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.0, 0.014644660940672622,
            0.05000000000000001, 0.0853553390593274, 0.10000000000000003, 0.0853553390593274, 0.05000000000000003,
            0.014644660940672672},
        rates(ScheduleSpec.cosine(4), 0.1, 12));
    assertArrayEquals(
        new double[] {0.1, 0.07500000000000001, 0.025000000000000015, 0.0, 0.024999999999999994, 0.07500000000000005,
            0.10000000000000006, 0.07500000000000007, 0.025000000000000053, 0.0},
        rates(ScheduleSpec.cosine(3), 0.1, 10));
  }

  @Test
  void warmupThenCosine() {
    // SequentialLR([LinearLR(1/3, 1, 3), CosineAnnealingLR(T_max 4)], [3])
    assertArrayEquals(
        new double[] {0.03333333333333333, 0.05555555555555556, 0.07777777777777778, 0.1, 0.08535533905932738, 0.05,
            0.014644660940672627, 0.0, 0.014644660940672622},
        rates(ScheduleSpec.warmup(3, ScheduleSpec.cosine(4)), 0.1, 9));
  }

  @Test
  void warmupThenChainedSchedulesMatchTorchToTheBit() {
    assertArrayEquals(new double[] {0.05, 0.07500000000000001, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025},
        rates(ScheduleSpec.warmup(2, ScheduleSpec.step(2, 0.5)), 0.1, 8));
    assertArrayEquals(
        new double[] {0.025, 0.043750000000000004, 0.06250000000000001, 0.08125000000000002, 0.1,
            0.09000000000000001, 0.08100000000000002, 0.07290000000000002},
        rates(ScheduleSpec.warmup(4, ScheduleSpec.exponential(0.9)), 0.1, 8));
    assertArrayEquals(new double[] {0.05, 0.07500000000000001, 0.05, 0.07500000000000001, 0.1, 0.1},
        rates(ScheduleSpec.warmup(2, ScheduleSpec.linear(0.5, 1, 2)), 0.1, 6));
    assertArrayEquals(new double[] {0.05, 0.07500000000000001, 0.1, 0.05, 0.05, 0.025, 0.025},
        rates(ScheduleSpec.warmup(2, ScheduleSpec.multistep(0.5, new int[] {1, 3})), 0.1, 7));
    assertArrayEquals(new double[] {0.5, 0.75, 1.0, 0.5, 1.0, 0.8535533905932737, 0.5, 0.14644660940672627},
        rates(ScheduleSpec.warmup(2, ScheduleSpec.sgdr(2, 2)), 1, 8), 1e-16);
  }

  @Test
  void chainedRatesAreAFunctionOfTheEpoch() {
    // Asked out of order (a resumed run asks from its first epoch on): the same bits as in order.
    Schedule schedule = new Schedule(ScheduleSpec.warmup(4, ScheduleSpec.exponential(0.9)), 0.1);
    assertEquals(0.08100000000000002, schedule.rate(6));
    assertEquals(0.043750000000000004, schedule.rate(1));
    assertEquals(0.07290000000000002, schedule.rate(7));
  }

  /** A plateau schedule's rate before each epoch and after the last, hearing {@code losses}. */
  private static double[] plateau(ScheduleSpec.Plateau settings, double lr0, double... losses) {
    Schedule schedule = new Schedule(ScheduleSpec.plateau(settings), lr0);
    double[] rates = new double[losses.length + 1];
    for (int e = 0; e < losses.length; e++) {
      rates[e] = schedule.rate(e);
      schedule.observe(losses[e]);
    }
    rates[losses.length] = schedule.rate(losses.length);
    return rates;
  }

  @Test
  void plateauCutsAfterMoreThanPatienceBadEpochs() {
    // patience 2: epochs 2, 3, 4 are bad (the first sets the best); the cut follows the third.
    assertArrayEquals(new double[] {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25},
        plateau(new ScheduleSpec.Plateau(0.5, 2, 1e-4, 0, 0), 1, 1, 1, 1, 1, 1, 1, 1, 1, 1));
  }

  @Test
  void plateauImprovementIsRelativeToTheThreshold() {
    // 0.99995 is not below 1·(1 − 1e-4); 0.9998 is, and becomes the best; 0.99975 is not below 0.9998·0.9999.
    assertArrayEquals(new double[] {1, 1, 1, 1, 1, 0.5},
        plateau(new ScheduleSpec.Plateau(0.5, 1, 1e-4, 0, 0), 1, 1, 0.99995, 0.9998, 0.99975, 0.9999));
    // threshold 0: any fall is an improvement, an equal loss is not
    assertArrayEquals(new double[] {1, 1, 0.1, 0.1, 0.010000000000000002},
        plateau(new ScheduleSpec.Plateau(0.1, 0, 0, 0, 0), 1, 1, 1, 0.5, 0.5));
  }

  @Test
  void plateauRestsForCooldownEpochs() {
    assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125},
        plateau(new ScheduleSpec.Plateau(0.5, 0, 1e-4, 2, 0), 1, 1, 2, 2, 2, 2, 2, 2, 2));
  }

  @Test
  void plateauStopsAtMinLrAndAtEps() {
    assertArrayEquals(new double[] {0.1, 0.1, 0.02, 0.02, 0.02},
        plateau(new ScheduleSpec.Plateau(0.1, 0, 1e-4, 0, 0.02), 0.1, 1, 2, 2, 2));
    // a cut of 2e-9 − 2e-10 is below eps = 1e-8: not made
    assertArrayEquals(new double[] {2e-8, 2e-8, 2e-9, 2e-9, 2e-9},
        plateau(new ScheduleSpec.Plateau(0.1, 0, 1e-4, 0, 0), 2e-8, 1, 2, 2, 2));
  }

  @Test
  void plateauStateResumesWhereItWas() {
    ScheduleSpec spec = ScheduleSpec.plateau(new ScheduleSpec.Plateau(0.5, 1, 1e-4, 1, 0));
    Schedule whole = new Schedule(spec, 1);
    Schedule first = new Schedule(spec, 1);
    assertNull(first.state().best(), "torch's best starts at inf");
    double[] losses = {3, 2, 2, 2, 2, 1, 1, 1, 1};
    for (int e = 0; e < 4; e++) {
      whole.observe(losses[e]);
      first.observe(losses[e]);
    }
    assertEquals(new ScheduleState(0.5, 2.0, 0, 1, 1), first.state());
    Schedule resumed = new Schedule(spec, 1);
    resumed.restore(first.state());
    for (int e = 4; e < losses.length; e++) {
      whole.observe(losses[e]);
      resumed.observe(losses[e]);
      assertEquals(whole.state(), resumed.state());
      assertEquals(whole.rate(e), resumed.rate(e));
    }
    assertNull(new Schedule(ScheduleSpec.exponential(0.5), 1).state(), "a schedule of the epoch has no state");
    Schedule smaller = new Schedule(spec, 0.25);
    smaller.restore(first.state());
    assertEquals(new ScheduleState(0.25, 2.0, 0, 1, 0.25), smaller.state(), "another lr0: its rate, the same counts");
  }

  @Test
  void rejectsBadNewSchedules() {
    assertThrows(IllegalArgumentException.class, () -> new Schedule(ScheduleSpec.multistep(0.5, new int[] {3, 3}), 1));
    assertThrows(IllegalArgumentException.class, () -> new Schedule(ScheduleSpec.multistep(0.5, new int[] {0}), 1));
    assertThrows(IllegalArgumentException.class, () -> new Schedule(ScheduleSpec.linear(0, 1, 5), 1));
    assertThrows(IllegalArgumentException.class, () -> new Schedule(ScheduleSpec.linear(0.5, 1.5, 5), 1));
    assertThrows(IllegalArgumentException.class,
        () -> new Schedule(ScheduleSpec.plateau(new ScheduleSpec.Plateau(1, 10, 1e-4, 0, 0)), 1));
    ScheduleSpec plateau = ScheduleSpec.plateau(ScheduleSpec.Plateau.defaults());
    assertThrows(IllegalArgumentException.class, () -> new Schedule(ScheduleSpec.warmup(3, plateau), 1));
    assertEquals(List.of(2, 5), ScheduleSpec.multistep(0.1, new int[] {2, 5}).milestones());
  }
}

package io.gradgen.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    // (1 + cos(π·e/4))/2: 1, (1 + √½)/2, ½, (1 − √½)/2, 0, then up again as PyTorch's closed form
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
}

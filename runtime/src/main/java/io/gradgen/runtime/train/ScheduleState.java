package io.gradgen.runtime.train;

/**
 * What a plateau schedule ({@code ReduceLROnPlateau}) has learnt so far, saved in a checkpoint so
 * that a resumed run reduces the rate exactly where an uninterrupted one would: the current rate,
 * the best loss seen ({@code null} before any: torch's {@code inf}), the bad epochs counted since
 * and the cooldown epochs left, and the optimizer's own rate it started from ({@code baseLr}): a
 * run resumed with another {@code --lr} (after a divergence, say) starts its plateau's rate from
 * that one instead, keeping the counts. The other schedules are functions of the epoch and need no state.
 *
 * <p>{@code new ScheduleState(0.001, 0.42, 3, 0, 0.01)}: the rate was cut once from 0.01, the best loss
 * was 0.42, and the last three epochs did not beat it by the threshold.
 */
public record ScheduleState(double lr, Double best, int badEpochs, int cooldown, double baseLr) {
  public ScheduleState {
    if (badEpochs < 0 || cooldown < 0) {
      throw new IllegalArgumentException("negative count in schedule state: " + badEpochs + ", " + cooldown);
    }
  }
}

package io.gradgen.runtime.train;

import java.util.SplittableRandom;

/**
 * The order of the training rows in one epoch when shuffling: a Fisher–Yates permutation whose
 * generator is seeded from {@code (shuffleSeed, epoch)} alone. Each epoch therefore shuffles anew,
 * and epoch 7 of a run resumed at epoch 5 sees exactly the order epoch 7 of an uninterrupted run
 * saw, with no generator state to carry in a checkpoint.
 *
 * <p>{@code permutation(7, 0, 4)} is some fixed order of {0, 1, 2, 3}; {@code permutation(7, 1, 4)}
 * generally another. The two seeds are mixed with SplitMix64's finaliser so that neighbouring
 * epochs or seeds give unrelated streams.
 */
final class Shuffle {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private Shuffle() {}

  static int[] permutation(long seed, int epoch, int rows) {
    int[] order = new int[rows];
    permute(seed, epoch, order);
    return order;
  }

  /** {@link #permutation} of {@code order.length} rows, written into {@code order} (reused). */
  static void permute(long seed, int epoch, int[] order) {
    SplittableRandom random = new SplittableRandom(mix(mix(seed) + GOLDEN_GAMMA * (epoch + 1L)));
    int rows = order.length;
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  /** SplitMix64's output function (Stafford's variant 13). */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}

package io.gradgen.spark;

import io.gradgen.runtime.train.RangeSums;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Where a data set's positions are cut into partitions: only at the blocks of {@link RangeSums},
 * counted from row 0 for the training rows and from the first validation row for the rest, so that
 * every block a full-batch step, a validation pass or a batch of whole blocks sums lies in one
 * partition and is summed there. The blocks are dealt out in order, as evenly as whole blocks allow;
 * with more partitions than blocks the last partitions are empty.
 *
 * <pre>
 * Cuts.of(40_000, 40_000, 2) → [0, 16384, 40000]     3 blocks: 1 in the first part, 2 in the second
 * Cuts.of(100, 80, 3)        → [0, 0, 80, 100]       nothing, a training block, a validation block
 * </pre>
 */
final class Cuts implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int[] starts; // partition p holds positions [starts[p], starts[p + 1])

  private Cuts(int[] starts) {
    this.starts = starts;
  }

  /** {@code all} positions, the first {@code train} of them training rows, in {@code partitions} parts. */
  static Cuts of(int all, int train, int partitions) {
    if (partitions < 1 || train < 0 || train > all) {
      throw new IllegalArgumentException(partitions + " partitions of " + all + " rows, " + train + " training");
    }
    int trainBlocks = (train + RangeSums.BLOCK_ROWS - 1) / RangeSums.BLOCK_ROWS;
    int validationBlocks = (all - train + RangeSums.BLOCK_ROWS - 1) / RangeSums.BLOCK_ROWS;
    int blocks = trainBlocks + validationBlocks;
    int[] starts = new int[partitions + 1];
    for (int p = 0; p <= partitions; p++) {
      int block = (int) ((long) p * blocks / partitions);
      starts[p] = block <= trainBlocks ? Math.min(train, block * RangeSums.BLOCK_ROWS)
          : Math.min(all, train + (block - trainBlocks) * RangeSums.BLOCK_ROWS);
    }
    return new Cuts(starts);
  }

  int partitions() {
    return starts.length - 1;
  }

  int start(int partition) {
    return starts[partition];
  }

  int end(int partition) {
    return starts[partition + 1];
  }

  /** The partition holding position {@code position}: the last non-empty one starting at or before it. */
  int partitionOf(int position) {
    int at = Arrays.binarySearch(starts, position);
    if (at < 0) {
      return -at - 2;
    }
    while (at + 1 < starts.length - 1 && starts[at + 1] == position) {
      at++; // empty partitions start where the next one does
    }
    return Math.min(at, starts.length - 2);
  }

  @Override
  public String toString() {
    return Arrays.toString(starts);
  }
}

package io.gradgen.runtime.train;

import java.util.Arrays;

/**
 * The one order in which a range's losses and gradients are summed, wherever they are computed:
 * by {@link ChunkedSum} on this machine's threads, or by an objective that computes elsewhere (a
 * cluster's executors) and implements this interface to sum a whole range itself.
 *
 * <p>A range {@code [from, to)} of more than {@value #CHUNK_ROWS} rows is cut into chunks of
 * {@value #CHUNK_ROWS} rows from {@code from} (the last short); each chunk's sums go into their own
 * zeroed buffer. Chunks are grouped into blocks of {@value #BLOCK_CHUNKS} consecutive chunks (the
 * last short); a block's sum is its chunks' buffers added in chunk order onto zero, and the range's
 * sum is the block sums added in block order onto zero. A range of at most one chunk is computed
 * straight into the zeroed gradient. Neither cut depends on threads, machines or partitions, so a
 * block can be summed wherever its rows are and only its sum shipped: a range of b blocks costs b
 * gradients, not one per chunk. A range of one block (up to {@value #BLOCK_CHUNKS} × {@value
 * #CHUNK_ROWS} rows) sums exactly as a plain left fold over its chunks.
 *
 * <pre>
 * 40,000 rows: chunks of 512 → 79 chunks; blocks of 32 chunks → 3 blocks (32, 32, 15 chunks)
 * gradient = ((0 + B₀) + B₁) + B₂,  B₀ = ((0 + g₀) + g₁) + … + g₃₁
 * </pre>
 */
public interface RangeSums {
  /** Rows in a chunk: one kernel call, summed row by row by the kernel itself. */
  int CHUNK_ROWS = 512;
  /** Chunks in a block. */
  int BLOCK_CHUNKS = 32;
  /** Rows in a block. */
  int BLOCK_ROWS = CHUNK_ROWS * BLOCK_CHUNKS;

  /** Summed loss over {@code [from, to)}; {@code gradient} is overwritten with the summed gradient. */
  double lossAndGradientSum(int from, int to, double[] gradient);

  /** Summed loss over {@code [from, to)}. */
  double lossSum(int from, int to);

  /**
   * One block's sums, {@code [from, to)} being at most {@link #BLOCK_ROWS} rows of {@code
   * objective}: the loss, and the gradient into {@code block} (overwritten; null for the loss
   * alone), {@code chunk} a scratch buffer of the gradient's size.
   */
  static double block(Objective objective, int from, int to, double[] block, double[] chunk) {
    double loss = 0;
    if (block != null) {
      Arrays.fill(block, 0);
    }
    for (int start = from; start < to; start += CHUNK_ROWS) {
      int end = Math.min(to, start + CHUNK_ROWS);
      if (block == null) {
        loss += objective.loss(start, end);
        continue;
      }
      Arrays.fill(chunk, 0);
      loss += objective.lossAndGradient(start, end, chunk);
      for (int i = 0; i < block.length; i++) {
        block[i] += chunk[i];
      }
    }
    return loss;
  }
}

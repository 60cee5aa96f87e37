package io.gradgen.runtime.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Losses and gradients summed over a range of rows, spread over threads without changing a single
 * bit of the result. The range is cut into chunks of a fixed {@value #CHUNK_ROWS} rows (never
 * derived from the thread count); each chunk's gradient goes into its own zeroed buffer, and the
 * buffers are added in chunk order within fixed blocks of chunks, the blocks' sums in block order
 * ({@link RangeSums} defines the order). Which thread computed which chunk therefore cannot
 * matter, and neither does which machine: an objective that is a {@link RangeSums} (a cluster's)
 * is handed whole ranges and sums them in that order itself.
 *
 * <p>Chunks run in waves: in each wave every one of the {@code threads} slots takes a run of
 * consecutive chunks, the calling thread the first run, the pool's {@code threads − 1} workers the
 * others, each slot with its own {@link Objective#copyForThread()} and buffers. A slot holds as
 * many chunk buffers as fit in {@value #SLOT_BUDGET} values (allocated when first used), so a small
 * model's whole batch is one wave (one hand-off per step, not one per chunk) and a large model's
 * memory stays bounded however big the batch. A range of one chunk runs on the calling thread
 * alone, with no hand-off; the pool's threads (and the objective copies) are made only when a range first needs them.
 *
 * <p>With 1,200 rows and 2 threads: chunks [0, 512), [512, 1024), [1024, 1200), the caller taking
 * the first two, a worker the third; gradient = 0 + (((0 + g₀) + g₁) + g₂), the same sum with 1 thread.
 */
final class ChunkedSum implements AutoCloseable {
  static final int CHUNK_ROWS = RangeSums.CHUNK_ROWS;
  static final int BLOCK_CHUNKS = RangeSums.BLOCK_CHUNKS;
  static final int SLOT_BUDGET = 1 << 15;

  private final Objective[] objectives;
  private double[][][] buffers; // these two are made by the first range of more than one chunk
  private double[][] losses;
  private final int chunksPerSlot;
  private final int parameterCount;
  private final RangeSums whole; // an objective that sums whole ranges itself, or null
  private double[] block; // the current block's gradient sum, made with the buffers
  private ExecutorService pool; // started on the first range of more than one chunk

  ChunkedSum(Objective objective, int threads, int parameterCount) {
    this(objective, threads, parameterCount, Math.max(1, SLOT_BUDGET / Math.max(1, parameterCount)));
  }

  /** With {@code chunksPerSlot} buffers per slot instead of what the budget allows (for tests). */
  ChunkedSum(Objective objective, int threads, int parameterCount, int chunksPerSlot) {
    if (threads < 1 || chunksPerSlot < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    objectives = new Objective[threads];
    objectives[0] = objective; // the others' copies are made with the pool
    this.chunksPerSlot = chunksPerSlot;
    this.parameterCount = parameterCount;
    whole = objective instanceof RangeSums sums ? sums : null;
  }

  private ExecutorService pool() {
    if (pool == null) {
      for (int slot = 1; slot < objectives.length; slot++) {
        objectives[slot] = objectives[0].copyForThread();
      }
      pool =
          Executors.newFixedThreadPool(
              objectives.length - 1,
              task -> {
                Thread thread = new Thread(task, "gradgen-trainer");
                thread.setDaemon(true);
                return thread;
              });
    }
    return pool;
  }

  /** Summed loss over {@code [from, to)}; {@code gradient} is overwritten with the summed gradient. */
  double lossAndGradient(int from, int to, double[] gradient) {
    Arrays.fill(gradient, 0);
    if (to - from <= CHUNK_ROWS) {
      return objectives[0].lossAndGradient(from, to, gradient);
    }
    return whole != null ? whole.lossAndGradientSum(from, to, gradient) : run(from, to, gradient);
  }

  /** Summed loss over {@code [from, to)}. */
  double loss(int from, int to) {
    if (to - from <= CHUNK_ROWS) {
      return objectives[0].loss(from, to);
    }
    return whole != null ? whole.lossSum(from, to) : run(from, to, null);
  }

  private double run(int from, int to, double[] gradient) {
    int chunks = (to - from + CHUNK_ROWS - 1) / CHUNK_ROWS;
    int threads = objectives.length;
    if (losses == null) { // a small model's run never gets here: it allocates nothing per run
      buffers = new double[threads][chunksPerSlot][]; // each buffer allocated on first use
      losses = new double[threads][chunksPerSlot];
      block = new double[parameterCount];
    }
    double loss = 0;
    double blockLoss = 0;
    for (int first = 0; first < chunks; first += threads * chunksPerSlot) {
      int count = Math.min(threads * chunksPerSlot, chunks - first);
      int perSlot = (count + threads - 1) / threads;
      int slots = (count + perSlot - 1) / perSlot;
      List<Future<?>> pending = new ArrayList<>(slots - 1);
      for (int slot = 1; slot < slots; slot++) {
        int s = slot;
        int chunk = first + slot * perSlot;
        int n = Math.min(perSlot, count - slot * perSlot);
        pending.add(pool().submit(() -> compute(s, from, to, chunk, n, gradient != null)));
      }
      compute(0, from, to, first, Math.min(perSlot, count), gradient != null);
      await(pending, "a batch");
      for (int c = 0; c < count; c++) {
        int slot = c / perSlot;
        int j = c % perSlot;
        int chunk = first + c;
        if (chunk % BLOCK_CHUNKS == 0) { // a block starts: its sums start from zero
          blockLoss = 0;
          if (gradient != null) {
            Arrays.fill(block, 0);
          }
        }
        blockLoss += losses[slot][j];
        if (gradient != null) {
          double[] buffer = buffers[slot][j];
          for (int i = 0; i < block.length; i++) {
            block[i] += buffer[i];
          }
        }
        if (chunk % BLOCK_CHUNKS == BLOCK_CHUNKS - 1 || chunk == chunks - 1) { // the block is whole
          loss += blockLoss;
          if (gradient != null) {
            for (int i = 0; i < gradient.length; i++) {
              gradient[i] += block[i];
            }
          }
        }
      }
    }
    return loss;
  }

  /** Chunks {@code [chunk, chunk + n)} of the range, into slot {@code slot}'s buffers 0 .. n. */
  private void compute(int slot, int from, int to, int chunk, int n, boolean withGradient) {
    for (int j = 0; j < n; j++) {
      int start = from + (chunk + j) * CHUNK_ROWS;
      int end = Math.min(to, start + CHUNK_ROWS);
      if (withGradient) {
        if (buffers[slot][j] == null) {
          buffers[slot][j] = new double[parameterCount];
        }
        Arrays.fill(buffers[slot][j], 0);
        losses[slot][j] = objectives[slot].lossAndGradient(start, end, buffers[slot][j]);
      } else {
        losses[slot][j] = objectives[slot].loss(start, end);
      }
    }
  }

  /**
   * Waits for every task, rethrowing the first failure as it was thrown (a worker's exception is
   * the caller's); {@code what} names the work in the message of an interrupt.
   */
  static void await(List<Future<?>> pending, String what) {
    try {
      for (Future<?> future : pending) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

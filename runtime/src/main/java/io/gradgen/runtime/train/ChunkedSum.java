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
 * buffers are added in chunk order. Which thread computed which chunk therefore cannot matter.
 *
 * <p>Chunks run in waves of {@code threads}: the calling thread takes the first of each wave, the
 * pool's {@code threads − 1} workers the others, each slot with its own {@link
 * Objective#copyForThread()} and buffer, so memory stays at {@code threads} gradients however big
 * the batch. A range of one chunk runs on the calling thread alone.
 *
 * <p>With 5,000 rows and 4 threads: chunks [0, 2048), [2048, 4096), [4096, 5000) in one wave;
 * gradient = ((0 + g₀) + g₁) + g₂, the same sum with 1 thread.
 */
final class ChunkedSum implements AutoCloseable {
  static final int CHUNK_ROWS = 2048;

  private final Objective[] objectives;
  private final double[][] buffers;
  private final double[] losses;
  private final ExecutorService pool;

  ChunkedSum(Objective objective, int threads, int parameterCount) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    objectives = new Objective[threads];
    objectives[0] = objective;
    for (int slot = 1; slot < threads; slot++) {
      objectives[slot] = objective.copyForThread();
    }
    buffers = new double[threads][parameterCount];
    losses = new double[threads];
    pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                task -> {
                  Thread thread = new Thread(task, "gradgen-trainer");
                  thread.setDaemon(true);
                  return thread;
                });
  }

  /** Summed loss over {@code [from, to)}; {@code gradient} is overwritten with the summed gradient. */
  double lossAndGradient(int from, int to, double[] gradient) {
    Arrays.fill(gradient, 0);
    if (to - from <= CHUNK_ROWS) {
      return objectives[0].lossAndGradient(from, to, gradient);
    }
    return run(from, to, gradient);
  }

  /** Summed loss over {@code [from, to)}. */
  double loss(int from, int to) {
    if (to - from <= CHUNK_ROWS) {
      return objectives[0].loss(from, to);
    }
    return run(from, to, null);
  }

  private double run(int from, int to, double[] gradient) {
    int chunks = (to - from + CHUNK_ROWS - 1) / CHUNK_ROWS;
    double loss = 0;
    for (int first = 0; first < chunks; first += objectives.length) {
      int count = Math.min(objectives.length, chunks - first);
      List<Future<?>> pending = new ArrayList<>();
      for (int slot = 1; slot < count; slot++) {
        int chunk = first + slot;
        int s = slot;
        pending.add(pool.submit(() -> compute(s, from, to, chunk, gradient != null)));
      }
      compute(0, from, to, first, gradient != null);
      await(pending);
      for (int slot = 0; slot < count; slot++) {
        loss += losses[slot];
        if (gradient != null) {
          double[] buffer = buffers[slot];
          for (int i = 0; i < gradient.length; i++) {
            gradient[i] += buffer[i];
          }
        }
      }
    }
    return loss;
  }

  private void compute(int slot, int from, int to, int chunk, boolean withGradient) {
    int start = from + chunk * CHUNK_ROWS;
    int end = Math.min(to, start + CHUNK_ROWS);
    if (withGradient) {
      Arrays.fill(buffers[slot], 0);
      losses[slot] = objectives[slot].lossAndGradient(start, end, buffers[slot]);
    } else {
      losses[slot] = objectives[slot].loss(start, end);
    }
  }

  private static void await(List<Future<?>> pending) {
    try {
      for (Future<?> future : pending) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing a batch", e);
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

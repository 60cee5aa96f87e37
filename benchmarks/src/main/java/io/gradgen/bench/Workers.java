package io.gradgen.bench;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread handling a hand-written loop would have: {@code threads − 1} pooled daemon workers,
 * the calling thread doing part 0 itself, a join at the end. Parts are fixed by the caller.
 */
final class Workers implements AutoCloseable {
  interface Part {
    void run(int part);
  }

  private final int threads;
  private final ExecutorService pool;
  private final Future<?>[] pending;

  Workers(int threads) {
    this.threads = threads;
    this.pending = new Future<?>[threads];
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, task -> {
      Thread thread = new Thread(task, "hand-written");
      thread.setDaemon(true);
      return thread;
    });
  }

  int threads() {
    return threads;
  }

  /** Runs parts {@code 0 .. parts − 1} ({@code parts ≤ threads}) and waits for all of them. */
  void run(int parts, Part part) {
    for (int p = 1; p < parts; p++) {
      int index = p;
      pending[p] = pool.submit(() -> part.run(index));
    }
    part.run(0);
    try {
      for (int p = 1; p < parts; p++) {
        pending[p].get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

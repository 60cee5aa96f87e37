package io.gradgen.runtime.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loss, gradient and Hessian-vector product summed over a range of rows, spread over threads
 * without changing a bit of the result, as {@link ChunkedSum} does for the gradient (its own class
 * so that ChunkedSum's changes and this one's stay apart): the range is cut into chunks of a fixed
 * {@value #CHUNK_ROWS} rows (ChunkedSum's, never derived from the thread count), each chunk's sums
 * go into its own zeroed buffers, and the buffers are added in chunk order, so which thread
 * computed which chunk cannot matter, and the loss and gradient are ChunkedSum's to the bit.
 *
 * <p>Each thread has its own {@link Objective#copyForThread()}; chunk {@code c} runs on slot {@code
 * c mod threads}, the calling thread taking slot 0. A range of one chunk runs on the calling thread
 * alone, with no hand-off and nothing allocated. The buffers are kept for the next call (a
 * conjugate-gradient solve asks for many products over the same rows).
 *
 * <pre>
 * try (HessianVectorSum sum = new HessianVectorSum(objective, 2)) {
 *   double loss = sum.lossGradientAndHessianVector(0, objective.rows(), v, gradient, hv);
 * }
 * </pre>
 */
public final class HessianVectorSum implements AutoCloseable {
  static final int CHUNK_ROWS = ChunkedSum.CHUNK_ROWS;

  private final Objective[] objectives;
  private final int parameterCount;
  private double[][] gradients = new double[0][];
  private double[][] products = new double[0][];
  private double[] losses = new double[0];
  private ExecutorService pool;

  /** {@code objective} must have Hessian-vector products; {@code threads} at least 1. */
  public HessianVectorSum(Objective objective, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, not " + threads);
    }
    if (!objective.hasHessianVectorProducts()) {
      throw new IllegalArgumentException("this objective computes no Hessian-vector products");
    }
    objectives = new Objective[threads];
    objectives[0] = objective;
    parameterCount = objective.layout().parameterCount();
  }

  /**
   * Summed loss over {@code [from, to)} with the objective's current parameters; {@code gradient}
   * and {@code hessianVector} are overwritten with the summed gradient and {@code H·direction}.
   */
  public double lossGradientAndHessianVector(int from, int to, double[] direction, double[] gradient,
      double[] hessianVector) {
    Arrays.fill(gradient, 0);
    Arrays.fill(hessianVector, 0);
    if (to - from <= CHUNK_ROWS) {
      return objectives[0].lossGradientAndHessianVector(from, to, direction, gradient, hessianVector);
    }
    int chunks = (to - from + CHUNK_ROWS - 1) / CHUNK_ROWS;
    ensureBuffers(chunks);
    List<Future<?>> pending = new ArrayList<>();
    for (int slot = 1; slot < Math.min(objectives.length, chunks); slot++) {
      int s = slot;
      pending.add(pool().submit(() -> compute(s, from, to, chunks, direction)));
    }
    compute(0, from, to, chunks, direction);
    ChunkedSum.await(pending, "a Hessian-vector product");
    double loss = 0;
    for (int c = 0; c < chunks; c++) {
      loss += losses[c];
      for (int i = 0; i < parameterCount; i++) {
        gradient[i] += gradients[c][i];
        hessianVector[i] += products[c][i];
      }
    }
    return loss;
  }

  /** The chunks of slot {@code slot}: {@code slot}, {@code slot + threads} … */
  private void compute(int slot, int from, int to, int chunks, double[] direction) {
    for (int c = slot; c < chunks; c += objectives.length) {
      int start = from + c * CHUNK_ROWS;
      int end = Math.min(to, start + CHUNK_ROWS);
      Arrays.fill(gradients[c], 0);
      Arrays.fill(products[c], 0);
      losses[c] = objectives[slot].lossGradientAndHessianVector(start, end, direction, gradients[c], products[c]);
    }
  }

  private void ensureBuffers(int chunks) {
    if (gradients.length < chunks) {
      int had = gradients.length;
      gradients = Arrays.copyOf(gradients, chunks);
      products = Arrays.copyOf(products, chunks);
      losses = new double[chunks];
      for (int c = had; c < chunks; c++) {
        gradients[c] = new double[parameterCount];
        products[c] = new double[parameterCount];
      }
    }
  }

  private ExecutorService pool() {
    if (pool == null) {
      for (int slot = 1; slot < objectives.length; slot++) {
        objectives[slot] = objectives[0].copyForThread();
      }
      pool = Executors.newFixedThreadPool(objectives.length - 1, task -> {
        Thread thread = new Thread(task, "gradgen-hessian");
        thread.setDaemon(true);
        return thread;
      });
    }
    return pool;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

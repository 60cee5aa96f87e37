package io.gradgen.bench;

import java.util.SplittableRandom;

/**
 * Linear regression with {@code k} outputs ({@code yhat = W x + b}, loss {@code mse(yhat, y)},
 * batch mean) trained by SGD, written by hand the way a careful Java engineer would: one flat row
 * array, the forward pass, loss and gradient fused into one loop over a batch's rows, the batch
 * split over the threads only when it is big enough to pay for the hand-off (≥ {@value
 * #MIN_PART_ROWS} rows a part), shuffled through an index array when asked. Used for crop yields
 * (k = 3 → 2) and the 1M × 32 regression; {@code HandLinearF32} is the same loop in float.
 */
final class HandLinearF64 {
  static final int MIN_PART_ROWS = 1024;

  private final double[] data;
  private final int rows;
  private final int features;
  private final int outputs;
  private final int width;
  private final int batch;
  private final double lr;
  private final long shuffleSeed;
  private final int[] order;
  private final Workers workers;
  final double[] w;
  final double[] b;
  private final double[][] gw;
  private final double[][] gb;
  private final double[] losses;

  /** {@code batch} 0 is the full batch; {@code shuffle} false keeps file order. */
  HandLinearF64(double[] data, int rows, int features, int outputs, int batch, double lr, boolean shuffle,
      long shuffleSeed, Workers workers) {
    this.data = data;
    this.rows = rows;
    this.features = features;
    this.outputs = outputs;
    this.width = features + outputs;
    this.batch = batch == 0 ? rows : batch;
    this.lr = lr;
    this.shuffleSeed = shuffleSeed;
    this.order = shuffle ? new int[rows] : null;
    this.workers = workers;
    this.w = new double[outputs * features];
    this.b = new double[outputs];
    this.gw = new double[workers.threads()][outputs * features];
    this.gb = new double[workers.threads()][outputs];
    this.losses = new double[workers.threads()];
  }

  /** One epoch; returns the summed loss over its batches (before each step). */
  /** Starts again from {@code initial} (w then b, the model's param layout). */
  void reset(double[] initial) {
    for (int i = 0; i < w.length; i++) {
      w[i] = initial[i];
    }
    for (int o = 0; o < outputs; o++) {
      b[o] = initial[w.length + o];
    }
  }

  double epoch(int epoch) {
    if (order != null) {
      shuffle(epoch);
    }
    double total = 0;
    for (int from = 0; from < rows; from += batch) {
      int to = Math.min(rows, from + batch);
      int count = to - from;
      int parts = Math.max(1, Math.min(workers.threads(), count / MIN_PART_ROWS));
      int start = from;
      if (parts == 1) {
        part(0, from, to);
      } else {
        workers.run(parts, p -> part(p, start + (int) ((long) count * p / parts),
            start + (int) ((long) count * (p + 1) / parts)));
      }
      double scale = 2.0 / outputs / count;
      for (int p = 1; p < parts; p++) {
        for (int i = 0; i < w.length; i++) {
          gw[0][i] += gw[p][i];
        }
        for (int o = 0; o < outputs; o++) {
          gb[0][o] += gb[p][o];
        }
        losses[0] += losses[p];
      }
      for (int i = 0; i < w.length; i++) {
        w[i] -= lr * scale * gw[0][i];
      }
      for (int o = 0; o < outputs; o++) {
        b[o] -= lr * scale * gb[0][o];
      }
      total += losses[0] / outputs;
    }
    return total;
  }

  /** Loss and gradient (of Σ residual², unscaled) over rows [from, to) into part {@code p}'s buffers. */
  private void part(int p, int from, int to) {
    double[] gwp = gw[p];
    double[] gbp = gb[p];
    java.util.Arrays.fill(gwp, 0);
    java.util.Arrays.fill(gbp, 0);
    double loss = 0;
    for (int position = from; position < to; position++) {
      int base = (order == null ? position : order[position]) * width;
      for (int o = 0; o < outputs; o++) {
        int wo = o * features;
        double yhat = b[o];
        for (int j = 0; j < features; j++) {
          yhat += w[wo + j] * data[base + j];
        }
        double residual = yhat - data[base + features + o];
        loss += residual * residual;
        for (int j = 0; j < features; j++) {
          gwp[wo + j] += residual * data[base + j];
        }
        gbp[o] += residual;
      }
    }
    losses[p] = loss;
  }

  private void shuffle(int epoch) {
    SplittableRandom random = new SplittableRandom(shuffleSeed * 31 + epoch);
    for (int i = 0; i < rows; i++) {
      order[i] = i;
    }
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}

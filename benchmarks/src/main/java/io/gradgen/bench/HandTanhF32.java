package io.gradgen.bench;

import io.gradgen.runtime.Functions;

/**
 * The tanh network ({@code h = tanh(W1 x + b1)}, {@code yhat = w2·h + b2}, loss {@code (yhat −
 * y)²}, batch mean) trained by Adam, written by hand: flat arrays, forward and backward fused per
 * row, each thread's part of a batch into its own gradient buffer, summed in part order, then one
 * Adam step with PyTorch's formula. this is the float twin of {@code HandTanhF64}, the same loop in float.
 */
final class HandTanhF32 {
  private final float[] data;
  private final int rows;
  private final int features;
  private final int hidden;
  private final int width;
  private final int batch;
  private final Workers workers;
  private final int size;
  /** W1 (hidden × features), b1, w2, b2, one flat vector as Adam sees it. */
  final float[] params;
  private final float[][] grads;
  private final float[][] scratch;
  private final double[] losses;
  private final float[] m;
  private final float[] v;
  private final float lr;
  private final float beta1 = 0.9f;
  private final float beta2 = 0.999f;
  private final float eps = 1e-8f;
  private long step;

  HandTanhF32(float[] data, int rows, int features, int hidden, int batch, double lr, double[] initial,
      Workers workers) {
    this.data = data;
    this.rows = rows;
    this.features = features;
    this.hidden = hidden;
    this.width = features + 1;
    this.batch = batch;
    this.lr = (float) lr;
    this.workers = workers;
    this.size = hidden * features + 2 * hidden + 1;
    this.params = new float[size];
    for (int i = 0; i < size; i++) {
      params[i] = (float) initial[i];
    }
    this.grads = new float[workers.threads()][size];
    this.scratch = new float[workers.threads()][hidden];
    this.losses = new double[workers.threads()];
    this.m = new float[size];
    this.v = new float[size];
  }

  /** Starts again from {@code initial} (W1, b1, w2, b2, the model's param layout) with fresh Adam state. */
  void reset(double[] initial) {
    for (int i = 0; i < size; i++) {
      params[i] = (float) initial[i];
      m[i] = 0;
      v[i] = 0;
    }
    step = 0;
  }

  double epoch() {
    double total = 0;
    for (int from = 0; from < rows; from += batch) {
      int to = Math.min(rows, from + batch);
      int count = to - from;
      int parts = Math.max(1, Math.min(workers.threads(), count / 256));
      int start = from;
      if (parts == 1) {
        part(0, from, to);
      } else {
        workers.run(parts, p -> part(p, start + count * p / parts, start + count * (p + 1) / parts));
      }
      float[] g = grads[0];
      for (int p = 1; p < parts; p++) {
        for (int i = 0; i < size; i++) {
          g[i] += grads[p][i];
        }
        losses[0] += losses[p];
      }
      total += losses[0];
      adam(g, 2f / count);
    }
    return total;
  }

  private void adam(float[] g, float scale) {
    step++;
    float correction1 = (float) (1 - Math.pow(beta1, step));
    float correction2Root = (float) Math.sqrt(1 - Math.pow(beta2, step));
    float stepSize = lr / correction1;
    for (int i = 0; i < size; i++) {
      float gi = g[i] * scale;
      m[i] = beta1 * m[i] + (1 - beta1) * gi;
      v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
      params[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) / correction2Root + eps);
    }
  }

  /** Σ (yhat − y)² and its gradient (of Σ residual, the factor 2 applied in the step) over [from, to). */
  private void part(int p, int from, int to) {
    float[] g = grads[p];
    float[] h = scratch[p];
    java.util.Arrays.fill(g, 0);
    int b1 = hidden * features;
    int w2 = b1 + hidden;
    int b2 = w2 + hidden;
    double loss = 0;
    for (int r = from; r < to; r++) {
      int base = r * width;
      float yhat = params[b2];
      for (int u = 0; u < hidden; u++) {
        float z = params[b1 + u];
        int wu = u * features;
        for (int j = 0; j < features; j++) {
          z += params[wu + j] * data[base + j];
        }
        h[u] = (float) Functions.tanh(z);
        yhat += params[w2 + u] * h[u];
      }
      float residual = yhat - data[base + features];
      loss += residual * residual;
      g[b2] += residual;
      for (int u = 0; u < hidden; u++) {
        g[w2 + u] += residual * h[u];
        float dz = residual * params[w2 + u] * (1 - h[u] * h[u]);
        g[b1 + u] += dz;
        int wu = u * features;
        for (int j = 0; j < features; j++) {
          g[wu + j] += dz * data[base + j];
        }
      }
    }
    losses[p] = loss;
  }
}

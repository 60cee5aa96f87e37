package io.gradgen.runtime.autograd;

/**
 * Reductions: {@code sum mean norm norm1} over the elements of each sample, {@code dot} of two
 * vectors, and {@code sumBatch}/{@code meanBatch} over the samples of a batch.
 *
 * <p>The per-sample reductions keep the batch: a batch of 32 vectors {@code [3]} reduces to a batch
 * of 32 scalars. {@link #sum} is the exemplar: the forward loop reduces each sample's {@code size}
 * contiguous values; the backward loop spreads each sample's {@code dy} back over them ({@code dx
 * += dy · ∂y/∂x}). Only the batch reductions turn a batched tensor into an unbatched one, which is
 * how a per-sample loss becomes the objective the backward pass starts from:
 *
 * <pre>{@code
 * Tensor loss = tape.meanBatch(tape.mse(prediction, target));   // batch of scalars -> scalar
 * }</pre>
 */
final class Reductions {
  private static final int[] SCALAR = {};

  private Reductions() {}

  private static Tensor perSample(Tensor x) {
    return Tensor.zeros(SCALAR, x.batched, x.samples);
  }

  /** The sum of each sample's elements. dx += dy. */
  static Tensor sum(Tape tape, Tensor x) {
    Tensor y = perSample(x);
    int n = x.size;
    double[] u = x.data, v = y.data;
    for (int s = 0; s < x.samples; s++) {
      double total = 0;
      for (int i = s * n; i < s * n + n; i++) {
        total += u[i];
      }
      v[s] = total;
    }
    return tape.record("sum", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int s = 0; s < x.samples; s++) {
        for (int i = s * n; i < s * n + n; i++) {
          dx[i] += dy[s];
        }
      }
    }, x);
  }

  /** The mean of each sample's elements. dx += dy / n. */
  static Tensor mean(Tape tape, Tensor x) {
    Tensor y = perSample(x);
    int n = x.size;
    double[] u = x.data, v = y.data;
    for (int s = 0; s < x.samples; s++) {
      double total = 0;
      for (int i = s * n; i < s * n + n; i++) {
        total += u[i];
      }
      v[s] = total / n;
    }
    return tape.record("mean", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int s = 0; s < x.samples; s++) {
        double share = dy[s] / n;
        for (int i = s * n; i < s * n + n; i++) {
          dx[i] += share;
        }
      }
    }, x);
  }

  /** The L2 norm of each sample. dx += dy · x / y, and 0 where the norm is 0 (as PyTorch). */
  static Tensor norm(Tape tape, Tensor x) {
    Tensor y = perSample(x);
    int n = x.size;
    double[] u = x.data, v = y.data;
    for (int s = 0; s < x.samples; s++) {
      double squares = 0;
      for (int i = s * n; i < s * n + n; i++) {
        squares += u[i] * u[i];
      }
      v[s] = Math.sqrt(squares);
    }
    return tape.record("norm", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int s = 0; s < x.samples; s++) {
        if (v[s] == 0) {
          continue;
        }
        double scale = dy[s] / v[s];
        for (int i = s * n; i < s * n + n; i++) {
          dx[i] += scale * u[i];
        }
      }
    }, x);
  }

  /** The L1 norm (sum of absolute values) of each sample. dx += dy · sign(x), sign(0) = 0. */
  static Tensor norm1(Tape tape, Tensor x) {
    Tensor y = perSample(x);
    int n = x.size;
    double[] u = x.data, v = y.data;
    for (int s = 0; s < x.samples; s++) {
      double total = 0;
      for (int i = s * n; i < s * n + n; i++) {
        total += Math.abs(u[i]);
      }
      v[s] = total;
    }
    return tape.record("norm1", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int s = 0; s < x.samples; s++) {
        for (int i = s * n; i < s * n + n; i++) {
          dx[i] += dy[s] * Math.signum(u[i]);
        }
      }
    }, x);
  }

  /** The dot product of two vectors of equal length, either batched. da += dy·b, db += dy·a. */
  static Tensor dot(Tape tape, Tensor a, Tensor b) {
    if (a.shape.length != 1 || b.shape.length != 1 || a.size != b.size) {
      throw new IllegalArgumentException(
          "cannot take the dot product of " + Tensor.format(a.shape) + " and "
              + Tensor.format(b.shape));
    }
    Broadcast p = Broadcast.samples("take the dot product of", a, b);
    Tensor y = p.output(SCALAR);
    int n = a.size;
    double[] x = a.data, w = b.data, v = y.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride;
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += x[ia + i] * w[ib + i];
      }
      v[s] = total;
    }
    return tape.record("dot", y, () -> {
      double[] dy = y.grad;
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride;
        if (ga != null) {
          for (int i = 0; i < n; i++) {
            ga[ia + i] += dy[s] * w[ib + i];
          }
        }
        if (gb != null) {
          for (int i = 0; i < n; i++) {
            gb[ib + i] += dy[s] * x[ia + i];
          }
        }
      }
    }, a, b);
  }

  /** The sum over the samples of a batch, an unbatched tensor of the same shape. dx += dy. */
  static Tensor sumBatch(Tape tape, Tensor x) {
    return overBatch(tape, x, 1, "sumBatch");
  }

  /** The mean over the samples of a batch. dx += dy / B. */
  static Tensor meanBatch(Tape tape, Tensor x) {
    return overBatch(tape, x, 1.0 / x.samples, "meanBatch");
  }

  private static Tensor overBatch(Tape tape, Tensor x, double scale, String op) {
    if (!x.batched) {
      throw new IllegalArgumentException(op + " needs a batched tensor, not " + x.describe());
    }
    Tensor y = Tensor.zeros(x.shape, false, 1);
    int n = x.size;
    double[] u = x.data, v = y.data;
    for (int s = 0; s < x.samples; s++) {
      for (int i = 0; i < n; i++) {
        v[i] += u[s * n + i];
      }
    }
    for (int i = 0; i < n; i++) {
      v[i] *= scale;
    }
    return tape.record(op, y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int s = 0; s < x.samples; s++) {
        for (int i = 0; i < n; i++) {
          dx[s * n + i] += scale * dy[i];
        }
      }
    }, x);
  }
}

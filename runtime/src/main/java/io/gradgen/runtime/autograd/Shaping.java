package io.gradgen.runtime.autograd;

/**
 * What broadcasting and axis reductions are made of: {@code outer} (a vector stretched to a
 * matrix's rows is {@code ones ⊗ v}), {@code place} (a value put into zeros of a larger shape, how
 * one result per row is assembled), the extrema {@code amax}/{@code amin} of each sample, whose
 * gradient is split evenly between the elements that tie (as {@code torch.amax}), and {@code
 * argmax}, which has no gradient.
 *
 * <pre>{@code
 * Tensor rows = tape.outer(ones, b);       // [3] ones and b [4] -> [3, 4], every row b
 * Tensor top = tape.amax(z);               // batch of [3] -> batch of scalars
 * }</pre>
 */
final class Shaping {
  private static final int[] SCALAR = {};

  private Shaping() {}

  /** {@code u ⊗ v}: [m] and [n] → [m, n]. du += dy·v, dv += u·dy. */
  static Tensor outer(Tape tape, Tensor u, Tensor v) {
    if (u.shape.length != 1 || v.shape.length != 1) {
      throw new IllegalArgumentException("outer needs two vectors, not " + Tensor.format(u.shape)
          + " and " + Tensor.format(v.shape));
    }
    int m = u.size;
    int n = v.size;
    Broadcast p = Broadcast.samples("outer", u, v);
    Tensor y = p.output(new int[] {m, n});
    for (int s = 0; s < p.samples; s++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          y.data[s * m * n + i * n + j] = u.data[s * p.aStride + i] * v.data[s * p.bStride + j];
        }
      }
    }
    return tape.record("outer", y, () -> {
      double[] du = u.requiresGrad ? u.gradBuffer() : null;
      double[] dv = v.requiresGrad ? v.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            double g = y.grad[s * m * n + i * n + j];
            if (du != null) {
              du[s * p.aStride + i] += g * v.data[s * p.bStride + j];
            }
            if (dv != null) {
              dv[s * p.bStride + j] += u.data[s * p.aStride + i] * g;
            }
          }
        }
      }
    }, u, v);
  }

  /** Zeros of {@code shape} with {@code x}'s values from flat position {@code offset}. dx += dy there. */
  static Tensor place(Tape tape, Tensor x, int[] shape, int offset) {
    Tensor y = Tensor.zeros(shape.clone(), x.batched, x.samples);
    int width = x.size;
    if (offset < 0 || offset + width > y.size) {
      throw new IllegalArgumentException(width + " values do not fit " + Tensor.format(shape) + " at " + offset);
    }
    for (int s = 0; s < x.samples; s++) {
      System.arraycopy(x.data, s * width, y.data, s * y.size + offset, width);
    }
    return tape.record("place", y, () -> {
      double[] dx = x.gradBuffer();
      for (int s = 0; s < x.samples; s++) {
        for (int q = 0; q < width; q++) {
          dx[s * width + q] += y.grad[s * y.size + offset + q];
        }
      }
    }, x);
  }

  /**
   * The largest (or smallest) element of each sample, found as a running {@code Math.max} in
   * row-major order. dx += dy / count on each of the count elements equal to it.
   */
  static Tensor extremum(Tape tape, Tensor x, boolean max) {
    Tensor y = Tensor.zeros(SCALAR, x.batched, x.samples);
    int n = x.size;
    for (int s = 0; s < x.samples; s++) {
      double best = x.data[s * n];
      for (int i = 1; i < n; i++) {
        best = max ? Math.max(best, x.data[s * n + i]) : Math.min(best, x.data[s * n + i]);
      }
      y.data[s] = best;
    }
    return tape.record(max ? "amax" : "amin", y, () -> {
      double[] dx = x.gradBuffer();
      for (int s = 0; s < x.samples; s++) {
        int ties = 0;
        for (int i = 0; i < n; i++) {
          ties += x.data[s * n + i] == y.data[s] ? 1 : 0;
        }
        double share = y.grad[s] / ties;
        for (int i = 0; i < n; i++) {
          dx[s * n + i] += x.data[s * n + i] == y.data[s] ? share : 0.0;
        }
      }
    }, x);
  }

  /** The row-major position of each sample's largest element, the first of a tie; no gradient. */
  static Tensor argmax(Tensor x) {
    Tensor y = Tensor.zeros(SCALAR, x.batched, x.samples);
    int n = x.size;
    for (int s = 0; s < x.samples; s++) {
      int position = 0;
      for (int i = 1; i < n; i++) {
        if (x.data[s * n + i] > x.data[s * n + position]) {
          position = i;
        }
      }
      y.data[s] = position;
    }
    return y;
  }
}

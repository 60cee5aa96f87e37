package io.gradgen.runtime.autograd;

/**
 * Linear algebra: {@code matmul} in its four shapes, {@code transpose}, and {@code index}.
 *
 * <p>{@link #matmul} treats a vector on the left as a {@code [1, k]} matrix and a vector on the
 * right as a {@code [k, 1]} one, so matrix·matrix, matrix·vector, vector·matrix and vector·vector
 * share one loop nest over {@code C[m, n] = A[m, k] · B[k, n]}; only the output shape drops the unit
 * dimensions. Either operand may be batched: {@code W[m, k] @ x} over a batch of {@code x[k]} is, for
 * every sample, a {@code k}-long dot product per row, innermost over contiguous memory in both
 * {@code W} and {@code x}. Its gradients are {@code dA += dC · Bᵀ} and {@code dB += Aᵀ · dC}, and an
 * unbatched operand's gradient accumulates over the samples because every sample adds into the
 * same copy.
 *
 * <pre>{@code
 * Tensor h = tape.matmul(w, x);   // w [2, 3] parameter, x batch of [3] -> batch of [2]
 * }</pre>
 */
final class LinearAlgebra {
  private LinearAlgebra() {}

  /** The matrix product: [m,k]·[k,n] → [m,n], [m,k]·[k] → [m], [k]·[k,n] → [n], [k]·[k] → []. */
  static Tensor matmul(Tape tape, Tensor a, Tensor b) {
    if (a.shape.length == 0 || b.shape.length == 0
        || inner(a, true) != inner(b, false)) {
      throw new IllegalArgumentException(
          "cannot matrix-multiply " + Tensor.format(a.shape) + " and " + Tensor.format(b.shape));
    }
    int m = a.shape.length == 2 ? a.shape[0] : 1;
    int k = inner(a, true);
    int n = b.shape.length == 2 ? b.shape[1] : 1;
    int[] shape = a.shape.length == 2
        ? (b.shape.length == 2 ? new int[] {m, n} : new int[] {m})
        : (b.shape.length == 2 ? new int[] {n} : new int[] {});
    Broadcast p = Broadcast.samples("matrix-multiply", a, b);
    Tensor c = p.output(shape);
    double[] x = a.data, w = b.data, z = c.data;
    int mn = m * n;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, ic = s * mn;
      if (n == 1) {
        // Right operand is a vector: one dot product per row, both walks contiguous.
        for (int i = 0; i < m; i++) {
          double total = 0;
          int row = ia + i * k;
          for (int q = 0; q < k; q++) {
            total += x[row + q] * w[ib + q];
          }
          z[ic + i] = total;
        }
      } else {
        // i-q-j order: the innermost loop runs along a row of B and a row of C.
        for (int i = 0; i < m; i++) {
          for (int q = 0; q < k; q++) {
            double aiq = x[ia + i * k + q];
            int rowB = ib + q * n, rowC = ic + i * n;
            for (int j = 0; j < n; j++) {
              z[rowC + j] += aiq * w[rowB + j];
            }
          }
        }
      }
    }
    return tape.record("matmul", c, () -> {
      double[] dc = c.grad;
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride, ic = s * mn;
        if (n == 1) {
          // Right operand is a vector: dA gets the outer product dC·Bᵀ, dB gets Aᵀ·dC, row by row.
          for (int i = 0; i < m; i++) {
            double g = dc[ic + i];
            int rowA = ia + i * k;
            if (ga != null) {
              for (int q = 0; q < k; q++) {
                ga[rowA + q] += g * w[ib + q];
              }
            }
            if (gb != null) {
              for (int q = 0; q < k; q++) {
                gb[ib + q] += g * x[rowA + q];
              }
            }
          }
          continue;
        }
        for (int i = 0; i < m; i++) {
          int rowA = ia + i * k, rowC = ic + i * n;
          for (int q = 0; q < k; q++) {
            int rowB = ib + q * n;
            if (ga != null) {
              // dA[i, q] += Σ_j dC[i, j] · B[q, j]
              double total = 0;
              for (int j = 0; j < n; j++) {
                total += dc[rowC + j] * w[rowB + j];
              }
              ga[rowA + q] += total;
            }
            if (gb != null) {
              // dB[q, j] += A[i, q] · dC[i, j]
              double aiq = x[rowA + q];
              for (int j = 0; j < n; j++) {
                gb[rowB + j] += aiq * dc[rowC + j];
              }
            }
          }
        }
      }
    }, a, b);
  }

  /** The contracted size: a's last dimension (left), or b's first (right). */
  private static int inner(Tensor t, boolean left) {
    if (t.shape.length == 0) {
      return -1;
    }
    return left ? t.shape[t.shape.length - 1] : t.shape[0];
  }

  /** The transpose of a matrix, per sample. dx[i, j] += dy[j, i]. */
  static Tensor transpose(Tape tape, Tensor x) {
    if (x.shape.length != 2) {
      throw new IllegalArgumentException("cannot transpose " + Tensor.format(x.shape));
    }
    int rows = x.shape[0], cols = x.shape[1], n = x.size;
    Tensor y = Tensor.zeros(new int[] {cols, rows}, x.batched, x.samples);
    double[] u = x.data, v = y.data;
    for (int s = 0; s < x.samples; s++) {
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          v[s * n + j * rows + i] = u[s * n + i * cols + j];
        }
      }
    }
    return tape.record("transpose", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int s = 0; s < x.samples; s++) {
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            dx[s * n + i * cols + j] += dy[s * n + j * rows + i];
          }
        }
      }
    }, x);
  }

  /** Element {@code i} of a vector, or row {@code i} of a matrix. dx[that part] += dy. */
  static Tensor index(Tape tape, Tensor x, int i) {
    if (x.shape.length == 0 || i < 0 || i >= x.shape[0]) {
      throw new IllegalArgumentException("index " + i + " is out of " + Tensor.format(x.shape));
    }
    int[] shape = x.shape.length == 2 ? new int[] {x.shape[1]} : new int[] {};
    int width = x.shape.length == 2 ? x.shape[1] : 1;
    return slice(tape, x, i * width, shape, width);
  }

  /** Element {@code [i, j]} of a matrix. */
  static Tensor index(Tape tape, Tensor x, int i, int j) {
    if (x.shape.length != 2 || i < 0 || i >= x.shape[0] || j < 0 || j >= x.shape[1]) {
      throw new IllegalArgumentException(
          "index [" + i + ", " + j + "] is out of " + Tensor.format(x.shape));
    }
    return slice(tape, x, i * x.shape[1] + j, new int[] {}, 1);
  }

  /** The {@code width} contiguous values at {@code offset} of every sample; gradients scatter back. */
  private static Tensor slice(Tape tape, Tensor x, int offset, int[] shape, int width) {
    Tensor y = Tensor.zeros(shape, x.batched, x.samples);
    int n = x.size;
    for (int s = 0; s < x.samples; s++) {
      System.arraycopy(x.data, s * n + offset, y.data, s * width, width);
    }
    return tape.record("index", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int s = 0; s < x.samples; s++) {
        for (int q = 0; q < width; q++) {
          dx[s * n + offset + q] += dy[s * width + q];
        }
      }
    }, x);
  }
}

package io.gradgen.runtime.autograd;

/**
 * The comparisons {@code a < b}, {@code a <= b}, {@code a == b}, {@code a != b} (0 or 1, no
 * gradient, as a PyTorch comparison turned into a float), and the one-sided bounds of {@code
 * clamp}: {@code clamp_min(a, b) = max(a, b)} and {@code clamp_max(a, b) = min(a, b)} with
 * {@code torch.clamp}'s gradient, all of it to {@code a} where {@code a} is within the bound
 * ({@code a >= b}, resp. {@code a <= b}, a tie included) and all of it to the bound elsewhere;
 * unlike {@link Binary#max}, which splits a tie. Shapes as {@link Binary}: equal, or one a scalar.
 */
final class Comparisons {
  private Comparisons() {}

  /** One comparison of two elements. */
  @FunctionalInterface
  interface Test {
    boolean holds(double a, double b);
  }

  static Tensor compare(Tensor a, Tensor b, Test test) {
    Broadcast p = Broadcast.elementwise("compare", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        z[o + i] = test.holds(x[ia + i * p.aStep], y[ib + i * p.bStep]) ? 1.0 : 0.0;
      }
    }
    return out;
  }

  /** {@code max(a, b)}: da += dy where {@code a >= b}, db += dy where {@code a < b}. */
  static Tensor clampMin(Tape tape, Tensor a, Tensor b) {
    return bound(tape, a, b, true);
  }

  /** {@code min(a, b)}: da += dy where {@code a <= b}, db += dy where {@code a > b}. */
  static Tensor clampMax(Tape tape, Tensor a, Tensor b) {
    return bound(tape, a, b, false);
  }

  private static Tensor bound(Tape tape, Tensor a, Tensor b, boolean lower) {
    Broadcast p = Broadcast.elementwise("clamp", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        double u = x[ia + i * p.aStep], v = y[ib + i * p.bStep];
        z[o + i] = lower ? Math.max(u, v) : Math.min(u, v);
      }
    }
    return tape.record(lower ? "clamp_min" : "clamp_max", out, () -> {
      double[] g = out.grad;
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
        for (int i = 0; i < p.size; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double u = x[ja], v = y[jb];
          // Two tests, not one and its negation: a NaN is neither within nor beyond, and gets nothing.
          if (ga != null && (lower ? u >= v : u <= v)) {
            ga[ja] += g[o + i];
          }
          if (gb != null && (lower ? u < v : u > v)) {
            gb[jb] += g[o + i];
          }
        }
      }
    }, a, b);
  }
}

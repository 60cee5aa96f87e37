package io.gradgen.runtime.autograd;

/**
 * Elementwise binary ops: {@code add sub mul div pow max min}, each over a whole batch, with its
 * derivative written beside its forward loop.
 *
 * <p>The operands have equal per-sample shapes, or one is a scalar broadcast against the other; each
 * is batched or not. {@link Broadcast} turns that into strides, so every op is one loop nest:
 *
 * <pre>{@code
 * for each sample s, element i:
 *   out[s*size + i] = f(x[s*aStride + i*aStep], y[s*bStride + i*bStep])
 * }</pre>
 *
 * and its backward pass adds {@code dOut * df/dx} back through the same strides. {@link #mul} is
 * the exemplar; the others differ only in {@code f} and its partial derivatives.
 */
final class Binary {
  private Binary() {}

  /** {@code a + b}. d/da = 1, d/db = 1. */
  static Tensor add(Tape tape, Tensor a, Tensor b) {
    Broadcast p = Broadcast.elementwise("add", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        z[o + i] = x[ia + i * p.aStep] + y[ib + i * p.bStep];
      }
    }
    return tape.record("add", out, () -> {
      if (a.requiresGrad) {
        p.accumulateA(a, out.grad, 1);
      }
      if (b.requiresGrad) {
        p.accumulateB(b, out.grad, 1);
      }
    }, a, b);
  }

  /** {@code a - b}. d/da = 1, d/db = -1. */
  static Tensor sub(Tape tape, Tensor a, Tensor b) {
    Broadcast p = Broadcast.elementwise("subtract", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        z[o + i] = x[ia + i * p.aStep] - y[ib + i * p.bStep];
      }
    }
    return tape.record("sub", out, () -> {
      if (a.requiresGrad) {
        p.accumulateA(a, out.grad, 1);
      }
      if (b.requiresGrad) {
        p.accumulateB(b, out.grad, -1);
      }
    }, a, b);
  }

  /**
   * {@code a * b}. d/da = b, d/db = a: the backward pass reads both inputs, which the tape keeps
   * alive, rather than saving copies (the inputs are never written after they are made).
   */
  static Tensor mul(Tape tape, Tensor a, Tensor b) {
    Broadcast p = Broadcast.elementwise("multiply", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        z[o + i] = x[ia + i * p.aStep] * y[ib + i * p.bStep];
      }
    }
    return tape.record("mul", out, () -> {
      double[] g = out.grad;
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
        for (int i = 0; i < p.size; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          if (ga != null) {
            ga[ja] += g[o + i] * y[jb];
          }
          if (gb != null) {
            gb[jb] += g[o + i] * x[ja];
          }
        }
      }
    }, a, b);
  }

  /** {@code a / b}. d/da = 1/b, d/db = -a/b² = -out/b. */
  static Tensor div(Tape tape, Tensor a, Tensor b) {
    Broadcast p = Broadcast.elementwise("divide", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        z[o + i] = x[ia + i * p.aStep] / y[ib + i * p.bStep];
      }
    }
    return tape.record("div", out, () -> {
      double[] g = out.grad;
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
        for (int i = 0; i < p.size; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          if (ga != null) {
            ga[ja] += g[o + i] / y[jb];
          }
          if (gb != null) {
            gb[jb] -= g[o + i] * z[o + i] / y[jb];
          }
        }
      }
    }, a, b);
  }

  /**
   * {@code a ^ b} for any real exponent. d/da = b·a^(b−1), taken as 0 where b = 0 (so 0^0 does not
   * give 0·inf); d/db = a^b·log(a), taken as 0 where a = 0, as PyTorch masks it.
   */
  static Tensor pow(Tape tape, Tensor a, Tensor b) {
    Broadcast p = Broadcast.elementwise("raise", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        z[o + i] = Math.pow(x[ia + i * p.aStep], y[ib + i * p.bStep]);
      }
    }
    return tape.record("pow", out, () -> {
      double[] g = out.grad;
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
        for (int i = 0; i < p.size; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double base = x[ja], exponent = y[jb];
          if (ga != null && exponent != 0) {
            ga[ja] += g[o + i] * exponent * Math.pow(base, exponent - 1);
          }
          if (gb != null && base != 0) {
            gb[jb] += g[o + i] * z[o + i] * Math.log(base);
          }
        }
      }
    }, a, b);
  }

  /** {@code max(a, b)}. The gradient goes to the larger operand, half to each on a tie (PyTorch). */
  static Tensor max(Tape tape, Tensor a, Tensor b) {
    return extremum(tape, a, b, 1, "max");
  }

  /** {@code min(a, b)}. The gradient goes to the smaller operand, half to each on a tie (PyTorch). */
  static Tensor min(Tape tape, Tensor a, Tensor b) {
    return extremum(tape, a, b, -1, "min");
  }

  /**
   * max when {@code sign} is 1, min when it is -1: comparing {@code sign·x} with {@code sign·y}
   * turns min into max, so one backward loop serves both. d/da is 1 where a wins, 0.5 on a tie,
   * else 0. The forward uses {@link Math#max} so a NaN propagates, as in PyTorch.
   */
  private static Tensor extremum(Tape tape, Tensor a, Tensor b, double sign, String op) {
    Broadcast p = Broadcast.elementwise("take the " + op + " of", a, b);
    Tensor out = p.output();
    double[] x = a.data, y = b.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        double u = x[ia + i * p.aStep], v = y[ib + i * p.bStep];
        z[o + i] = sign > 0 ? Math.max(u, v) : Math.min(u, v);
      }
    }
    return tape.record(op, out, () -> {
      double[] g = out.grad;
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
        for (int i = 0; i < p.size; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double u = sign * x[ja], v = sign * y[jb];
          double share = u > v ? 1 : u == v ? 0.5 : 0;
          if (ga != null) {
            ga[ja] += g[o + i] * share;
          }
          if (gb != null) {
            gb[jb] += g[o + i] * (1 - share);
          }
        }
      }
    }, a, b);
  }
}

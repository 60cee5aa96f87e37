package io.gradgen.runtime.autograd;

/**
 * Elementwise functions of one tensor: {@code neg exp log sqrt abs sin cos tan tanh sigmoid relu
 * softplus}. The output has the input's layout exactly, so each forward and backward pass is one
 * flat loop over the whole batch's storage.
 *
 * <p>{@link #exp} is the exemplar: the forward loop, then a backward closure that adds {@code dy *
 * f'(x)} into the input's gradient, with {@code f'} written from whichever of {@code x} and {@code
 * y} is cheaper ({@code exp' = y}, so no second {@code exp}). The rest follow it; each documents its
 * derivative and, where it has one, its kink convention (PyTorch's).
 */
final class Unary {
  private Unary() {}

  private static Tensor like(Tensor x) {
    return Tensor.zeros(x.shape, x.batched, x.samples);
  }

  /** {@code -x}. dx += -dy. */
  static Tensor neg(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = -u[i];
    }
    return tape.record("neg", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] -= dy[i];
      }
    }, x);
  }

  /** {@code exp(x)}. dx += dy·y. */
  static Tensor exp(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = Math.exp(u[i]);
    }
    return tape.record("exp", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] * v[i];
      }
    }, x);
  }

  /** {@code log(x)}. dx += dy / x. */
  static Tensor log(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = Math.log(u[i]);
    }
    return tape.record("log", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] / u[i];
      }
    }, x);
  }

  /** {@code sqrt(x)}. dx += dy / (2y). */
  static Tensor sqrt(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = Math.sqrt(u[i]);
    }
    return tape.record("sqrt", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] / (2 * v[i]);
      }
    }, x);
  }

  /** {@code |x|}. dx += dy·sign(x), with sign(0) = 0: {@code abs'(0) = 0}. */
  static Tensor abs(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = Math.abs(u[i]);
    }
    return tape.record("abs", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] * Math.signum(u[i]);
      }
    }, x);
  }

  /** {@code sin(x)}. dx += dy·cos(x). */
  static Tensor sin(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = Math.sin(u[i]);
    }
    return tape.record("sin", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] * Math.cos(u[i]);
      }
    }, x);
  }

  /** {@code cos(x)}. dx += -dy·sin(x). */
  static Tensor cos(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = Math.cos(u[i]);
    }
    return tape.record("cos", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] -= dy[i] * Math.sin(u[i]);
      }
    }, x);
  }

  /** {@code tan(x)}. dx += dy·(1 + y²). */
  static Tensor tan(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = Math.tan(u[i]);
    }
    return tape.record("tan", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] * (1 + v[i] * v[i]);
      }
    }, x);
  }

  /** {@code tanh(x)}. dx += dy·(1 − y²). */
  static Tensor tanh(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = io.gradgen.runtime.Functions.tanh(u[i]);
    }
    return tape.record("tanh", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] * (1 - v[i] * v[i]);
      }
    }, x);
  }

  /**
   * {@code 1 / (1 + exp(−x))}. dx += dy·y·(1 − y). In double, {@code exp(−x)} overflowing to
   * infinity for very negative x still gives the right limit 0, so no branch is needed.
   */
  static Tensor sigmoid(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = 1 / (1 + Math.exp(-u[i]));
    }
    return tape.record("sigmoid", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += dy[i] * v[i] * (1 - v[i]);
      }
    }, x);
  }

  /** {@code max(x, 0)}. dx += dy where x > 0, so {@code relu'(0) = 0}. */
  static Tensor relu(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = u[i] > 0 ? u[i] : 0;
    }
    return tape.record("relu", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        if (u[i] > 0) {
          dx[i] += dy[i];
        }
      }
    }, x);
  }

  /** Above this input softplus returns x itself, as {@code torch.nn.functional.softplus}. */
  static final double SOFTPLUS_THRESHOLD = 20;

  /**
   * {@code log(1 + exp(x))}, PyTorch's {@code softplus} with beta 1 and threshold 20: x itself
   * above the threshold (gradient 1), else {@code log1p(exp(x))} with gradient sigmoid(x).
   */
  static Tensor softplus(Tape tape, Tensor x) {
    Tensor y = like(x);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = u[i] > SOFTPLUS_THRESHOLD ? u[i] : Math.log1p(Math.exp(u[i]));
    }
    return tape.record("softplus", y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += u[i] > SOFTPLUS_THRESHOLD ? dy[i] : dy[i] / (1 + Math.exp(-u[i]));
      }
    }, x);
  }
}

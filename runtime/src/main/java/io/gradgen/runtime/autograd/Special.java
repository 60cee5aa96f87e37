package io.gradgen.runtime.autograd;

import io.gradgen.runtime.Functions;
import java.util.function.DoubleUnaryOperator;

/**
 * The elementwise functions that came with PyTorch's wider vocabulary: {@code erf log1p expm1 asin
 * acos atan sinh cosh}, {@code step} (no gradient) and {@code safe_log} (the {@code x·log x} of
 * {@code kl_div}). Each is one forward loop and one backward loop, as {@link Unary#exp}, with the
 * derivative PyTorch's autograd uses ({@code derivatives.yaml}), written from {@code x} or {@code y}:
 *
 * <pre>
 * erf'   = 2/√π · exp(−x²)        log1p' = 1 / (1 + x)      expm1' = y + 1
 * asin'  = 1 / √(1 − x²)          acos'  = −1 / √(1 − x²)   atan'  = 1 / (1 + x²)
 * sinh'  = cosh x                 cosh'  = sinh x           safe_log' = 1 / x
 * </pre>
 *
 * The forward values are the very functions the generated kernels call ({@link Functions#erf},
 * {@link Math}'s {@code log1p} …, which delegate to {@link StrictMath}), so the two agree to the bit.
 */
final class Special {
  private Special() {}

  /**
   * What {@code dy} adds to {@code dx}, from the input {@code x} and the output {@code y}, written
   * as the adjoint rule of the op writes it, so that the interpreter's gradient has the kernels' bits.
   */
  @FunctionalInterface
  interface Derivative {
    double contribution(double dy, double x, double y);
  }

  /** 2/√π, the scale of erf's derivative. */
  static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  static Tensor erf(Tape tape, Tensor x) {
    return map(tape, "erf", x, Functions::erf, (g, u, v) -> g * (TWO_OVER_SQRT_PI * Math.exp(-(u * u))));
  }

  static Tensor log1p(Tape tape, Tensor x) {
    return map(tape, "log1p", x, Math::log1p, (g, u, v) -> g / (1 + u));
  }

  static Tensor expm1(Tape tape, Tensor x) {
    return map(tape, "expm1", x, Math::expm1, (g, u, v) -> g * (v + 1));
  }

  static Tensor asin(Tape tape, Tensor x) {
    return map(tape, "asin", x, Math::asin, (g, u, v) -> g / Math.sqrt(1 - u * u));
  }

  static Tensor acos(Tape tape, Tensor x) {
    return map(tape, "acos", x, Math::acos, (g, u, v) -> -(g / Math.sqrt(1 - u * u)));
  }

  static Tensor atan(Tape tape, Tensor x) {
    return map(tape, "atan", x, Math::atan, (g, u, v) -> g / (1 + u * u));
  }

  static Tensor sinh(Tape tape, Tensor x) {
    return map(tape, "sinh", x, Math::sinh, (g, u, v) -> g * Math.cosh(u));
  }

  static Tensor cosh(Tape tape, Tensor x) {
    return map(tape, "cosh", x, Math::cosh, (g, u, v) -> g * Math.sinh(u));
  }

  /** {@code log x}, but 0 at {@code x = 0}; its derivative is still {@code 1/x} (infinite at 0). */
  static Tensor safeLog(Tape tape, Tensor x) {
    return map(tape, "safe_log", x, u -> u == 0.0 ? 0.0 : Math.log(u), (g, u, v) -> g / u);
  }

  /** 1 where {@code x > 0}, else 0 (NaN included); no gradient, as a comparison in PyTorch. */
  static Tensor step(Tape tape, Tensor x) {
    Tensor y = Tensor.zeros(x.shape, x.batched, x.samples);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = u[i] > 0.0 ? 1.0 : 0.0;
    }
    return y;
  }

  private static Tensor map(Tape tape, String name, Tensor x, DoubleUnaryOperator f, Derivative derivative) {
    Tensor y = Tensor.zeros(x.shape, x.batched, x.samples);
    double[] u = x.data, v = y.data;
    for (int i = 0; i < u.length; i++) {
      v[i] = f.applyAsDouble(u[i]);
    }
    return tape.record(name, y, () -> {
      double[] dx = x.gradBuffer(), dy = y.grad;
      for (int i = 0; i < dx.length; i++) {
        dx[i] += derivative.contribution(dy[i], u[i], v[i]);
      }
    }, x);
  }
}

package io.gradgen.interpret;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.DataSlot;
import io.gradgen.runtime.Functions;
import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.ParamSlot;

/**
 * The interpreted backend's second order: the forward IR evaluated row by row in hyper-dual
 * numbers {@code x + a·ε₁ + b·ε₂ + c·ε₁ε₂} (ε₁² = ε₂² = 0), with ε₁ along the direction {@code v}
 * and ε₂ along one parameter element {@code e_j}: the loss's ε₂ part is {@code ∂L/∂θ_j} and its
 * ε₁ε₂ part is {@code (H·v)_j}, exactly (no step, no cancellation: an analytic method, not a finite
 * difference). One pass per parameter element, so this costs {@code n} forward passes: an oracle
 * for checks and small models, not a way to train.
 *
 * <p>It shares nothing with the generated kernels' second order but the IR: not the {@link
 * io.gradgen.autodiff.AdjointRules} table (each op's first and second derivatives are written here
 * again, as formulas), not the gradient graph, not the planner or emitter. Where a derivative is a
 * convention (PyTorch's, as the first-order rules take it: {@code relu'(0) = 0}, {@code abs'(0) =
 * 0}, ties of {@code max} split evenly, the norm's gradient 0 at 0, the clamp's tie to the clamped
 * operand), the first derivative is that convention and the second derivative of every mask,
 * {@code sign}, {@code step} and comparison is 0, as PyTorch's double backward gives.
 *
 * <pre>
 * loss a^3 at a = 2, v = 1:   (8, 12ε₁, 12ε₂, 12ε₁ε₂)   →   gradient 12, H·v = 12
 * </pre>
 */
final class HyperDual {
  /** One node's value for one row: its elements' four parts; {@code varies} false for a value no param reaches. */
  private static final class Value {
    final double[] x;
    final double[] a;
    final double[] b;
    final double[] c;
    final boolean varies;

    Value(int size, boolean varies) {
      this.x = new double[size];
      this.varies = varies;
      this.a = varies ? new double[size] : null;
      this.b = varies ? new double[size] : null;
      this.c = varies ? new double[size] : null;
    }
  }

  private final Graph forward;
  private final ModelLayout layout;
  private final boolean[] varies;

  HyperDual(Graph forward, ModelLayout layout) {
    this.forward = forward;
    this.layout = layout;
    this.varies = new boolean[forward.size()];
    for (int id = 0; id < forward.size(); id++) {
      Node node = forward.node(id);
      varies[id] = node.op() == Op.PARAM;
      for (int input : node.inputs()) {
        varies[id] |= varies[input];
      }
    }
  }

  /**
   * The summed loss of rows {@code [from, to)} of {@code rows} ({@code width} values a row; none for
   * a model without data, whose one row is evaluated once per row asked for); the gradient added
   * into {@code gradient} and {@code H·direction} into {@code hessianVector}.
   */
  double lossGradientAndHessianVector(double[] params, double[] rows, int width, int from, int to,
      double[] direction, double[] gradient, double[] hessianVector) {
    double loss = 0;
    int n = params.length;
    for (int row = from; row < to; row++) {
      int offset = layout.hasInputs() ? row * width : -1;
      double rowLoss = 0;
      for (int j = 0; j < Math.max(n, 1); j++) {
        Value value = evaluate(params, rows, offset, direction, j);
        rowLoss = value.x[0];
        if (value.varies && j < n) {
          gradient[j] += value.b[0];
          hessianVector[j] += value.c[0];
        }
      }
      loss += rowLoss;
    }
    return loss;
  }

  /** The loss of one row with ε₂ along parameter element {@code j}. */
  private Value evaluate(double[] params, double[] rows, int offset, double[] direction, int j) {
    int root = forward.loss();
    boolean[] needed = new boolean[root + 1];
    needed[root] = true;
    for (int id = root; id >= 0; id--) {
      if (needed[id]) {
        for (int input : forward.node(id).inputs()) {
          needed[input] = true;
        }
      }
    }
    Value[] values = new Value[root + 1];
    for (int id = 0; id <= root; id++) {
      if (needed[id]) {
        values[id] = apply(id, values, params, rows, offset, direction, j);
      }
    }
    return values[root];
  }

  private Value apply(int id, Value[] values, double[] params, double[] rows, int offset, double[] direction, int j) {
    Node node = forward.node(id);
    Shape shape = node.shape();
    Value out = new Value(shape.size(), varies[id]);
    Value x = node.inputs().isEmpty() ? null : values[node.input(0)];
    Value y = node.inputs().size() < 2 ? null : values[node.input(1)];
    switch (node.op()) {
      case PARAM -> {
        ParamSlot slot = layout.param(node.name()).orElseThrow();
        for (int i = 0; i < slot.size(); i++) {
          out.x[i] = params[slot.offset() + i];
          out.a[i] = direction[slot.offset() + i];
          out.b[i] = slot.offset() + i == j ? 1 : 0;
        }
      }
      case INPUT -> {
        DataSlot slot = layout.data().stream().filter(s -> s.name().equals(node.name())).findFirst().orElseThrow();
        System.arraycopy(rows, offset + slot.offset(), out.x, 0, slot.size());
      }
      case CONSTANT -> System.arraycopy(node.values().toArray(), 0, out.x, 0, shape.size());
      case BROADCAST -> {
        for (int i = 0; i < shape.size(); i++) {
          copy(x, 0, out, i);
        }
      }
      case SUM -> {
        for (int k = 0; k < x.x.length; k++) {
          add(x, k, out, 0, 1);
        }
      }
      case TRANSPOSE -> {
        int r = shape.dim(0);
        int cols = shape.dim(1);
        for (int i = 0; i < r; i++) {
          for (int k = 0; k < cols; k++) {
            copy(x, k * r + i, out, i * cols + k);
          }
        }
      }
      case INDEX -> {
        for (int i = 0; i < shape.size(); i++) {
          copy(x, node.indices().offset() + i, out, i);
        }
      }
      case INDEX_ADJOINT -> {
        for (int i = 0; i < x.x.length; i++) {
          copy(x, i, out, node.indices().offset() + i);
        }
      }
      case ONE_HOT -> {
        // A class index or position is piecewise constant: every derivative part stays 0.
        for (int i = 0; i < shape.size(); i++) {
          out.x[i] = node.attribute() == null ? Functions.oneHot(x.x[0], i, shape.size())
              : Functions.position(x.x[0], i, shape.size());
        }
      }
      case MATMUL -> matmul(x, forward.node(node.input(0)).shape(), y, forward.node(node.input(1)).shape(), out);
      case OUTER -> {
        int cols = y.x.length;
        for (int i = 0; i < x.x.length; i++) {
          for (int k = 0; k < cols; k++) {
            multiplyAdd(x, i, y, k, out, i * cols + k);
          }
        }
      }
      case NORM -> norm(x, out);
      case LOGSUMEXP -> logsumexp(x, out);
      case AMAX, AMIN -> extremum(node.op(), x, out);
      case ARGMAX -> out.x[0] = argmax(x.x);
      default -> {
        if (node.op().kind() == Op.Kind.UNARY) {
          for (int i = 0; i < shape.size(); i++) {
            unary(node.op(), x, i, out);
          }
        } else if (node.op().kind() == Op.Kind.BINARY) {
          for (int i = 0; i < shape.size(); i++) {
            binary(node.op(), x, y, i, out);
          }
        } else {
          throw new IllegalStateException(node.op() + " does not occur in a forward graph");
        }
      }
    }
    return out;
  }

  private static void copy(Value from, int i, Value to, int k) {
    to.x[k] = from.x[i];
    if (to.varies && from.varies) {
      to.a[k] = from.a[i];
      to.b[k] = from.b[i];
      to.c[k] = from.c[i];
    }
  }

  /** {@code to[k] += scale · from[i]}. */
  private static void add(Value from, int i, Value to, int k, double scale) {
    to.x[k] += scale * from.x[i];
    if (to.varies && from.varies) {
      to.a[k] += scale * from.a[i];
      to.b[k] += scale * from.b[i];
      to.c[k] += scale * from.c[i];
    }
  }

  /** {@code to[k] += p[i] · q[m]}, the product rule in every part. */
  private static void multiplyAdd(Value p, int i, Value q, int m, Value to, int k) {
    double px = p.x[i];
    double qx = q.x[m];
    to.x[k] += px * qx;
    if (!to.varies) {
      return;
    }
    if (p.varies) {
      to.a[k] += p.a[i] * qx;
      to.b[k] += p.b[i] * qx;
      to.c[k] += p.c[i] * qx;
    }
    if (q.varies) {
      to.a[k] += px * q.a[m];
      to.b[k] += px * q.b[m];
      to.c[k] += px * q.c[m];
    }
    if (p.varies && q.varies) {
      to.c[k] += p.a[i] * q.b[m] + p.b[i] * q.a[m];
    }
  }

  /** {@code to[k] = f(from[i])} given {@code f}'s value, first and second derivative there. */
  private static void chain(Value from, int i, Value to, int k, double f, double d1, double d2) {
    to.x[k] = f;
    if (to.varies && from.varies) {
      double a = from.a[i];
      double b = from.b[i];
      to.a[k] = d1 * a;
      to.b[k] = d1 * b;
      // 0 · ∞ stays out where a kink's second derivative is 0 and nothing moves.
      to.c[k] = d1 * from.c[i] + (d2 == 0 ? 0 : d2 * a * b);
    }
  }

  private static void unary(Op op, Value x, int i, Value out) {
    double u = x.x[i];
    double f = op.apply(u);
    double d1;
    double d2;
    switch (op) {
      case NEG -> {
        d1 = -1;
        d2 = 0;
      }
      case EXP -> {
        d1 = f;
        d2 = f;
      }
      case LOG, SAFE_LOG -> {
        d1 = 1 / u;
        d2 = -1 / (u * u);
      }
      case SQRT -> {
        d1 = 0.5 / f;
        d2 = -0.25 / (f * u);
      }
      case ABS -> {
        d1 = Math.signum(u);
        d2 = 0;
      }
      case SIGN, STEP -> {
        d1 = 0;
        d2 = 0;
      }
      case RELU -> {
        d1 = u > 0 ? 1 : 0;
        d2 = 0;
      }
      case SIN -> {
        d1 = Math.cos(u);
        d2 = -f;
      }
      case COS -> {
        d1 = -Math.sin(u);
        d2 = -f;
      }
      case TAN -> {
        d1 = 1 + f * f;
        d2 = 2 * f * d1;
      }
      case TANH -> {
        d1 = 1 - f * f;
        d2 = -2 * f * d1;
      }
      case SIGMOID -> {
        d1 = f * (1 - f);
        d2 = d1 * (1 - 2 * f);
      }
      case SOFTPLUS -> {
        // The first derivative is the sigmoid everywhere, as the adjoint rule has it.
        double s = Op.SIGMOID.apply(u);
        d1 = s;
        d2 = s * (1 - s);
      }
      case ERF -> {
        d1 = 1.1283791670955126 * Math.exp(-u * u);
        d2 = -2 * u * d1;
      }
      case LOG1P -> {
        d1 = 1 / (1 + u);
        d2 = -d1 * d1;
      }
      case EXPM1 -> {
        d1 = f + 1;
        d2 = f + 1;
      }
      case ASIN, ACOS -> {
        double rest = 1 - u * u;
        double sign = op == Op.ASIN ? 1 : -1;
        d1 = sign / Math.sqrt(rest);
        d2 = sign * u / (rest * Math.sqrt(rest));
      }
      case ATAN -> {
        d1 = 1 / (1 + u * u);
        d2 = -2 * u * d1 * d1;
      }
      case SINH -> {
        d1 = Math.cosh(u);
        d2 = f;
      }
      case COSH -> {
        d1 = Math.sinh(u);
        d2 = f;
      }
      default -> throw new IllegalStateException("no derivatives for " + op);
    }
    chain(x, i, out, i, f, d1, d2);
  }

  /**
   * {@code out[i] = f(x[i], y[i])} from {@code f}'s partial derivatives: the first (fx, fy) and
   * the second (fxx, fxy, fyy); an operand no param reaches contributes nothing (its derivatives
   * may be NaN, as the power's in a negative base, and must not be multiplied by zeros).
   */
  private static void binary(Op op, Value x, Value y, int i, Value out) {
    double u = x.x[i];
    double w = y.x[i];
    double f = op.apply(u, w);
    out.x[i] = f;
    if (!out.varies) {
      return;
    }
    double fx = 0;
    double fy = 0;
    double fxx = 0;
    double fxy = 0;
    double fyy = 0;
    switch (op) {
      case ADD -> {
        fx = 1;
        fy = 1;
      }
      case MUL -> {
        fx = w;
        fy = u;
        fxy = 1;
      }
      case DIV -> {
        fx = 1 / w;
        fy = -u / (w * w);
        fxy = -1 / (w * w);
        fyy = 2 * u / (w * w * w);
      }
      case SAFE_DIV -> {
        if (w != 0) {
          fx = 1 / w;
          fy = -u / (w * w);
          fxy = -1 / (w * w);
          fyy = 2 * u / (w * w * w);
        }
      }
      case POW -> {
        double lowered = Math.pow(u, w - 1);
        fx = w * lowered;
        fxx = w * (w - 1) * Math.pow(u, w - 2);
        if (y.varies) {
          double log = u == 0 ? 0 : Math.log(u);
          fy = f * log;
          fyy = f * log * log;
          fxy = lowered + w * lowered * log;
        }
      }
      case MAX, MIN -> {
        double s = 0.5 * Math.signum(u - w);
        fx = op == Op.MAX ? 0.5 + s : 0.5 - s;
        fy = op == Op.MAX ? 0.5 - s : 0.5 + s;
      }
      case CLAMP_MIN -> {
        fx = w <= u ? 1 : 0;
        fy = u < w ? 1 : 0;
      }
      case CLAMP_MAX -> {
        fx = u <= w ? 1 : 0;
        fy = w < u ? 1 : 0;
      }
      case BCE -> {
        // PyTorch's first derivative in p, (p − t) / max(p(1 − p), ε), and its derivatives; in t, −logit(p).
        double m = u * (1 - u);
        double floor = Math.max(m, Functions.BCE_EPSILON);
        fx = (u - w) / floor;
        fxx = m > Functions.BCE_EPSILON ? (m - (u - w) * (1 - 2 * u)) / (m * m) : 1 / floor;
        fxy = -1 / floor;
        fy = Math.log(1 - u) - Math.log(u);
      }
      case LESS, LESS_EQUAL, EQUAL, NOT_EQUAL -> {
        // 0 or 1: no derivative.
      }
      default -> throw new IllegalStateException("no derivatives for " + op);
    }
    double ax = x.varies ? x.a[i] : 0;
    double bx = x.varies ? x.b[i] : 0;
    double cx = x.varies ? x.c[i] : 0;
    double ay = y.varies ? y.a[i] : 0;
    double by = y.varies ? y.b[i] : 0;
    double cy = y.varies ? y.c[i] : 0;
    double a = 0;
    double b = 0;
    double c = 0;
    if (x.varies) {
      a += fx * ax;
      b += fx * bx;
      c += fx * cx + (fxx == 0 ? 0 : fxx * ax * bx);
    }
    if (y.varies) {
      a += fy * ay;
      b += fy * by;
      c += fy * cy + (fyy == 0 ? 0 : fyy * ay * by);
    }
    if (x.varies && y.varies && fxy != 0) {
      c += fxy * (ax * by + ay * bx);
    }
    out.a[i] = a;
    out.b[i] = b;
    out.c[i] = c;
  }

  /** The matrix product in its four shapes, each element's inner sum by the product rule. */
  private static void matmul(Value p, Shape sp, Value q, Shape sq, Value out) {
    int rows = sp.rank() == 2 ? sp.dim(0) : 1;
    int inner = sp.dim(sp.rank() - 1);
    int cols = sq.rank() == 2 ? sq.dim(1) : 1;
    for (int i = 0; i < rows; i++) {
      for (int k = 0; k < cols; k++) {
        for (int m = 0; m < inner; m++) {
          multiplyAdd(p, i * inner + m, q, m * cols + k, out, i * cols + k);
        }
      }
    }
  }

  /** {@code √Σx²}, with every derivative 0 where the norm is 0 (PyTorch's choice at the kink). */
  private static void norm(Value x, Value out) {
    Value squares = new Value(1, x.varies);
    for (int k = 0; k < x.x.length; k++) {
      multiplyAdd(x, k, x, k, squares, 0);
    }
    double s = squares.x[0];
    double f = Math.sqrt(s);
    chain(squares, 0, out, 0, f, f == 0 ? 0 : 0.5 / f, f == 0 ? 0 : -0.25 / (f * s));
  }

  /** {@code m + log Σ exp(x − m)}, the shift {@code m} (the maximum) a constant. */
  private static void logsumexp(Value x, Value out) {
    double shift = Double.NEGATIVE_INFINITY;
    for (double value : x.x) {
      shift = Math.max(shift, value);
    }
    if (Double.isInfinite(shift)) {
      shift = 0;
    }
    Value sum = new Value(1, x.varies);
    for (int k = 0; k < x.x.length; k++) {
      double e = Math.exp(x.x[k] - shift);
      sum.x[0] += e;
      if (x.varies) {
        sum.a[0] += e * x.a[k];
        sum.b[0] += e * x.b[k];
        sum.c[0] += e * (x.c[k] + x.a[k] * x.b[k]);
      }
    }
    double s = sum.x[0];
    chain(sum, 0, out, 0, shift + Math.log(s), 1 / s, -1 / (s * s));
  }

  /** The largest (smallest) element; the elements that tie for it share its derivatives evenly. */
  private static void extremum(Op op, Value x, Value out) {
    double best = x.x[0];
    for (double value : x.x) {
      best = op == Op.AMAX ? Math.max(best, value) : Math.min(best, value);
    }
    out.x[0] = best;
    if (!out.varies) {
      return;
    }
    int ties = 0;
    for (double value : x.x) {
      ties += value == best ? 1 : 0;
    }
    for (int k = 0; k < x.x.length; k++) {
      if (x.x[k] == best) {
        out.a[0] += x.a[k] / ties;
        out.b[0] += x.b[k] / ties;
        out.c[0] += x.c[k] / ties;
      }
    }
  }

  /** The first position of the largest element, as {@code torch.argmax}. */
  private static double argmax(double[] x) {
    int position = 0;
    for (int k = 1; k < x.length; k++) {
      if (x[k] - x[position] > 0) {
        position = k;
      }
    }
    return position;
  }
}

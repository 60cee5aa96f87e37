package io.gradgen.runtime.autograd;

import io.gradgen.runtime.Functions;

/**
 * Per-sample losses, each one fused op (as PyTorch's loss modules are) that maps a batch of
 * predictions and targets to a batch of scalars: {@code mse mae huber bce bceLogits softmaxCe};
 * and {@link #bceElements}, BCELoss unreduced, the interpreted form of the IR's {@code bce} primitive.
 *
 * <p>Each follows PyTorch's module of the same meaning with {@code reduction='mean'} applied to one
 * sample's elements, so a loss of {@code [n]} vectors divides by {@code n}; the batch mean (or sum)
 * is a separate {@code meanBatch}/{@code sumBatch}. Predictions and targets have equal shapes (or
 * one is a scalar), and either may be batched, as for {@link Binary}. Targets get gradients too,
 * except the class index of {@code softmaxCe}, so the ops are also an oracle for models that learn
 * a target-like operand.
 *
 * <p>{@link #mse} is the exemplar: the forward loop sums {@code f(a, b)} over each sample's {@code
 * n} elements and divides by {@code n}; the backward loop adds {@code dy/n · ∂f/∂a} and {@code dy/n
 * · ∂f/∂b}.
 *
 * <pre>{@code
 * Tensor perSample = tape.bceLogits(logits, labels);   // batch of B scalars
 * Tensor loss = tape.meanBatch(perSample);              // what the trainer minimises
 * }</pre>
 */
final class Losses {
  private static final int[] SCALAR = {};
  /** PyTorch's lower bound on {@code p(1 − p)} in the {@code binary_cross_entropy} gradient. */
  static final double BCE_EPSILON = Functions.BCE_EPSILON;

  private Losses() {}

  /** mean((a − b)²). ∂/∂a = 2(a − b)/n, ∂/∂b = −2(a − b)/n. */
  static Tensor mse(Tape tape, Tensor a, Tensor b) {
    Broadcast p = Broadcast.elementwise("compare", a, b);
    Tensor y = p.output(SCALAR);
    int n = p.size;
    double[] u = a.data, t = b.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride;
      double total = 0;
      for (int i = 0; i < n; i++) {
        double d = u[ia + i * p.aStep] - t[ib + i * p.bStep];
        total += d * d;
      }
      y.data[s] = total / n;
    }
    return tape.record("mse", y, () -> {
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride;
        double scale = 2 * y.grad[s] / n;
        for (int i = 0; i < n; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double g = scale * (u[ja] - t[jb]);
          if (ga != null) {
            ga[ja] += g;
          }
          if (gb != null) {
            gb[jb] -= g;
          }
        }
      }
    }, a, b);
  }

  /** mean(|a − b|), PyTorch's L1Loss. ∂/∂a = sign(a − b)/n with sign(0) = 0, ∂/∂b = −∂/∂a. */
  static Tensor mae(Tape tape, Tensor a, Tensor b) {
    Broadcast p = Broadcast.elementwise("compare", a, b);
    Tensor y = p.output(SCALAR);
    int n = p.size;
    double[] u = a.data, t = b.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride;
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += Math.abs(u[ia + i * p.aStep] - t[ib + i * p.bStep]);
      }
      y.data[s] = total / n;
    }
    return tape.record("mae", y, () -> {
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride;
        double scale = y.grad[s] / n;
        for (int i = 0; i < n; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double g = scale * Math.signum(u[ja] - t[jb]);
          if (ga != null) {
            ga[ja] += g;
          }
          if (gb != null) {
            gb[jb] -= g;
          }
        }
      }
    }, a, b);
  }

  /**
   * PyTorch's HuberLoss: mean of 0.5·d² where |d| < delta, else delta·(|d| − 0.5·delta), with d = a
   * − b. ∂/∂a = d/n inside, delta·sign(d)/n outside (the two agree at |d| = delta); ∂/∂b = −∂/∂a.
   */
  static Tensor huber(Tape tape, Tensor a, Tensor b, double delta) {
    if (!(delta > 0)) {
      throw new IllegalArgumentException("huber needs delta > 0, got " + delta);
    }
    Broadcast p = Broadcast.elementwise("compare", a, b);
    Tensor y = p.output(SCALAR);
    int n = p.size;
    double[] u = a.data, t = b.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride;
      double total = 0;
      for (int i = 0; i < n; i++) {
        double d = u[ia + i * p.aStep] - t[ib + i * p.bStep];
        double magnitude = Math.abs(d);
        total += magnitude < delta ? 0.5 * d * d : delta * (magnitude - 0.5 * delta);
      }
      y.data[s] = total / n;
    }
    return tape.record("huber", y, () -> {
      double[] ga = a.requiresGrad ? a.gradBuffer() : null;
      double[] gb = b.requiresGrad ? b.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride;
        double scale = y.grad[s] / n;
        for (int i = 0; i < n; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double d = u[ja] - t[jb];
          double g = scale * (Math.abs(d) < delta ? d : delta * Math.signum(d));
          if (ga != null) {
            ga[ja] += g;
          }
          if (gb != null) {
            gb[jb] -= g;
          }
        }
      }
    }, a, b);
  }

  /**
   * PyTorch's BCELoss on probabilities {@code p}: mean of −(y·max(log p, −100) + (1 − y)·max(log(1 −
   * p), −100)). ∂/∂p = (p − y) / max(p(1 − p), 1e-12) / n, as PyTorch's backward (the derivative of
   * the unclamped loss, kept finite; the floor is ATen's float {@code EPSILON}); ∂/∂y = (log(1 − p)
   * − log p) / n, unclamped as in PyTorch (±∞ at p = 1 and 0).
   */
  static Tensor bce(Tape tape, Tensor prob, Tensor target) {
    Broadcast p = Broadcast.elementwise("compare", prob, target);
    Tensor y = p.output(SCALAR);
    int n = p.size;
    double[] u = prob.data, t = target.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride;
      double total = 0;
      for (int i = 0; i < n; i++) {
        total += Functions.bce(u[ia + i * p.aStep], t[ib + i * p.bStep]);
      }
      y.data[s] = total / n;
    }
    return tape.record("bce", y, () -> {
      double[] ga = prob.requiresGrad ? prob.gradBuffer() : null;
      double[] gb = target.requiresGrad ? target.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride;
        double scale = y.grad[s] / n;
        for (int i = 0; i < n; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double q = u[ja], label = t[jb];
          if (ga != null) {
            ga[ja] += scale * (q - label) / Math.max((1 - q) * q, BCE_EPSILON);
          }
          if (gb != null) {
            gb[jb] += scale * (Math.log(1 - q) - Math.log(q));
          }
        }
      }
    }, prob, target);
  }

  /**
   * PyTorch's BCELoss with {@code reduction='none'}: {@link #bce} element by element, not averaged,
   * with the same gradient: ∂/∂p = (p − y) / max(p(1 − p), 1e-12), ∂/∂y = log(1 − p) − log p, each
   * times the output's gradient.
   */
  static Tensor bceElements(Tape tape, Tensor prob, Tensor target) {
    Broadcast p = Broadcast.elementwise("compare", prob, target);
    Tensor out = p.output();
    double[] u = prob.data, t = target.data, z = out.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
      for (int i = 0; i < p.size; i++) {
        z[o + i] = Functions.bce(u[ia + i * p.aStep], t[ib + i * p.bStep]);
      }
    }
    return tape.record("bce_elements", out, () -> {
      double[] g = out.grad;
      double[] ga = prob.requiresGrad ? prob.gradBuffer() : null;
      double[] gb = target.requiresGrad ? target.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride, o = s * p.size;
        for (int i = 0; i < p.size; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double q = u[ja], label = t[jb];
          if (ga != null) {
            ga[ja] += g[o + i] * (q - label) / Math.max((1 - q) * q, BCE_EPSILON);
          }
          if (gb != null) {
            gb[jb] += g[o + i] * (Math.log(1 - q) - Math.log(q));
          }
        }
      }
    }, prob, target);
  }

  /**
   * PyTorch's BCEWithLogitsLoss on logits {@code z}: mean of max(z, 0) − z·y + log(1 + exp(−|z|)),
   * the stable form of −(y·log σ(z) + (1 − y)·log(1 − σ(z))). ∂/∂z = (σ(z) − y)/n, ∂/∂y = −z/n.
   */
  static Tensor bceLogits(Tape tape, Tensor logits, Tensor target) {
    Broadcast p = Broadcast.elementwise("compare", logits, target);
    Tensor y = p.output(SCALAR);
    int n = p.size;
    double[] u = logits.data, t = target.data;
    for (int s = 0; s < p.samples; s++) {
      int ia = s * p.aStride, ib = s * p.bStride;
      double total = 0;
      for (int i = 0; i < n; i++) {
        double z = u[ia + i * p.aStep];
        total += Math.max(z, 0) - z * t[ib + i * p.bStep] + Math.log1p(Math.exp(-Math.abs(z)));
      }
      y.data[s] = total / n;
    }
    return tape.record("bceLogits", y, () -> {
      double[] ga = logits.requiresGrad ? logits.gradBuffer() : null;
      double[] gb = target.requiresGrad ? target.gradBuffer() : null;
      for (int s = 0; s < p.samples; s++) {
        int ia = s * p.aStride, ib = s * p.bStride;
        double scale = y.grad[s] / n;
        for (int i = 0; i < n; i++) {
          int ja = ia + i * p.aStep, jb = ib + i * p.bStep;
          double z = u[ja];
          if (ga != null) {
            ga[ja] += scale * (1 / (1 + Math.exp(-z)) - t[jb]);
          }
          if (gb != null) {
            gb[jb] -= scale * z;
          }
        }
      }
    }, logits, target);
  }

  /**
   * PyTorch's CrossEntropyLoss for one sample of logits {@code z[C]} and a class index {@code k}
   * (a scalar, rounded to the nearest integer): logsumexp(z) − z[k], with the max subtracted before
   * {@code exp} so large logits do not overflow. ∂/∂z = softmax(z) − onehot(k); the index gets no
   * gradient. The forward pass keeps the softmax for the backward pass.
   */
  static Tensor softmaxCe(Tape tape, Tensor logits, Tensor label) {
    if (logits.shape.length != 1 || label.size != 1 || label.shape.length != 0) {
      throw new IllegalArgumentException(
          "softmax_ce needs a vector of logits and a scalar class, not "
              + Tensor.format(logits.shape) + " and " + Tensor.format(label.shape));
    }
    Broadcast p = Broadcast.samples("compare", logits, label);
    Tensor y = p.output(SCALAR);
    int classes = logits.size;
    double[] u = logits.data;
    double[] softmax = new double[p.samples * classes];
    int[] chosen = new int[p.samples];
    for (int s = 0; s < p.samples; s++) {
      int iz = s * p.aStride, o = s * classes;
      long k = Math.round(label.data[s * p.bStride]);
      if (k < 0 || k >= classes) {
        throw new IllegalArgumentException(
            "class " + label.data[s * p.bStride] + " is out of [0, " + classes + ")");
      }
      chosen[s] = (int) k;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < classes; i++) {
        max = Math.max(max, u[iz + i]);
      }
      double total = 0;
      for (int i = 0; i < classes; i++) {
        softmax[o + i] = Math.exp(u[iz + i] - max);
        total += softmax[o + i];
      }
      for (int i = 0; i < classes; i++) {
        softmax[o + i] /= total;
      }
      y.data[s] = max + Math.log(total) - u[iz + chosen[s]];
    }
    return tape.record("softmaxCe", y, () -> {
      double[] gz = logits.gradBuffer();
      for (int s = 0; s < p.samples; s++) {
        int iz = s * p.aStride, o = s * classes;
        double g = y.grad[s];
        for (int i = 0; i < classes; i++) {
          gz[iz + i] += g * softmax[o + i];
        }
        gz[iz + chosen[s]] -= g;
      }
    }, logits);
  }
}

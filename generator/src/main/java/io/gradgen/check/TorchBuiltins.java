package io.gradgen.check;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.runtime.ClassIndexException;

/**
 * The lowerings of the built-ins that follow PyTorch's wider vocabulary (their entries are in
 * {@link Builtins}'s table): each written so that its value is PyTorch's expression, in PyTorch's
 * order of operations where that decides the bits, and its gradient, kinks included, is what
 * PyTorch's autograd gives, which is why some use a comparison (no gradient) as a mask rather than
 * {@code max}/{@code min} (which split a tie).
 *
 * <pre>
 * clamp(x, lo, hi)          clamp_max(clamp_min(x, lo), hi)       torch.clamp (bounds may be tensors)
 * leaky_relu(x, s = 0.01)   x · (m + s·(1 − m)),  m = step(x)     exactly x or x·s; slope s at 0
 * elu(x, a = 1)             relu(x) + a·expm1(clamp_max(x, 0))    a at 0, as torch's x ≤ 0 branch
 * gelu(x)                   x·0.5·(1 + erf(x·√½))                 torch's erf form, in its order
 * silu(x)                   x / (1 + exp(−x))
 * logsigmoid(x)             min(x, 0) − log1p(exp(−|x|))          torch's stable form
 * sign(x)                   step(x) − step(−x)                    0 at ±0 and at NaN, as torch.sign
 * smooth_l1(a, b, β = 1)    mean(0.5·q·q/β + (d − q)),  d = |a − b|, q = clamp_max(d, β)
 *                           (β = 0: mean(s·(a − b)), s = ±1 from step: torch's −1 at a = b)
 * nll(logp, k)              −onehot(k)·logp                       NLLLoss
 * softmax_ce(z, k, ε = 0)   (1 − ε)·nll(logp, k) + (ε/C)·(−Σ logp),  logp = z − logsumexp(z)
 * kl_div(logq, p)           Σ (p·safe_log(p) − p·logq)             xlogy(p, p) − p·logq, batchmean
 * </pre>
 */
final class TorchBuiltins {
  private TorchBuiltins() {}

  static final double SQRT_HALF = 0.7071067811865476;

  /**
   * {@code torch.clamp(x, lo, hi)}, either bound optional. The bounds may be any expressions: the
   * gradient goes to x where {@code lo <= x <= hi}, to lo where {@code x < lo}, to hi where {@code
   * x > hi}, as torch's; one corner differs, {@code x < lo == hi}, where torch gives no one a
   * gradient and this gives lo its share.
   */
  static int clamp(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    if (!arguments.given(1) && !arguments.given(2)) {
      throw arguments.error("clamp needs a bound: clamp(x, lo, hi), clamp(x, lo = L) or clamp(x, hi = H)");
    }
    int result = x;
    if (arguments.given(1)) {
      result = bound(arguments, graph, Op.CLAMP_MIN, result, arguments.tensor(1));
    }
    if (arguments.given(2)) {
      result = bound(arguments, graph, Op.CLAMP_MAX, result, arguments.tensor(2));
    }
    return result;
  }

  private static int bound(Arguments arguments, GraphBuilder graph, Op op, int x, int bound) {
    ExpressionLowering.requireBroadcastable(arguments.call(), "clamp", graph.shape(x), graph.shape(bound));
    return graph.binary(op, x, bound);
  }

  static int leakyRelu(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    double slope = arguments.number(1);
    int positive = graph.unary(Op.STEP, x);
    int factor = graph.add(positive, graph.mul(graph.scalar(slope), graph.sub(graph.scalar(1), positive)));
    return graph.mul(x, factor);
  }

  static int elu(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    double alpha = arguments.number(1);
    int negative = graph.unary(Op.EXPM1, graph.binary(Op.CLAMP_MAX, x, graph.scalar(0)));
    return graph.add(graph.unary(Op.RELU, x), graph.mul(graph.scalar(alpha), negative));
  }

  static int gelu(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    int cdf = graph.add(graph.scalar(1), graph.unary(Op.ERF, graph.mul(x, graph.scalar(SQRT_HALF))));
    return graph.mul(graph.mul(x, graph.scalar(0.5)), cdf);
  }

  static int silu(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    return graph.div(x, graph.add(graph.scalar(1), graph.unary(Op.EXP, graph.neg(x))));
  }

  static int logsigmoid(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    int low = graph.binary(Op.MIN, x, graph.scalar(0));
    return graph.sub(low, graph.unary(Op.LOG1P, graph.unary(Op.EXP, graph.neg(graph.unary(Op.ABS, x)))));
  }

  static int sign(Arguments arguments, GraphBuilder graph) {
    int x = arguments.tensor(0);
    return graph.sub(graph.unary(Op.STEP, x), graph.unary(Op.STEP, graph.neg(x)));
  }

  /**
   * {@code SmoothL1Loss(beta)}: torch's value {@code 0.5·d²/β} below β and {@code d − 0.5·β} from
   * it on, and its gradient, {@code (a − b)/β} below β and ±1 from it on (clamp_max gives the tie
   * to d). β = 0 is torch's L1 branch, whose gradient is −1 where {@code a = b}.
   */
  static int smoothL1(Arguments arguments, GraphBuilder graph) {
    int[] ab = Builtins.sameShape(arguments, graph);
    double beta = arguments.number(2);
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      throw arguments.error("smooth_l1's beta must be a finite number of at least 0, not " + beta);
    }
    int difference = graph.sub(ab[0], ab[1]);
    if (beta == 0) {
      int sign = graph.sub(graph.mul(graph.scalar(2), graph.unary(Op.STEP, difference)), graph.scalar(1));
      return Builtins.mean(graph, graph.add(graph.mul(sign, difference), graph.scalar(0)));
    }
    int distance = graph.unary(Op.ABS, difference);
    int betaNode = graph.scalar(beta);
    int q = graph.binary(Op.CLAMP_MAX, distance, betaNode);
    int quadratic = graph.div(graph.mul(graph.mul(graph.scalar(0.5), q), q), betaNode);
    return Builtins.mean(graph, graph.add(quadratic, graph.sub(distance, q)));
  }

  /** {@code NLLLoss} of one sample: {@code −logp[k]}, k a class index checked as softmax_ce's. */
  static int nll(Arguments arguments, GraphBuilder graph) {
    int logp = arguments.tensor(0);
    int k = arguments.tensor(1);
    int classes = classIndex(arguments, graph, logp, k, "log-probabilities");
    return graph.neg(graph.matmul(graph.oneHot(k, classes), logp));
  }

  /**
   * {@code CrossEntropyLoss(label_smoothing = ε)} for a class index, as torch writes it: {@code
   * (1 − ε)·nll + smooth·(ε / C)} with {@code smooth = −Σ log_softmax(z)}; ε = 0 keeps the
   * plain {@code logsumexp(z) − z[k]}.
   */
  static int softmaxCe(Arguments arguments, GraphBuilder graph) {
    int z = arguments.tensor(0);
    int k = arguments.tensor(1);
    int classes = classIndex(arguments, graph, z, k, "scores");
    double smoothing = arguments.number(2);
    if (!(smoothing >= 0 && smoothing <= 1)) {
      throw arguments.error("label_smoothing must be between 0 and 1, not " + smoothing);
    }
    if (smoothing == 0) {
      int picked = graph.matmul(graph.oneHot(k, classes), z);
      return graph.sub(graph.logsumexp(z), picked);
    }
    int logp = graph.sub(z, graph.logsumexp(z));
    int nll = graph.neg(graph.matmul(graph.oneHot(k, classes), logp));
    int smooth = graph.neg(graph.sum(logp));
    return graph.add(graph.mul(graph.scalar(1 - smoothing), nll), graph.mul(smooth, graph.scalar(smoothing / classes)));
  }

  /** {@code KLDivLoss(reduction = 'batchmean')} of one sample: {@code Σ xlogy(p, p) − p·logq}. */
  static int klDiv(Arguments arguments, GraphBuilder graph) {
    int[] qp = Builtins.sameShape(arguments, graph);
    int p = qp[1];
    int entropy = graph.mul(p, graph.unary(Op.SAFE_LOG, p));
    return graph.sum(graph.sub(entropy, graph.mul(p, qp[0])));
  }

  /**
   * The number of classes of a vector {@code scores} with a scalar class index {@code k}; a literal
   * or const k (−1 included) is range-checked here, one computed from data by the kernel, per row.
   */
  static int classIndex(Arguments arguments, GraphBuilder graph, int scores, int k, String what) {
    if (graph.shape(scores).rank() != 1 || !graph.shape(k).isScalar()) {
      throw arguments.error(arguments.call().function() + " needs a vector of " + what
          + " and a scalar class index, not " + graph.shape(scores) + " and " + graph.shape(k));
    }
    int classes = graph.shape(scores).dim(0);
    Node classNode = graph.node(k);
    boolean negated = classNode.op() == Op.NEG && graph.node(classNode.inputs().get(0)).isConstant();
    if (classNode.isConstant() || negated) {
      double value = negated ? -graph.node(classNode.inputs().get(0)).values().get(0) : classNode.values().get(0);
      long index = Math.round(value);
      if (index < 0 || index >= classes || Double.isNaN(value)) {
        throw arguments.error(new ClassIndexException(arguments.call().function(), value, classes, -1).getMessage());
      }
    }
    return classes;
  }
}

package io.gradgen.autodiff;

import io.gradgen.ir.GraphBuilder;
import io.gradgen.ir.Node;
import io.gradgen.ir.Op;
import io.gradgen.ir.Shape;
import io.gradgen.runtime.Functions;
import java.util.EnumMap;
import java.util.Map;

/**
 * The derivative of every primitive, as a table: one entry per {@link Op}, written in IR terms.
 * Each rule receives the node, its own id {@code y}, and the adjoint {@code dy} of its value, and
 * adds (never assigns) the adjoint of each operand through {@link Adjoints#accumulate}: because
 * contributions add up, a value used twice gets both.
 *
 * <p>The exemplar, fully spelled out, is {@link Op#MUL}: for {@code y = a * b},
 * {@code da += dy * b} and {@code db += dy * a}. Its siblings follow the same pattern; the
 * conventions at kinks are PyTorch's ({@code abs'(0) = 0}, {@code relu'(0) = 0}, {@code max}/{@code
 * min} split the gradient evenly on ties, the norm's gradient is 0 at 0).
 *
 * <p>Leaves, {@link Op#ONE_HOT} and {@link Op#ARGMAX} have an empty rule: a class index or a
 * position receives no gradient, as in PyTorch. The ops that only adjoint rules build ({@link
 * Op#isBackwardOnly()}: {@code safe_div}, {@code sign}) have rules too, because the Hessian-vector
 * product differentiates the gradient graph again with this same table ({@link HessianVector}):
 * {@code sign}'s is empty (its derivative is 0, as PyTorch's double backward gives at every kink),
 * {@code safe_div}'s is the quotient's, 0 where the divisor is 0 as the first derivative is.
 *
 * <p>The table is an immutable value handed to {@link Differentiate}: {@link #standard()} is the one
 * gradgen uses; {@link #with} makes a copy with one entry replaced, which is how the oracle tests
 * prove that a wrong rule is caught (no command-line option reaches it).
 */
public final class AdjointRules {

  /** What a rule may do: build nodes, and add to an operand's adjoint. */
  public interface Adjoints {
    GraphBuilder graph();

    void accumulate(int operand, int contribution);
  }

  /** One op's derivative: adds to the adjoints of {@code node}'s operands, given its own {@code dy}. */
  @FunctionalInterface
  public interface Rule {
    void apply(Adjoints adjoints, Node node, int y, int dy);
  }

  private static final Rule NONE = (adjoints, node, y, dy) -> {};

  /** 2/√π, the scale of erf's derivative. */
  static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  private static final Map<Op, Rule> RULES = new EnumMap<>(Op.class);

  private static final AdjointRules STANDARD;

  static {
    RULES.put(Op.PARAM, NONE);
    RULES.put(Op.INPUT, NONE);
    RULES.put(Op.CONSTANT, NONE);
    RULES.put(Op.ONE_HOT, NONE);
    RULES.put(Op.ARGMAX, NONE);

    // y = broadcast(x): dx += sum(dy), the explicit un-broadcast.
    RULES.put(Op.BROADCAST, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().sum(dy)));
    // y = sum(x): dx += broadcast(dy).
    RULES.put(Op.SUM, (d, n, y, dy) ->
        d.accumulate(n.input(0), d.graph().broadcast(dy, d.graph().shape(n.input(0)))));
    RULES.put(Op.TRANSPOSE, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().transpose(dy)));
    RULES.put(Op.INDEX, (d, n, y, dy) ->
        d.accumulate(n.input(0), d.graph().indexAdjoint(dy, n.indices())));
    RULES.put(Op.INDEX_ADJOINT, (d, n, y, dy) ->
        d.accumulate(n.input(0), d.graph().index(dy, n.indices().positions())));

    RULES.put(Op.ADD, (d, n, y, dy) -> {
      d.accumulate(n.input(0), dy);
      d.accumulate(n.input(1), dy);
    });
    // y = a * b: da += dy * b, db += dy * a.
    RULES.put(Op.MUL, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, n.input(1)));
      d.accumulate(n.input(1), g.mul(dy, n.input(0)));
    });
    // y = a / b: da += dy / b, db += -dy * y / b.
    RULES.put(Op.DIV, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.div(dy, n.input(1)));
      d.accumulate(n.input(1), g.neg(g.mul(dy, g.div(y, n.input(1)))));
    });
    // y = a ^ b: da += dy * b * a^(b-1), db += dy * y * log a (0 where a = 0, as PyTorch).
    RULES.put(Op.POW, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      int a = n.input(0);
      int b = n.input(1);
      int lowered = g.binary(Op.POW, a, g.sub(b, g.scalar(1)));
      d.accumulate(a, g.mul(dy, g.mul(b, lowered)));
      d.accumulate(b, g.mul(dy, g.mul(y, g.unary(Op.SAFE_LOG, a))));
    });
    // y = bce(p, t), PyTorch's: dp += dy · (p − t) / max(p(1 − p), 1e-12), finite at p = 0 and 1;
    // dt += dy · (max(log(1 − p), −100) − max(log p, −100)), the clamped forward's own derivative.
    RULES.put(Op.BCE, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      int p = n.input(0);
      int t = n.input(1);
      int notP = g.sub(g.scalar(1), p);
      int variance = g.binary(Op.MAX, g.mul(notP, p), g.scalar(Functions.BCE_EPSILON));
      d.accumulate(p, g.div(g.mul(dy, g.sub(p, t)), variance));
      // In the target PyTorch's gradient is −logit(p), unclamped: ±∞ at p = 1 and p = 0.
      d.accumulate(t, g.mul(dy, g.sub(g.unary(Op.LOG, notP), g.unary(Op.LOG, p))));
    });
    // y = max(a, b): a gets dy where a > b, half of it on a tie; min mirrors it.
    RULES.put(Op.MAX, (d, n, y, dy) -> splitByComparison(d, n, dy, true));
    RULES.put(Op.MIN, (d, n, y, dy) -> splitByComparison(d, n, dy, false));

    RULES.put(Op.NEG, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().neg(dy)));
    RULES.put(Op.EXP, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().mul(dy, y)));
    RULES.put(Op.LOG, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().div(dy, n.input(0))));
    RULES.put(Op.SQRT, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.div(g.mul(dy, g.scalar(0.5)), y));
    });
    RULES.put(Op.ABS, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.unary(Op.SIGN, n.input(0))));
    });
    RULES.put(Op.SIN, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.unary(Op.COS, n.input(0))));
    });
    RULES.put(Op.COS, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.neg(g.mul(dy, g.unary(Op.SIN, n.input(0)))));
    });
    // tan' = 1 + tan².
    RULES.put(Op.TAN, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.add(g.scalar(1), g.mul(y, y))));
    });
    // tanh' = 1 - tanh².
    RULES.put(Op.TANH, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.sub(g.scalar(1), g.mul(y, y))));
    });
    // sigmoid' = y (1 - y).
    RULES.put(Op.SIGMOID, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.mul(y, g.sub(g.scalar(1), y))));
    });
    RULES.put(Op.RELU, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.unary(Op.STEP, n.input(0))));
    });
    RULES.put(Op.SOFTPLUS, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.unary(Op.SIGMOID, n.input(0))));
    });

    // PyTorch's wider vocabulary. A comparison and step are 0 or 1: no gradient, as in PyTorch.
    for (Op comparison : new Op[] {Op.STEP, Op.LESS, Op.LESS_EQUAL, Op.EQUAL, Op.NOT_EQUAL}) {
      RULES.put(comparison, NONE);
    }
    // y = clamp_min(a, b) = max(a, b), torch.clamp's: da += dy where a >= b, db += dy where a < b.
    RULES.put(Op.CLAMP_MIN, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.binary(Op.LESS_EQUAL, n.input(1), n.input(0))));
      d.accumulate(n.input(1), g.mul(dy, g.binary(Op.LESS, n.input(0), n.input(1))));
    });
    // y = clamp_max(a, b) = min(a, b): da += dy where a <= b, db += dy where a > b.
    RULES.put(Op.CLAMP_MAX, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.binary(Op.LESS_EQUAL, n.input(0), n.input(1))));
      d.accumulate(n.input(1), g.mul(dy, g.binary(Op.LESS, n.input(1), n.input(0))));
    });
    // erf' = 2/√π · exp(−x²).
    RULES.put(Op.ERF, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      int x = n.input(0);
      int gauss = g.unary(Op.EXP, g.neg(g.mul(x, x)));
      d.accumulate(x, g.mul(dy, g.mul(g.scalar(TWO_OVER_SQRT_PI), gauss)));
    });
    RULES.put(Op.LOG1P, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.div(dy, g.add(g.scalar(1), n.input(0))));
    });
    // expm1' = exp = y + 1, as PyTorch writes it.
    RULES.put(Op.EXPM1, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.mul(dy, g.add(y, g.scalar(1))));
    });
    // asin' = 1/√(1 − x²), acos' = −1/√(1 − x²): infinite at ±1, as PyTorch.
    RULES.put(Op.ASIN, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().div(dy, cathetus(d.graph(), n.input(0)))));
    RULES.put(Op.ACOS, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.neg(g.div(dy, cathetus(g, n.input(0)))));
    });
    RULES.put(Op.ATAN, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      int x = n.input(0);
      d.accumulate(x, g.div(dy, g.add(g.scalar(1), g.mul(x, x))));
    });
    RULES.put(Op.SINH, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().mul(dy, d.graph().unary(Op.COSH, n.input(0)))));
    RULES.put(Op.COSH, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().mul(dy, d.graph().unary(Op.SINH, n.input(0)))));
    // safe_log' = 1/x, 0 · ∞ = NaN included: kl_div's xlogy(p, p) has PyTorch's NaN gradient at p = 0.
    RULES.put(Op.SAFE_LOG, (d, n, y, dy) -> d.accumulate(n.input(0), d.graph().div(dy, n.input(0))));

    RULES.put(Op.MATMUL, AdjointRules::matmul);
    // y = u ⊗ v: du += dy·v, dv += u·dy; for a vector stretched to rows (u = ones) the sum over them.
    RULES.put(Op.OUTER, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.matmul(dy, n.input(1)));
      d.accumulate(n.input(1), g.matmul(n.input(0), dy));
    });
    // y = ‖x‖: dx += x · dy / y, and 0 where y = 0 (PyTorch's choice at the kink).
    RULES.put(Op.NORM, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      int x = n.input(0);
      d.accumulate(x, g.mul(x, g.binary(Op.SAFE_DIV, dy, y)));
    });
    // y = log Σ exp(x): dx += dy · exp(x − y), the softmax.
    RULES.put(Op.LOGSUMEXP, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      int x = n.input(0);
      d.accumulate(x, g.mul(g.unary(Op.EXP, g.sub(x, y)), dy));
    });
    // The backward-only ops, met when the gradient graph is differentiated again. sign' = 0, as
    // the masks of PyTorch's backward formulas (abs, relu, max) have no derivative.
    RULES.put(Op.SIGN, NONE);
    // y = safe_div(a, b): da += safe_div(dy, b), db += −safe_div(dy · y, b); 0 where b = 0, where the
    // first derivative is the constant 0 (PyTorch's masked_fill in the norm's backward).
    RULES.put(Op.SAFE_DIV, (d, n, y, dy) -> {
      GraphBuilder g = d.graph();
      d.accumulate(n.input(0), g.binary(Op.SAFE_DIV, dy, n.input(1)));
      d.accumulate(n.input(1), g.neg(g.binary(Op.SAFE_DIV, g.mul(dy, y), n.input(1))));
    });
    RULES.put(Op.AMAX, (d, n, y, dy) -> splitBetweenTies(d, n, y, dy, true));
    RULES.put(Op.AMIN, (d, n, y, dy) -> splitBetweenTies(d, n, y, dy, false));

    for (Op op : Op.values()) {
      if (!RULES.containsKey(op)) {
        throw new ExceptionInInitializerError("no adjoint rule for " + op);
      }
    }
    STANDARD = new AdjointRules(RULES);
  }

  private final Map<Op, Rule> table;

  private AdjointRules(Map<Op, Rule> table) {
    this.table = table;
  }

  /** The derivative rules gradgen differentiates with. */
  public static AdjointRules standard() {
    return STANDARD;
  }

  /** A copy of this table with {@code op}'s rule replaced by {@code rule}. */
  public AdjointRules with(Op op, Rule rule) {
    Map<Op, Rule> copy = new EnumMap<>(table);
    copy.put(op, java.util.Objects.requireNonNull(rule));
    return new AdjointRules(copy);
  }

  /** The rule for {@code op}: every op has one (the static check above makes sure of it). */
  public Rule of(Op op) {
    return table.get(op);
  }

  /** {@code √(1 − x²)}. */
  private static int cathetus(GraphBuilder g, int x) {
    return g.unary(Op.SQRT, g.sub(g.scalar(1), g.mul(x, x)));
  }

  /**
   * y = amax(x): the elements equal to y share dy evenly, as {@code torch.amax}: with mask = 1 where
   * x = y (for the max, {@code 1 + sign(x − y)}, since no element exceeds y; for the min {@code 1 −
   * sign(x − y)}), {@code dx += mask · (dy / Σ mask)}.
   */
  private static void splitBetweenTies(Adjoints d, Node n, int y, int dy, boolean max) {
    GraphBuilder g = d.graph();
    int x = n.input(0);
    int sign = g.unary(Op.SIGN, g.sub(x, y));
    int mask = max ? g.add(g.scalar(1), sign) : g.sub(g.scalar(1), sign);
    d.accumulate(x, g.mul(mask, g.div(dy, g.sum(mask))));
  }

  private static void splitByComparison(Adjoints d, Node n, int dy, boolean max) {
    GraphBuilder g = d.graph();
    int a = n.input(0);
    int b = n.input(1);
    int half = g.scalar(0.5);
    int signed = g.mul(half, g.unary(Op.SIGN, g.sub(a, b)));
    int towardA = max ? g.add(half, signed) : g.sub(half, signed);
    int towardB = max ? g.sub(half, signed) : g.add(half, signed);
    d.accumulate(a, g.mul(dy, towardA));
    d.accumulate(b, g.mul(dy, towardB));
  }

  /**
   * The four shapes of the matrix product, each by the same identity: for {@code y = a·b},
   * {@code da += dy·bᵀ} and {@code db += aᵀ·dy}, written without transposing a vector.
   */
  private static void matmul(Adjoints d, Node n, int y, int dy) {
    GraphBuilder g = d.graph();
    int a = n.input(0);
    int b = n.input(1);
    Shape sa = g.shape(a);
    Shape sb = g.shape(b);
    if (sa.rank() == 2 && sb.rank() == 2) {
      d.accumulate(a, g.matmul(dy, g.transpose(b)));
      d.accumulate(b, g.matmul(g.transpose(a), dy));
    } else if (sa.rank() == 2) {
      d.accumulate(a, g.outer(dy, b));
      d.accumulate(b, g.matmul(dy, a));
    } else if (sb.rank() == 2) {
      d.accumulate(a, g.matmul(b, dy));
      d.accumulate(b, g.outer(a, dy));
    } else {
      d.accumulate(a, g.mul(dy, b));
      d.accumulate(b, g.mul(dy, a));
    }
  }
}

package io.gradgen.ir;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * The primitive operations of the tensor IR. Everything a model can say is built from these; the
 * sugar ({@code -}, {@code mean}, {@code dot}, every loss) is lowered to them by the checker. Each
 * primitive's adjoint rule is in {@link io.gradgen.autodiff.AdjointRules}, one entry per constant.
 *
 * <p>Elementwise primitives carry their scalar meaning here ({@link #apply}), used by constant
 * folding; the emitters and the interpreter implement the same meaning, and the three-way tests
 * hold them together.
 */
public enum Op {
  // Leaves.
  /** A trainable tensor; attribute: its name. */
  PARAM(Kind.LEAF),
  /** One sample's input or target; attribute: its name. */
  INPUT(Kind.LEAF),
  /** A fixed tensor; attribute: {@link Values}. */
  CONSTANT(Kind.LEAF),

  // Structure.
  /** A scalar repeated to the node's shape. */
  BROADCAST(Kind.STRUCTURE),
  /** The sum of every element: a scalar. */
  SUM(Kind.STRUCTURE),
  /** A matrix transposed. */
  TRANSPOSE(Kind.STRUCTURE),
  /** An element ({@code m[i, j]}, {@code v[i]}) or a row ({@code m[i]}); attribute: {@link Indices}. */
  INDEX(Kind.STRUCTURE),
  /**
   * Zeros of the node's shape with the operand placed at the indices: the adjoint of INDEX, and
   * how an axis reduction assembles its result from one value per row or column.
   */
  INDEX_ADJOINT(Kind.STRUCTURE),
  /** A class index (scalar operand, rounded) as a one-hot vector of the node's shape; no gradient. */
  ONE_HOT(Kind.STRUCTURE),

  // Elementwise, binary: operands of equal shape.
  ADD(Kind.BINARY, (a, b) -> a + b),
  MUL(Kind.BINARY, (a, b) -> a * b),
  DIV(Kind.BINARY, (a, b) -> a / b),
  POW(Kind.BINARY, Math::pow),
  MAX(Kind.BINARY, Math::max),
  MIN(Kind.BINARY, Math::min),
  /** {@code a / b}, but 0 where {@code b == 0}: the norm's adjoint at 0, as PyTorch. */
  SAFE_DIV(Kind.BINARY, (a, b) -> b == 0.0 ? 0.0 : a / b),
  /**
   * One element of PyTorch's BCELoss of probability {@code a} and target {@code b}, logs clamped at
   * −100 ({@link io.gradgen.runtime.Functions#bce}); a primitive so that its gradient can be
   * PyTorch's, finite at {@code a = 0} and {@code a = 1}.
   */
  BCE(Kind.BINARY, io.gradgen.runtime.Functions::bce),
  /** {@code max(a, b)} as {@code torch.clamp(a, min = b)}: the gradient is a's where a ≥ b, a tie included. */
  CLAMP_MIN(Kind.BINARY, Math::max),
  /** {@code min(a, b)} as {@code torch.clamp(a, max = b)}: the gradient is a's where a ≤ b, a tie included. */
  CLAMP_MAX(Kind.BINARY, Math::min),
  /** 1 where {@code a < b}, else 0 (NaN included); no gradient. {@code a > b} is {@code less(b, a)}. */
  LESS(Kind.BINARY, (a, b) -> a < b ? 1.0 : 0.0),
  /** 1 where {@code a <= b}, else 0; no gradient. */
  LESS_EQUAL(Kind.BINARY, (a, b) -> a <= b ? 1.0 : 0.0),
  /** 1 where {@code a == b}, else 0; no gradient. */
  EQUAL(Kind.BINARY, (a, b) -> a == b ? 1.0 : 0.0),
  /** 1 where {@code a != b} (NaN included), else 0; no gradient. */
  NOT_EQUAL(Kind.BINARY, (a, b) -> a != b ? 1.0 : 0.0),

  // Elementwise, unary.
  NEG(Kind.UNARY, x -> -x),
  EXP(Kind.UNARY, Math::exp),
  LOG(Kind.UNARY, Math::log),
  /**
   * {@code log x}, but 0 where {@code x == 0}: the power's adjoint in its exponent, as PyTorch, and
   * {@code xlogy(p, p) = p · safe_log(p)} in {@code kl_div}, whose derivative stays {@code 1/x}.
   */
  SAFE_LOG(Kind.UNARY, x -> x == 0.0 ? 0.0 : Math.log(x)),
  SQRT(Kind.UNARY, Math::sqrt),
  ABS(Kind.UNARY, Math::abs),
  /** −1, 0 or 1: {@code abs'}, with {@code abs'(0) = 0}. */
  SIGN(Kind.UNARY, Math::signum),
  /** 1 where {@code x > 0}, else 0 (NaN included): {@code relu'}, and the model's {@code step(x)}; no gradient. */
  STEP(Kind.UNARY, x -> x > 0.0 ? 1.0 : 0.0),
  SIN(Kind.UNARY, Math::sin),
  COS(Kind.UNARY, Math::cos),
  TAN(Kind.UNARY, Math::tan),
  TANH(Kind.UNARY, io.gradgen.runtime.Functions::tanh),
  SIGMOID(Kind.UNARY, x -> 1.0 / (1.0 + Math.exp(-x))),
  RELU(Kind.UNARY, x -> x > 0.0 ? x : 0.0),
  /** PyTorch's {@code softplus}: {@code log1p(exp(x))}, and {@code x} itself above 20. */
  SOFTPLUS(Kind.UNARY, x -> x > 20.0 ? x : Math.log1p(Math.exp(x))),
  /** The error function, {@link io.gradgen.runtime.Functions#erf} (Java has none). */
  ERF(Kind.UNARY, io.gradgen.runtime.Functions::erf),
  LOG1P(Kind.UNARY, Math::log1p),
  EXPM1(Kind.UNARY, Math::expm1),
  ASIN(Kind.UNARY, Math::asin),
  ACOS(Kind.UNARY, Math::acos),
  ATAN(Kind.UNARY, Math::atan),
  SINH(Kind.UNARY, Math::sinh),
  COSH(Kind.UNARY, Math::cosh),

  // Linear algebra.
  /** Matrix·matrix, matrix·vector, vector·matrix or vector·vector (a scalar). */
  MATMUL(Kind.LINEAR),
  /** {@code u ⊗ v}: the [m, n] matrix of products; a vector stretched to a matrix's rows is {@code ones ⊗ v}. */
  OUTER(Kind.LINEAR),

  // Reductions that need their own adjoint.
  /** The L2 norm of every element: a scalar. */
  NORM(Kind.REDUCTION),
  /** {@code log(sum(exp(x)))}, computed stably: a scalar. */
  LOGSUMEXP(Kind.REDUCTION),
  /**
   * The largest element, a scalar ({@code torch.amax}); its gradient is split evenly between the
   * elements that tie for it. {@link io.gradgen.optimize.Optimize} writes it (and {@link #AMIN},
   * {@link #ARGMAX}) as a chain of elementwise ops once the graph is differentiated, so no emitter
   * meets it.
   */
  AMAX(Kind.REDUCTION),
  /** The smallest element, a scalar ({@code torch.amin}); ties share the gradient as in AMAX. */
  AMIN(Kind.REDUCTION),
  /** The row-major position of the largest element, the first on a tie ({@code torch.argmax}); no gradient. */
  ARGMAX(Kind.REDUCTION);

  /** How an operation relates its operands' elements to its own. */
  public enum Kind {
    LEAF,
    STRUCTURE,
    BINARY,
    UNARY,
    LINEAR,
    REDUCTION
  }

  private final Kind kind;
  private final DoubleUnaryOperator unary;
  private final DoubleBinaryOperator binary;

  Op(Kind kind) {
    this(kind, null, null);
  }

  Op(Kind kind, DoubleUnaryOperator unary) {
    this(kind, unary, null);
  }

  Op(Kind kind, DoubleBinaryOperator binary) {
    this(kind, null, binary);
  }

  Op(Kind kind, DoubleUnaryOperator unary, DoubleBinaryOperator binary) {
    this.kind = kind;
    this.unary = unary;
    this.binary = binary;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Whether only adjoint rules build this op: a model cannot say it, so a forward graph never holds
   * it, and it needs no adjoint rule of its own to be differentiated once.
   */
  public boolean isBackwardOnly() {
    return switch (this) {
      case SAFE_DIV, SIGN -> true;
      default -> false;
    };
  }

  /** The scalar meaning of a unary elementwise op. */
  public double apply(double x) {
    if (unary == null) {
      throw new IllegalStateException(this + " is not unary elementwise");
    }
    return unary.applyAsDouble(x);
  }

  /** The scalar meaning of a binary elementwise op. */
  public double apply(double a, double b) {
    if (binary == null) {
      throw new IllegalStateException(this + " is not binary elementwise");
    }
    return binary.applyAsDouble(a, b);
  }

  /** The name written in IR dumps: {@code add}, {@code safe_div}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}

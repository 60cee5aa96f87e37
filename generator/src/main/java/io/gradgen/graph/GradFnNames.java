package io.gradgen.graph;

import io.gradgen.ir.Graph;
import io.gradgen.ir.Node;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name PyTorch gives the backward function of a forward node, its {@code grad_fn}, as
 * PyTorchViz's {@code make_dot} labels it: {@code w * x} is {@code MulBackward0}, {@code W @ v}
 * {@code MvBackward0}. Where the IR op has no PyTorch counterpart (a primitive only the checker's
 * lowering or an adjoint rule builds), the name is the op's own, primed: {@code safe_log'}.
 *
 * <pre>
 * of(graph, id of "mul %0 %1")                  → "MulBackward0"
 * of(graph, id of "matmul %W %v" : [2])         → "MvBackward0"
 * of(graph, id of "pow %x %c", %c a constant)   → "PowBackward0"  (PowBackward1 for a tensor exponent)
 * of(graph, id of the div ending "loss mse(yhat, y)")  → "MseLossBackward0"
 * </pre>
 *
 * The names are those PyTorch 1.13 prints for the call a gradgen model's op stands for.
 */
public final class GradFnNames {
  private GradFnNames() {}

  /**
   * The grad_fn name of node {@code id} of {@code graph}: the model function's, where the model
   * text the node computes is one call of a function the checker lowers to several ops ({@code
   * mse(yhat, y)} is {@code MseLossBackward0}, not the {@code DivBackward0} of its last op), else
   * the op's.
   */
  public static String of(Graph graph, int id) {
    String function = graph.provenance().origin(id).filter(origin -> !origin.isBackward())
        .map(origin -> wholeCall(origin.text())).orElse("");
    String name = FUNCTIONS.get(function);
    return name != null ? name : ofOp(graph, id);
  }

  /**
   * The grad_fn PyTorch gives the call a model function stands for, for the functions the checker
   * writes as several ops (PyTorch 1.13, default reductions). {@code softmax_ce} with label
   * smoothing is left out: PyTorch's is then the AddBackward0 of its last op, as the op gives.
   */
  private static final Map<String, String> FUNCTIONS = Map.ofEntries(
      Map.entry("mse", "MseLossBackward0"),
      Map.entry("mae", "MeanBackward0"),
      Map.entry("huber", "HuberLossBackward0"),
      Map.entry("smooth_l1", "SmoothL1LossBackward0"),
      Map.entry("bce", "BinaryCrossEntropyBackward0"),
      Map.entry("bce_logits", "BinaryCrossEntropyWithLogitsBackward0"),
      Map.entry("softmax_ce", "NllLossBackward0"),
      Map.entry("nll", "NllLossBackward0"),
      Map.entry("mean", "MeanBackward0"),
      Map.entry("softmax", "SoftmaxBackward0"),
      Map.entry("log_softmax", "LogSoftmaxBackward0"),
      Map.entry("elu", "EluBackward0"),
      Map.entry("gelu", "GeluBackward0"),
      Map.entry("leaky_relu", "LeakyReluBackward0"),
      Map.entry("silu", "SiluBackward0"),
      Map.entry("logsigmoid", "LogSigmoidBackward0"),
      Map.entry("std", "StdBackward0"),
      Map.entry("dot", "DotBackward0"),
      Map.entry("norm1", "NormBackward1"),
      Map.entry("clamp", "ClampBackward1"));

  /**
   * The function of {@code text} when the expression (after a statement's {@code loss}, {@code
   * output h =} or {@code h =}) is one call of it, written whole: {@code "loss mse(yhat, y)"} →
   * {@code mse}; {@code "mse(a, b) + 1"} → empty. A call with label smoothing is no single PyTorch
   * function.
   */
  static String wholeCall(String text) {
    Matcher call = CALL.matcher(text);
    if (!call.matches() || text.contains("label_smoothing")) {
      return "";
    }
    String arguments = call.group(2);
    int depth = 1;
    for (int i = 0; i < arguments.length(); i++) {
      depth += arguments.charAt(i) == '(' ? 1 : arguments.charAt(i) == ')' ? -1 : 0;
      if (depth == 0 && i < arguments.length() - 1) {
        return "";
      }
    }
    return depth == 0 ? call.group(1) : "";
  }

  private static final Pattern CALL = Pattern.compile(
      "\\s*(?:(?:loss|output|metric)\\s+)?(?:[A-Za-z_]\\w*\\s*=\\s*)?([A-Za-z_]\\w*)\\s*\\((.*?)\\s*", Pattern.DOTALL);

  /** The grad_fn name of node {@code id}'s op. */
  static String ofOp(Graph graph, int id) {
    Node node = graph.node(id);
    return switch (node.op()) {
      case ADD -> "AddBackward0";
      case MUL -> "MulBackward0";
      case DIV -> "DivBackward0";
      case POW -> graph.node(node.input(1)).isConstant() ? "PowBackward0" : "PowBackward1";
      case MAX -> "MaximumBackward0";
      case MIN -> "MinimumBackward0";
      case BCE -> "BinaryCrossEntropyBackward0";
      // torch.clamp(x, min = c) and torch.clamp(x, max = c) are both ClampBackward1.
      case CLAMP_MIN, CLAMP_MAX -> "ClampBackward1";
      case NEG -> "NegBackward0";
      case EXP -> "ExpBackward0";
      case LOG -> "LogBackward0";
      case SQRT -> "SqrtBackward0";
      case ABS -> "AbsBackward0";
      case SIN -> "SinBackward0";
      case COS -> "CosBackward0";
      case TAN -> "TanBackward0";
      case TANH -> "TanhBackward0";
      case SIGMOID -> "SigmoidBackward0";
      case RELU -> "ReluBackward0";
      case SOFTPLUS -> "SoftplusBackward0";
      case ERF -> "ErfBackward0";
      case LOG1P -> "Log1PBackward0";
      case EXPM1 -> "Expm1Backward0";
      case ASIN -> "AsinBackward0";
      case ACOS -> "AcosBackward0";
      case ATAN -> "AtanBackward0";
      case SINH -> "SinhBackward0";
      case COSH -> "CoshBackward0";
      case BROADCAST -> "ExpandBackward0";
      case SUM -> "SumBackward0";
      case TRANSPOSE -> "TBackward0";
      case INDEX -> "SelectBackward0";
      case MATMUL -> matmul(graph, node);
      // torch.outer(u, v) is u[:, None] * v[None, :] in autograd.
      case OUTER -> "MulBackward0";
      case NORM -> "LinalgVectorNormBackward0";
      case LOGSUMEXP -> "LogsumexpBackward0";
      case AMAX -> "AmaxBackward0";
      case AMIN -> "AminBackward0";
      default -> node.op().label() + "'";
    };
  }

  /** torch.matmul's grad_fn depends on its operands' ranks: mm, mv, dot, or a squeezed vector·matrix. */
  private static String matmul(Graph graph, Node node) {
    int left = graph.node(node.input(0)).shape().rank();
    int right = graph.node(node.input(1)).shape().rank();
    if (left == 2 && right == 2) {
      return "MmBackward0";
    }
    if (left == 2) {
      return "MvBackward0";
    }
    return right == 2 ? "SqueezeBackward3" : "DotBackward0";
  }
}

package io.gradgen.check;

import io.gradgen.parse.ExprPrinter;
import io.gradgen.parse.ModelException;
import io.gradgen.parse.ast.Call;
import io.gradgen.parse.ast.Expr;
import io.gradgen.parse.ast.NameRef;
import io.gradgen.runtime.train.OptimizerSpec;
import java.util.List;
import java.util.Map;

/**
 * The arguments of the optimizers that step through a closure, read for {@link TrainingSettings}:
 *
 * <pre>
 * lbfgs(lr = 1, max_iter = 20, max_eval = max_iter·5/4, tolerance_grad = 1e-7, tolerance_change = 1e-9,
 *       history = 100, line_search = none | strong_wolfe)        torch.optim.LBFGS's, in its order
 * newton(lr = 1, damping = 0)
 * </pre>
 *
 * {@code max_eval} defaults as torch's {@code max_iter * 5 // 4} (25 for 20); torch checks none of
 * them, so these are the checks that keep a run meaningful: counts of at least 1, tolerances and
 * damping finite and not negative, the learning rate positive.
 */
final class CurvatureSettings {
  static final List<String> LBFGS = List.of(
      "lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history", "line_search");
  static final List<String> NEWTON = List.of("lr", "damping");
  private static final List<String> LINE_SEARCHES = List.of("none", "strong_wolfe");

  private CurvatureSettings() {}

  /** torch.optim.LBFGS's two argument names that are shorter here, each refused with the name to use. */
  static void requireOurNames(Call call) {
    if (!call.function().equals("lbfgs")) {
      return;
    }
    for (io.gradgen.parse.ast.Argument argument : call.arguments()) {
      String torch = argument.name();
      if ("history_size".equals(torch) || "line_search_fn".equals(torch)) {
        String ours = torch.equals("history_size") ? "history = 10" : "line_search = strong_wolfe";
        throw new ModelException(argument.position(), "lbfgs' " + torch + " (torch.optim.LBFGS's) is '"
            + ours.substring(0, ours.indexOf(' ')) + "' here: lbfgs(" + ours + ")");
      }
    }
  }

  /** {@code call} (lbfgs or newton) with its {@code arguments} by name. */
  static OptimizerSpec optimizer(Call call, Map<String, Expr> arguments) {
    boolean lbfgs = call.function().equals("lbfgs");
    double lr = arguments.containsKey("lr") ? TrainingSettings.positive(arguments.get("lr"), "lr") : 1;
    OptimizerSpec.Curvature defaults = OptimizerSpec.Curvature.DEFAULTS;
    OptimizerSpec.Curvature curvature;
    if (lbfgs) {
      int maxIter = count(arguments, "max_iter", defaults.maxIter());
      curvature = new OptimizerSpec.Curvature(
          maxIter,
          count(arguments, "max_eval", Math.max(1, maxIter * 5 / 4)),
          tolerance(arguments, "tolerance_grad", defaults.toleranceGrad()),
          tolerance(arguments, "tolerance_change", defaults.toleranceChange()),
          count(arguments, "history", defaults.history()),
          strongWolfe(arguments.get("line_search")),
          0);
    } else {
      double damping = arguments.containsKey("damping")
          ? TrainingSettings.nonNegative(arguments.get("damping"), "damping") : 0;
      curvature = new OptimizerSpec.Curvature(defaults.maxIter(), defaults.maxEval(), defaults.toleranceGrad(),
          defaults.toleranceChange(), defaults.history(), false, damping);
    }
    OptimizerSpec.Kind kind = lbfgs ? OptimizerSpec.Kind.LBFGS : OptimizerSpec.Kind.NEWTON;
    return OptimizerSpec.defaults(kind, lr).withCurvature(curvature);
  }

  private static int count(Map<String, Expr> arguments, String name, int otherwise) {
    return arguments.containsKey(name) ? TrainingSettings.positiveInt(arguments.get(name), name) : otherwise;
  }

  private static double tolerance(Map<String, Expr> arguments, String name, double otherwise) {
    return arguments.containsKey(name) ? TrainingSettings.nonNegative(arguments.get(name), name) : otherwise;
  }

  /** {@code line_search = none | strong_wolfe}; none where it is not given. */
  private static boolean strongWolfe(Expr given) {
    if (given == null) {
      return false;
    }
    if (given instanceof NameRef name && LINE_SEARCHES.contains(name.name())) {
      return name.name().equals("strong_wolfe");
    }
    String word = given instanceof NameRef name ? name.name() : ExprPrinter.parenthesized(given);
    throw new ModelException(given.position(), "line_search must be none or strong_wolfe, not '" + word + "'"
        + (given instanceof NameRef name ? Suggestions.didYouMean(name.name(), LINE_SEARCHES) : ""));
  }
}

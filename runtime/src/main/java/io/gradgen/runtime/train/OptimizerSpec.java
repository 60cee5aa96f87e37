package io.gradgen.runtime.train;

/**
 * Which optimizer, with every hyper-parameter resolved (defaults filled in), as {@code torch.optim}
 * names them. Fields that a kind does not use are ignored.
 *
 * <pre>
 * sgd(lr, momentum = 0, dampening = 0, nesterov = false, weight_decay = 0, maximize = false)
 *     kind SGD without momentum, MOMENTUM with it (beta = momentum): torch.optim.SGD
 * momentum(lr, beta = 0.9, nesterov = false)        sgd(lr, momentum = beta, nesterov)
 * adam(lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = 0, amsgrad = false, maximize = false)
 * adamw(lr, beta1, beta2, eps, decay = 0.01, amsgrad = false, maximize = false)
 * rmsprop(lr, alpha = 0.99, eps = 1e-8, momentum = 0, centered = false, weight_decay = 0, maximize = false)
 * adagrad(lr = 0.01, lr_decay = 0, weight_decay = 0, eps = 1e-10, initial_accumulator_value = 0, maximize = false)
 * lbfgs(lr = 1, max_iter = 20, max_eval = max_iter·5/4, tolerance_grad = 1e-7, tolerance_change = 1e-9,
 *       history = 100, line_search = none | strong_wolfe)                torch.optim.LBFGS
 * newton(lr = 1, damping = 0)                                           Newton-CG on Hessian-vector products
 * </pre>
 *
 * The last two take their steps through a closure ({@link Kind#closure()}) and keep their options
 * in {@link #curvature}.
 *
 * {@code beta} is SGD's momentum factor, {@code momentum} RMSprop's; {@code decay} is AdamW's
 * decoupled decay, {@code weightDecay} the L2 term every other kind adds to the gradient. Every new
 * option's default leaves the update exactly as it was before the option existed, which is what
 * {@link #plain()} tells the epoch kernels.
 */
public record OptimizerSpec(
    Kind kind,
    double lr,
    double beta,
    boolean nesterov,
    double beta1,
    double beta2,
    double eps,
    double decay,
    double alpha,
    double dampening,
    double weightDecay,
    boolean maximize,
    boolean amsgrad,
    boolean centered,
    double momentum,
    double lrDecay,
    double initialAccumulator,
    Curvature curvature) {

  public enum Kind {
    SGD,
    MOMENTUM,
    ADAM,
    ADAMW,
    RMSPROP,
    ADAGRAD,
    LBFGS,
    NEWTON;

    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Whether a step evaluates the loss itself, as {@code opt.step(closure)} does, perhaps many
     * times: such a kind has no epoch kernel and no device update rule.
     */
    public boolean closure() {
      return this == LBFGS || this == NEWTON;
    }
  }

  /**
   * The options of {@code lbfgs} ({@code torch.optim.LBFGS}'s, {@code history} its {@code
   * history_size}, {@code strongWolfe} its {@code line_search_fn = "strong_wolfe"}) and {@code
   * newton}'s {@code damping}; ignored by every other kind.
   */
  public record Curvature(int maxIter, int maxEval, double toleranceGrad, double toleranceChange, int history,
      boolean strongWolfe, double damping) {
    /** torch.optim.LBFGS's defaults (max_eval = max_iter * 5 // 4), damping 0. */
    public static final Curvature DEFAULTS = new Curvature(20, 25, 1e-7, 1e-9, 100, false, 0);

    public Curvature {
      if (maxIter < 1 || maxEval < 1 || history < 1) {
        throw new IllegalArgumentException("max_iter, max_eval and history must be at least 1");
      }
      if (!(toleranceGrad >= 0) || !(toleranceChange >= 0) || !(damping >= 0) || Double.isInfinite(damping)) {
        throw new IllegalArgumentException("the tolerances and damping must be numbers of at least 0");
      }
    }
  }

  /** The spec before lbfgs and newton: their options at their defaults. */
  public OptimizerSpec(Kind kind, double lr, double beta, boolean nesterov, double beta1, double beta2, double eps,
      double decay, double alpha, double dampening, double weightDecay, boolean maximize, boolean amsgrad,
      boolean centered, double momentum, double lrDecay, double initialAccumulator) {
    this(kind, lr, beta, nesterov, beta1, beta2, eps, decay, alpha, dampening, weightDecay, maximize, amsgrad,
        centered, momentum, lrDecay, initialAccumulator, Curvature.DEFAULTS);
  }

  /** The spec before the torch.optim options: each of them at its default. */
  public OptimizerSpec(Kind kind, double lr, double beta, boolean nesterov, double beta1, double beta2, double eps,
      double decay, double alpha) {
    this(kind, lr, beta, nesterov, beta1, beta2, eps, decay, alpha, 0, 0, false, false, false, 0, 0, 0);
  }

  /** The kind with its defaults and learning rate {@code lr} (lbfgs' and newton's default is 1). */
  public static OptimizerSpec defaults(Kind kind, double lr) {
    return new OptimizerSpec(kind, lr, 0.9, false, 0.9, 0.999, kind == Kind.ADAGRAD ? 1e-10 : 1e-8, 0.01, 0.99);
  }

  public OptimizerSpec withLr(double newLr) {
    return new OptimizerSpec(kind, newLr, beta, nesterov, beta1, beta2, eps, decay, alpha, dampening, weightDecay,
        maximize, amsgrad, centered, momentum, lrDecay, initialAccumulator, curvature);
  }

  /**
   * The spec with the torch.optim options set (the rest as they are): {@code dampening}, {@code
   * weightDecay}, {@code maximize}, {@code amsgrad}, {@code centered}, RMSprop's {@code momentum},
   * Adagrad's {@code lrDecay} and {@code initialAccumulator}.
   */
  public OptimizerSpec withOptions(double newDampening, double newWeightDecay, boolean newMaximize,
      boolean newAmsgrad, boolean newCentered, double newMomentum, double newLrDecay, double newInitialAccumulator) {
    return new OptimizerSpec(kind, lr, beta, nesterov, beta1, beta2, eps, decay, alpha, newDampening, newWeightDecay,
        newMaximize, newAmsgrad, newCentered, newMomentum, newLrDecay, newInitialAccumulator, curvature);
  }

  /** The spec with lbfgs' or newton's options {@code newCurvature}. */
  public OptimizerSpec withCurvature(Curvature newCurvature) {
    return new OptimizerSpec(kind, lr, beta, nesterov, beta1, beta2, eps, decay, alpha, dampening, weightDecay,
        maximize, amsgrad, centered, momentum, lrDecay, initialAccumulator, newCurvature);
  }

  /** True where every torch.optim option is at its default: the update of the nine-field spec. */
  public boolean plain() {
    return dampening == 0 && weightDecay == 0 && !maximize && !amsgrad && !centered && momentum == 0
        && lrDecay == 0 && initialAccumulator == 0;
  }
}

package io.gradgen.runtime.train;

/**
 * Which optimizer, with every hyper-parameter resolved (defaults filled in), as {@code torch.optim}
 * names them. Fields that a kind does not use are ignored.
 *
 * <pre>
 * sgd(lr)
 * momentum(lr, beta = 0.9, nesterov = false)        torch.optim.SGD(momentum = beta, dampening = 0)
 * adam(lr, beta1 = 0.9, beta2 = 0.999, eps = 1e-8)
 * adamw(lr, beta1, beta2, eps, decay = 0.01)
 * rmsprop(lr, alpha = 0.99, eps = 1e-8)
 * </pre>
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
    double alpha) {

  public enum Kind {
    SGD,
    MOMENTUM,
    ADAM,
    ADAMW,
    RMSPROP;

    public String keyword() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The kind with its defaults and learning rate {@code lr}. */
  public static OptimizerSpec defaults(Kind kind, double lr) {
    return new OptimizerSpec(kind, lr, 0.9, false, 0.9, 0.999, 1e-8, 0.01, 0.99);
  }

  public OptimizerSpec withLr(double newLr) {
    return new OptimizerSpec(kind, newLr, beta, nesterov, beta1, beta2, eps, decay, alpha);
  }
}

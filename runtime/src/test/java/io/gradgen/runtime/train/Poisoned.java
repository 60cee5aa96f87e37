package io.gradgen.runtime.train;

/**
 * An {@link Objective} whose {@code call}-th gradient request (counting from 1) goes wrong: its
 * loss becomes NaN, or every gradient value becomes {@link Double#MAX_VALUE} (finite, but enough to
 * carry a Nesterov step to infinity). Everything else is the inner objective's.
 */
final class Poisoned extends ForwardingObjective {
  enum Fault {
    NAN_LOSS,
    HUGE_GRADIENT
  }

  private final int call;
  private final Fault fault;
  private int calls;

  Poisoned(Objective inner, int call, Fault fault) {
    super(inner);
    this.call = call;
    this.fault = fault;
  }

  @Override
  public double lossAndGradient(int from, int to, double[] gradient) {
    double loss = inner.lossAndGradient(from, to, gradient);
    if (++calls != call) {
      return loss;
    }
    if (fault == Fault.NAN_LOSS) {
      return Double.NaN;
    }
    for (int i = 0; i < gradient.length; i++) {
      gradient[i] = Double.MAX_VALUE;
    }
    return loss;
  }
}

package io.gradgen.runtime.train;

/**
 * Drives an optimizer through the gradients 1, −2, 0.5 from {@code p = 1} at {@code lr = 0.1}, the
 * sequence every optimizer test works out by hand.
 */
final class Steps {
  static final double[] GRADIENTS = {1, -2, 0.5};

  private Steps() {}

  /** The parameter after each of the three steps. */
  static double[] run(Optimizer optimizer) {
    double[] p = {1};
    double[] after = new double[GRADIENTS.length];
    for (int i = 0; i < GRADIENTS.length; i++) {
      optimizer.step(p, new double[] {GRADIENTS[i]}, 0.1);
      after[i] = p[0];
    }
    return after;
  }
}

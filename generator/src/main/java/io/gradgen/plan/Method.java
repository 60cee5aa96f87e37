package io.gradgen.plan;

/**
 * The methods of a generated kernel class, each planned on its own: what it must compute decides
 * which values are live, and so how each is held.
 */
public enum Method {
  /** The summed loss of rows {@code [from, to)}, and their summed gradient added into {@code g}. */
  LOSS_AND_GRADIENT("lossAndGradient"),
  /** The summed loss alone. */
  LOSS("loss"),
  /** The {@code output} of one row. */
  PREDICT("predict"),
  /**
   * A small model's whole epoch of optimizer steps: {@code LOSS_AND_GRADIENT}'s body per batch,
   * then the step of the optimizer its {@code EpochShape} names.
   */
  EPOCH("epoch");

  private final String javaName;

  Method(String javaName) {
    this.javaName = javaName;
  }

  /** The method's name in the kernel contract. */
  public String javaName() {
    return javaName;
  }

  /** Whether the method sums gradients. */
  public boolean trains() {
    return this == LOSS_AND_GRADIENT || this == EPOCH;
  }
}

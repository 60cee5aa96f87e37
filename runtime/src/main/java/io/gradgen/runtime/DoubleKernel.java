package io.gradgen.runtime;

/**
 * The kernel contract for {@code precision f64}. Parameters are one flat array laid out as
 * {@link ModelLayout#params()} says; data is a flat row-major array of rows {@link
 * ModelLayout#rowWidth()} wide.
 *
 * <p>An instance owns scratch space, so one instance serves one thread at a time; {@link #copy()}
 * gives another. None of the methods allocate.
 *
 * <p>For a model without inputs, {@code data} is ignored and the only valid range is {@code [0, 1)}.
 */
public interface DoubleKernel extends Kernel {

  /**
   * The per-sample loss summed over rows {@code [from, to)}, and its gradient with respect to every
   * parameter summed over the same rows and <em>added</em> into {@code gradient}.
   */
  double lossAndGradient(double[] params, double[] data, int from, int to, double[] gradient);

  /** The per-sample loss summed over rows {@code [from, to)}, without the gradient. */
  double loss(double[] params, double[] data, int from, int to);

  /** Writes the model's {@code output} for one row into {@code output[0 .. outputSize)}. */
  void predict(double[] params, double[] data, int row, double[] output);

  /** A new instance with its own scratch space. */
  DoubleKernel copy();
}

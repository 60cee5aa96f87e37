package io.gradgen.runtime.train;

/**
 * What {@code opt.step(closure)} calls: the batch's loss and gradient at given parameters, as a
 * PyTorch user's closure computes them ({@code zero_grad}, the batch's loss reduced as the trainer
 * reduces it, {@code backward}, {@code clip_grad_norm_}). {@link Lbfgs} calls it as often as its
 * iterations and line search need; {@link Newton} also asks for Hessian-vector products.
 */
interface Closure {

  /**
   * The batch's loss at {@code params} (mean or sum, as the run reduces), its gradient written into
   * {@code gradient} (reduced the same way, then clipped where the run clips). The objective then
   * holds {@code params}; an f32 objective rounds them in place to the values it used.
   */
  double evaluate(double[] params, double[] gradient);

  /**
   * The batch's Hessian-vector product {@code H·direction} at the parameters of the last {@link
   * #evaluate}, reduced as the gradient (a mean divides the sum over the rows by their count; no
   * clipping: {@code clip_grad_norm_} scales the gradient, not the curvature), into {@code
   * hessianVector}.
   */
  void hessianVector(double[] direction, double[] hessianVector);
}

package io.gradgen.plot;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.TrainingListener;

/**
 * The second panel of {@code --plot}, heard during training and drawn once it is over: the loss
 * surface over two scalar params with their path ({@link ParameterPath}), or for any other model
 * the loss on a random plane through the final params with the path projected onto it ({@link
 * RandomPlane}).
 *
 * <pre>
 * Landscape landscape = Landscape.of(layout, PlotParams.parse("w[0,1],b", layout), start);
 * trainer.train(objective, start, null, landscape);      // it hears every step
 * TrainingPlot.write(file, layout, history, landscape, objective, split, result.params());
 * </pre>
 */
public abstract class Landscape implements TrainingListener {
  Landscape() {}

  /**
   * What {@code --plot} draws beside the loss curves for {@code layout}, starting at {@code start}:
   * the surface over {@code chosen} when given; over the two scalar params of a model that has
   * exactly those; else over a random plane; null for a model with fewer than two param elements,
   * whose parameter space has no plane in it.
   */
  public static Landscape of(ModelLayout layout, PlotParams chosen, double[] start) {
    if (chosen != null) {
      return new ParameterPath(chosen, layout.parameterCount() > 2, start);
    }
    if (ParameterPath.fits(layout)) {
      return new ParameterPath(layout, start);
    }
    return layout.parameterCount() >= 2 ? new RandomPlane(layout, start) : null;
  }

  /**
   * The panel: the loss over the training rows ({@code split} as the run used it) on a grid of
   * {@code n}×{@code n} points, computed by {@code objective}, around the path ending at {@code
   * finals}, the run's final params.
   */
  abstract SurfacePanel panel(Objective objective, Double split, double[] finals, int n);
}

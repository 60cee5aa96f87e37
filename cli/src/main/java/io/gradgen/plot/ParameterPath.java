package io.gradgen.plot;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Thinned;
import java.util.ArrayList;
import java.util.List;

/**
 * The way two scalar params (or two param elements, {@code --plot-params}) went during training,
 * heard step by step: the start, then the point after every step (thinned to at most {@link
 * #MAX_POINTS} evenly spaced steps on a long run), and the point after every epoch (thinned the same
 * way). Its panel is the loss over those two, every other param held at its final value.
 *
 * <pre>
 * ParameterPath path = new ParameterPath(layout, start);   // layout: param w = -15, param b = -10
 * trainer.train(objective, start, null, path);
 * path.points()   // [[-15, -10], [-14.2, -9.6], ...]
 * </pre>
 */
public final class ParameterPath extends Landscape {
  static final int MAX_POINTS = 20_000;

  private final String first;
  private final String second;
  private final int i;
  private final int j;
  private final boolean others;
  private final Thinned<double[]> steps = new Thinned<>(MAX_POINTS);
  private final Thinned<double[]> epochs = new Thinned<>(MAX_POINTS);
  private double[] last;

  /** The path of a model with exactly two scalar params ({@link #fits}), from {@code start}. */
  public ParameterPath(ModelLayout layout, double[] start) {
    this(twoScalars(layout), false, start);
  }

  private static PlotParams twoScalars(ModelLayout layout) {
    if (!fits(layout)) {
      throw new IllegalArgumentException("model " + layout.modelName() + " has not exactly two scalar params");
    }
    return new PlotParams(layout.params().get(0).name(), layout.params().get(0).offset(), layout.params().get(1).name(),
        layout.params().get(1).offset());
  }

  /** The path of the two elements {@code chosen}; {@code others}: the model has more params than these. */
  ParameterPath(PlotParams chosen, boolean others, double[] start) {
    this.first = chosen.first();
    this.second = chosen.second();
    this.i = chosen.firstOffset();
    this.j = chosen.secondOffset();
    this.others = others;
    steps.add(new double[] {start[i], start[j]}, 0);
    last = new double[] {start[i], start[j]};
  }

  /** Whether the model has exactly two params and both are scalars: the surface can be drawn. */
  public static boolean fits(ModelLayout layout) {
    return layout.params().size() == 2
        && layout.params().get(0).shape().isEmpty()
        && layout.params().get(1).shape().isEmpty();
  }

  @Override
  public void step(long step, double[] params) {
    last = new double[] {params[i], params[j]};
    steps.add(last, step);
  }

  @Override
  public void epoch(EpochRecord record) {
    epochs.add(last, record.epoch());
  }

  @Override
  SurfacePanel panel(Objective objective, Double split, double[] finals, int n) {
    LossSurface surface = LossSurface.sample(objective, split, this, finals, n);
    return new SurfacePanel(surface, points(), epochEnds(), "loss over (" + first + ", " + second + ") and the path taken",
        others ? "every other param at its final value" : null, first, second);
  }

  String firstName() {
    return first;
  }

  String secondName() {
    return second;
  }

  int firstOffset() {
    return i;
  }

  int secondOffset() {
    return j;
  }

  /** The start, the kept steps, and always the last point heard. */
  List<double[]> points() {
    List<double[]> points = new ArrayList<>(steps.items());
    if (points.get(points.size() - 1) != last) {
      points.add(last);
    }
    return points;
  }

  /** The point after each kept epoch. */
  List<double[]> epochEnds() {
    return List.copyOf(epochs.items());
  }
}

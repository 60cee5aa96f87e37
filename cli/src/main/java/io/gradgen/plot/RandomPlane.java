package io.gradgen.plot;

import io.gradgen.runtime.ModelLayout;
import io.gradgen.runtime.train.EpochRecord;
import io.gradgen.runtime.train.Objective;
import io.gradgen.runtime.train.Thinned;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The loss landscape of a model without exactly two scalar params (Li et al., <i>Visualizing the
 * Loss Landscape of Neural Nets</i>, 2018): the loss at {@code θ* + x·d1 + y·d2}, θ* the final
 * params, over a plane spanned by two random directions, with the path the params took projected
 * onto it.
 *
 * <p>The directions: {@code new java.util.Random(}{@value #SEED}{@code )}, then {@code
 * nextGaussian()} for every element of {@code d1} in the flat layout (declaration order,
 * row-major), then for every element of {@code d2}; each param tensor's part of each direction is
 * then scaled to that tensor's norm in θ* (filter normalisation at the granularity of a param
 * tensor), so a step of 1 along a direction moves every tensor by its own size. A tensor that ends
 * at zero gets no share of either direction, as Li et al. leave out what has no scale; when every
 * tensor ends at zero, each tensor's part is scaled to norm 1 instead.
 *
 * <p>The path: each point θ_t (the start, every optimizer step thinned as {@link ParameterPath}
 * thins it, the epoch ends) becomes the (x, y) whose {@code x·d1 + y·d2} is nearest θ_t − θ* in the
 * least-squares sense: the 2×2 normal equations, the directions not being orthogonal in general.
 * The last point is θ* itself, (0, 0). So that a run of any length keeps no more than two numbers
 * per param tensor and point, a point is heard as its tensors' dot products with the raw
 * directions, {@code d·(θ_t − θ*)} being the tensor scales times their differences.
 *
 * <p>The grid spans the projected path's box widened as {@link LossSurface} widens it, and always
 * {@code [-1, 1]} in both: the neighbourhood Li et al. draw.
 *
 * <pre>
 * RandomPlane plane = new RandomPlane(layout, start);   // a tanh network: W1[8,1], b1[8], W2[1,8], b2
 * trainer.train(objective, start, null, plane);
 * plane.panel(objective, null, result.params(), 101)   // the loss near θ*, the path ending at (0, 0)
 * </pre>
 */
final class RandomPlane extends Landscape {
  static final long SEED = 0;

  private final int[] offsets;
  private final int[] sizes;
  private final double[] first;
  private final double[] second;
  private final Thinned<double[]> steps = new Thinned<>(ParameterPath.MAX_POINTS);
  private final Thinned<double[]> epochs = new Thinned<>(ParameterPath.MAX_POINTS);
  private double[] last;

  RandomPlane(ModelLayout layout, double[] start) {
    int tensors = layout.params().size();
    offsets = new int[tensors];
    sizes = new int[tensors];
    for (int t = 0; t < tensors; t++) {
      offsets[t] = layout.params().get(t).offset();
      sizes[t] = layout.params().get(t).size();
    }
    Random random = new Random(SEED);
    first = gaussian(random, layout.parameterCount());
    second = gaussian(random, layout.parameterCount());
    last = dots(start);
    steps.add(last, 0);
  }

  private static double[] gaussian(Random random, int count) {
    double[] values = new double[count];
    for (int k = 0; k < count; k++) {
      values[k] = random.nextGaussian();
    }
    return values;
  }

  @Override
  public void step(long step, double[] params) {
    last = dots(params);
    steps.add(last, step);
  }

  @Override
  public void epoch(EpochRecord record) {
    epochs.add(last, record.epoch());
  }

  /** Each tensor's dot product with the first raw direction, then each one's with the second. */
  private double[] dots(double[] params) {
    int tensors = offsets.length;
    double[] dots = new double[2 * tensors];
    for (int t = 0; t < tensors; t++) {
      double a = 0;
      double b = 0;
      for (int k = offsets[t]; k < offsets[t] + sizes[t]; k++) {
        a += first[k] * params[k];
        b += second[k] * params[k];
      }
      dots[t] = a;
      dots[tensors + t] = b;
    }
    return dots;
  }

  /** The plane's directions for the final params {@code finals}: {@code [d1, d2]}, flat. */
  double[][] directions(double[] finals) {
    double[][] scales = scales(finals);
    double[] d1 = new double[first.length];
    double[] d2 = new double[second.length];
    for (int t = 0; t < offsets.length; t++) {
      for (int k = offsets[t]; k < offsets[t] + sizes[t]; k++) {
        d1[k] = scales[0][t] * first[k];
        d2[k] = scales[1][t] * second[k];
      }
    }
    return new double[][] {d1, d2};
  }

  /** Per tensor, the factor that brings each raw direction to the tensor's final norm. */
  private double[][] scales(double[] finals) {
    int tensors = offsets.length;
    double[] norms = new double[tensors];
    boolean allZero = true;
    for (int t = 0; t < tensors; t++) {
      norms[t] = norm(finals, offsets[t], sizes[t]);
      allZero &= norms[t] == 0;
    }
    double[][] scales = new double[2][tensors];
    for (int t = 0; t < tensors; t++) {
      double target = allZero ? 1 : norms[t];
      scales[0][t] = target / norm(first, offsets[t], sizes[t]);
      scales[1][t] = target / norm(second, offsets[t], sizes[t]);
    }
    return scales;
  }

  private static double norm(double[] values, int from, int size) {
    double sum = 0;
    for (int k = from; k < from + size; k++) {
      sum += values[k] * values[k];
    }
    return Math.sqrt(sum);
  }

  /** The points heard, the start first and the last always, as plane coordinates for {@code finals}. */
  List<double[]> points(double[] finals) {
    List<double[]> heard = new ArrayList<>(steps.items());
    if (heard.get(heard.size() - 1) != last) {
      heard.add(last);
    }
    return project(heard, finals);
  }

  /** The point after each kept epoch, as plane coordinates for {@code finals}. */
  List<double[]> epochEnds(double[] finals) {
    return project(epochs.items(), finals);
  }

  private List<double[]> project(List<double[]> heard, double[] finals) {
    int tensors = offsets.length;
    double[][] scales = scales(finals);
    double[][] d = directions(finals);
    double g11 = dot(d[0], d[0]);
    double g12 = dot(d[0], d[1]);
    double g22 = dot(d[1], d[1]);
    double det = g11 * g22 - g12 * g12;
    // Collinear directions (every tensor but a one-element one ends at zero, say) span a line:
    // project onto d1 alone.
    boolean line = !(det > 1e-12 * g11 * g22);
    double[] end = dots(finals);
    List<double[]> points = new ArrayList<>(heard.size());
    for (double[] point : heard) {
      double u1 = 0;
      double u2 = 0;
      for (int t = 0; t < tensors; t++) {
        u1 += scales[0][t] * (point[t] - end[t]);
        u2 += scales[1][t] * (point[tensors + t] - end[tensors + t]);
      }
      points.add(line
          ? new double[] {g11 > 0 ? u1 / g11 : 0, 0}
          : new double[] {(g22 * u1 - g12 * u2) / det, (g11 * u2 - g12 * u1) / det});
    }
    return points;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += a[k] * b[k];
    }
    return sum;
  }

  @Override
  SurfacePanel panel(Objective objective, Double split, double[] finals, int n) {
    List<double[]> points = points(finals);
    double[][] d = directions(finals);
    double[] d1 = d[0];
    double[] d2 = d[1];
    double[] params = new double[finals.length];
    LossSurface surface = LossSurface.sample(objective, split, "x", "y", window(points, 0), window(points, 1), n,
        (x, y, into) -> {
          for (int k = 0; k < into.length; k++) {
            into[k] = finals[k] + x * d1[k] + y * d2[k];
          }
        }, params);
    return new SurfacePanel(surface, points, epochEnds(finals),
        "loss on a random plane through the final params, and the path projected onto it",
        "params = final + x·d1 + y·d2; d1, d2 random (seed " + SEED + "), scaled to each param tensor's norm",
        "x (along d1)", "y (along d2)");
  }

  /** The projected path's extent widened as the surface's, and at least [-1, 1]. */
  static double[] window(List<double[]> points, int axis) {
    double[] range = LossSurface.range(points, axis);
    return new double[] {Math.min(-1, range[0]), Math.max(1, range[1])};
  }
}

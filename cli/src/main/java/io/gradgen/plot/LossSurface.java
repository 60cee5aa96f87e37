package io.gradgen.plot;

import io.gradgen.runtime.train.Objective;
import java.util.List;

/**
 * The training loss over a grid of (x, y) values around a path (two params' values, {@link
 * ParameterPath}, or a plane's coordinates, {@link RandomPlane}): the mean
 * per-sample loss over the training rows (the first {@code round(split·N)} rows with {@code
 * split}, all of them without; the one row of a model without inputs), computed by the model's own
 * objective, the quantity the train-loss curve shows per epoch.
 *
 * <p>The grid spans the path's bounding box widened by {@link #MARGIN} of its extent on each side
 * (a param that did not move gets a span of its magnitude, at least 1). {@code loss[row][col]} is
 * at {@code (x(col), y(row))}; points where the loss is not finite stay NaN.
 *
 * <pre>
 * LossSurface s = LossSurface.sample(objective, null, path, 101);
 * s.loss()[50][50]   // the loss at the grid's centre
 * </pre>
 */
record LossSurface(String xName, String yName, double x0, double x1, double y0, double y1, double[][] loss) {
  static final double MARGIN = 0.2;

  /** Objective evaluations, times rows, that a surface may cost before its grid gets coarser. */
  static final double BUDGET = 2e8;

  double x(int col) {
    return x0 + (x1 - x0) * col / (loss[0].length - 1);
  }

  double y(int row) {
    return y0 + (y1 - y0) * row / (loss.length - 1);
  }

  /** Points per side for {@code rows} data rows: 101, fewer (down to 41) for large data sets. */
  static int resolution(int rows) {
    return (int) Math.max(41, Math.min(101, Math.sqrt(BUDGET / Math.max(1, rows))));
  }

  /** Rows times param elements that a surface's grid may cost, for a model of more than two. */
  static final double WORK = 1e10;

  /**
   * Points per side for a model of {@code params} param elements over {@code rows} rows: as {@link
   * #resolution(int)} for two; for more, where every point costs a pass over every param, 101 down
   * to 21 as rows times elements grow (a network of 10,000 weights over 10,000 rows gets 21).
   */
  static int resolution(int rows, int params) {
    if (params <= 2) {
      return resolution(rows);
    }
    return (int) Math.max(21, Math.min(101, Math.sqrt(WORK / ((double) Math.max(1, rows) * params))));
  }

  /** Where the grid's point {@code (x, y)} lies in parameter space: writes the params there. */
  interface Placement {
    void place(double x, double y, double[] params);
  }

  /** Over the path's two params, a model of those two alone. */
  static LossSurface sample(Objective objective, Double split, ParameterPath path, int n) {
    return sample(objective, split, path, new double[objective.layout().parameterCount()], n);
  }

  /** Over the path's two params, every other param at its value in {@code base}. */
  static LossSurface sample(Objective objective, Double split, ParameterPath path, double[] base, int n) {
    int i = path.firstOffset();
    int j = path.secondOffset();
    double[] params = base.clone();
    return sample(objective, split, path.firstName(), path.secondName(), range(path.points(), 0),
        range(path.points(), 1), n, (x, y, into) -> {
          into[i] = x;
          into[j] = y;
        }, params);
  }

  /**
   * Over {@code xs[0]..xs[1]} by {@code ys[0]..ys[1]}, the params of each point placed into {@code
   * params} by {@code at} (which keeps what it does not write).
   */
  static LossSurface sample(Objective objective, Double split, String xName, String yName, double[] xs, double[] ys,
      int n, Placement at, double[] params) {
    int trainRows = trainRows(objective, split);
    double[][] loss = new double[n][n];
    objective.arrange(new int[0]);
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < n; col++) {
        at.place(xs[0] + (xs[1] - xs[0]) * col / (n - 1), ys[0] + (ys[1] - ys[0]) * row / (n - 1), params);
        objective.setParameters(params);
        double value = objective.loss(0, trainRows) / trainRows;
        loss[row][col] = Double.isFinite(value) ? value : Double.NaN;
      }
    }
    return new LossSurface(xName, yName, xs[0], xs[1], ys[0], ys[1], loss);
  }

  /** The rows the trainer trains on, as {@code Rows} counts them. */
  static int trainRows(Objective objective, Double split) {
    if (!objective.layout().hasInputs()) {
      return 1;
    }
    return split == null ? objective.rows() : (int) Math.round(split * objective.rows());
  }

  /** The points' extent along {@code axis}, widened by {@link #MARGIN} (or their magnitude when flat). */
  static double[] range(List<double[]> points, int axis) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] point : points) {
      lo = Math.min(lo, point[axis]);
      hi = Math.max(hi, point[axis]);
    }
    double extent = hi - lo;
    if (!(extent > 1e-12 * Math.max(1, Math.abs(hi)))) {
      double half = Math.max(1, Math.abs(hi)) / 2;
      return new double[] {lo - half, hi + half};
    }
    return new double[] {lo - MARGIN * extent, hi + MARGIN * extent};
  }
}
